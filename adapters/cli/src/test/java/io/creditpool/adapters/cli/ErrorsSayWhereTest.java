package io.creditpool.adapters.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mistakes of rules/ANALYSTS.md, "What an error says", taken from the guide itself: each, saved in an exported
 * rule set, makes {@code ./creditpool rules check} (run as its own process, with the shipped logging settings) print
 * the lines the guide shows, with file, line and rule, exit 3, and print no log line of the engine's.
 */
class ErrorsSayWhereTest {
    @TempDir
    Path dir;

    /** Pairs of a DRL block and the text block after it, from the guide's section. */
    private static List<String[]> mistakes() throws IOException {
        String guide = Files.readString(Path.of("../../rules/ANALYSTS.md"));
        String section = guide.substring(guide.indexOf("### What an error says"),
                guide.indexOf("Warnings point at rules Drools accepts"));
        Matcher m = Pattern.compile("```drl\n(.*?)```\\s*```text\n(.*?)```", Pattern.DOTALL).matcher(section);
        List<String[]> pairs = new ArrayList<>();
        while (m.find()) {
            pairs.add(new String[] {m.group(1), m.group(2)});
        }
        return pairs;
    }

    /** {@code ./creditpool ARGS} in a new JVM with the shipped logback.xml; answers exit code, stdout, stderr. */
    private static String[] creditpool(String... args) throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dlogback.configurationFile=" + Path.of("src/main/resources/logback.xml").toAbsolutePath(),
                CreditpoolCommand.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        var out = p.getInputStream();
        var err = p.getErrorStream();
        byte[][] read = new byte[2][];
        Thread errReader = new Thread(() -> {
            try {
                read[1] = err.readAllBytes();
            } catch (IOException e) {
                read[1] = e.toString().getBytes(StandardCharsets.UTF_8);
            }
        });
        errReader.start();
        read[0] = out.readAllBytes();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        errReader.join();
        return new String[] {Integer.toString(p.exitValue()), new String(read[0], StandardCharsets.UTF_8),
                new String(read[1], StandardCharsets.UTF_8)};
    }

    @Test
    void everyMistakeOfTheGuideIsToldAtItsFileLineAndRuleWithoutTheEnginesLog() throws Exception {
        List<String[]> mistakes = mistakes();
        assertThat(mistakes).hasSize(4);
        Path rules = dir.resolve("my-rules");
        Cli cli = new Cli();
        assertThat(cli.run("rules", "export", rules.toString())).isZero();
        for (String[] mistake : mistakes) {
            Files.writeString(rules.resolve("mistakes.drl"), mistake[0]);
            String[] run = creditpool("rules", "check", rules.toString());
            assertThat(run[0]).as(run[1] + run[2]).isEqualTo(Integer.toString(CreditpoolCommand.BROKEN_POLICY));
            for (String line : mistake[1].strip().split("\n")) {
                assertThat(run[1]).as("rules check says, for:\n" + mistake[0]).contains(line);
            }
            assertThat(run[1] + run[2]).doesNotContain("KieProject").doesNotContain("level=ERROR")
                    .doesNotContain("[ERR ").doesNotContain("Parser returned");
        }
    }
}
