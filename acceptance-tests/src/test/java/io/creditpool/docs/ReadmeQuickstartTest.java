package io.creditpool.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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
 * The README's quickstart runs as a newcomer runs it: its two commands are {@code ./creditpool serve} and the test
 * command {@code .ci/run} runs; then, with a {@code serve} this test starts in a folder of its own (its store in
 * {@code ./data} there, on a free port the README's {@code localhost:8080} is turned into), every {@code sh} block
 * of the section runs with bash, one after the other as one shell session, and each answer holds every field the
 * README shows under its command ({@code "name":value}, rule names; not the rules' version or instants, which vary).
 * {@code ./creditpool} in that folder runs the command line from this build's class path, as the launcher runs the
 * jar ({@link LocalServe}).
 */
class ReadmeQuickstartTest {
    private static final String HEADING = "## Quickstart";
    private static final String TEST_COMMAND = "mvn -B verify";
    private static final String END_OF_BLOCK = "@@ end of block @@";
    private static final Pattern FIELD = Pattern.compile(
            "\"([A-Za-z_]+)\":(\"(?:[^\"\\\\]|\\\\.)*\"|-?\\d+(?:\\.\\d+)?|true|false|null)");
    private static final Pattern RULES = Pattern.compile("\"rules\":\\[([^\\]]*)\\]");
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Test
    void theQuickstartsCommandsAreServeAndTheTestCommandCiRuns() throws IOException {
        Path root = Markdown.root();
        List<Markdown.Block> blocks = Markdown.blocks(Markdown.lines(root.resolve("README.md")), HEADING);
        assertThat(blocks).as("sh blocks under " + HEADING).isNotEmpty();
        List<String> commands = commands(blocks.get(0));
        assertThat(commands).containsExactly("./creditpool serve", TEST_COMMAND);
        assertThat(Files.readAllLines(root.resolve(".ci/run"))).as(".ci/run runs the README's test command")
                .contains(TEST_COMMAND);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everyLineOfTheQuickstartAnswersAsTheReadmeShows(@TempDir Path folder) throws Exception {
        Path root = Markdown.root();
        List<Markdown.Block> blocks = Markdown.blocks(Markdown.lines(root.resolve("README.md")), HEADING);
        List<Markdown.Block> session = blocks.subList(1, blocks.size());
        assertThat(session).as("the quickstart's calls: key, team, member, consumption, top-up, the team")
                .hasSizeGreaterThanOrEqualTo(6).allMatch(b -> b.language().equals("sh"));
        assertThat(available("bash")).as("bash").isTrue();
        assertThat(available("curl")).as("curl, which the quickstart's lines use").isTrue();

        try (LocalServe serve = LocalServe.start(folder)) {
            StringBuilder script = new StringBuilder("set -euo pipefail\n");
            for (Markdown.Block block : session) {
                for (String command : commands(block)) {
                    script.append(command.replace("localhost:8080", "localhost:" + serve.port())).append('\n');
                }
                script.append("echo; echo '").append(END_OF_BLOCK).append("'\n");
            }
            Files.writeString(folder.resolve("quickstart.sh"), script);
            Process bash = new ProcessBuilder("bash", "quickstart.sh").directory(folder.toFile())
                    .redirectErrorStream(true).start();
            String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(bash.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(bash.exitValue()).as("the quickstart's lines, as run:%n%s%nwhat they printed:%n%s", script,
                    output).isZero();

            String[] answers = output.split(Pattern.quote(END_OF_BLOCK), -1);
            assertThat(answers).hasSize(session.size() + 1);
            for (int i = 0; i < session.size(); i++) {
                String shown = shownAnswer(session.get(i));
                List<String> commands = commands(session.get(i));
                if (!shown.isEmpty()) {
                    assertThat(missing(shown, answers[i])).as("%s%nanswered:%n%s%nwhat the README shows and the "
                            + "answer lacks", String.join("\n", commands), answers[i].strip()).isEmpty();
                }
            }
        }
    }

    @Test
    void aFieldOrARuleTheAnswerLacksIsFound() {
        assertThat(missing("{\"accepted\":true,\"rules\":[\"Top-up credits never expire\"],\"balance\":2380,"
                        + "\"rules_version\":\"4a8a049a38b0\",\"at\":\"2026-12-07T14:00:13Z\"}",
                "{\"accepted\":true,\"rules\":[\"Top-up credits expire\"],\"balance\":2381,\"rules_version\":\"0\","
                        + "\"at\":\"2027-01-01T00:00:00Z\"}"))
                .containsExactly("\"balance\":2380", "rule \"Top-up credits never expire\"");
        assertThat(missing("API key 773385b74186 for my-product created; it is shown only this once",
                "API key 0123456789ab for my-product created; it is shown only this once")).isEmpty();
        assertThat(missing("API key 773385b74186 for my-product created", "no such command")).hasSize(1);
    }

    /** What of {@code shown} (an answer as the README shows it) {@code actual} lacks. */
    static List<String> missing(String shown, String actual) {
        List<String> missing = new ArrayList<>();
        if (!shown.startsWith("{")) {
            // words as shown; a word with a digit (an id) may be any word
            StringBuilder pattern = new StringBuilder();
            for (String word : shown.split("\\s+")) {
                pattern.append(pattern.length() == 0 ? "" : "\\s+")
                        .append(word.matches(".*\\d.*") ? "\\S+" : Pattern.quote(word));
            }
            if (!Pattern.compile(pattern.toString()).matcher(actual).find()) {
                missing.add(shown);
            }
            return missing;
        }
        Matcher field = FIELD.matcher(shown);
        while (field.find()) {
            boolean varies = field.group(1).equals("rules_version")
                    || field.group(2).matches("\"\\d{4}-\\d\\d-\\d\\dT.*\"");
            if (!varies && !actual.contains(field.group())) {
                missing.add(field.group());
            }
        }
        Matcher rules = RULES.matcher(shown);
        while (rules.find()) {
            Matcher rule = STRING.matcher(rules.group(1));
            while (rule.find()) {
                if (!actual.contains(rule.group())) {
                    missing.add("rule " + rule.group());
                }
            }
        }
        return missing;
    }

    /** The block's command lines: every line but the comments, a trailing comment cut off, blank lines dropped. */
    private static List<String> commands(Markdown.Block block) {
        List<String> commands = new ArrayList<>();
        for (String line : block.lines()) {
            if (line.strip().startsWith("#") || line.isBlank()) {
                continue;
            }
            commands.add(line.replaceAll("\\s+#\\s.*$", "").stripTrailing());
        }
        return commands;
    }

    /** The answer the README shows under the block's commands: its comment lines, joined as one. */
    private static String shownAnswer(Markdown.Block block) {
        StringBuilder shown = new StringBuilder();
        for (String line : block.lines()) {
            if (line.strip().startsWith("#")) {
                shown.append(line.strip().substring(1).strip());
            }
        }
        return shown.toString();
    }

    private static boolean available(String command) throws Exception {
        return new ProcessBuilder("sh", "-c", "command -v " + command).start().waitFor() == 0;
    }
}
