package io.creditpool.adapters.cli;

import io.creditpool.rules.RulesSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An analyst's change from start to end, done the way rules/ANALYSTS.md says, with the rules, plans and scenarios
 * taken from the guide itself (so the guide cannot drift from what works): export the shipped rules, add a plan with
 * a new tier and let it have auto top-up, change a member-limit rule, check the change with its scenarios.
 */
class AnalystWalkthroughTest {
    static final Path GUIDE = Path.of("../rules/ANALYSTS.md");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void forgetTheSetting() {
        System.clearProperty(RulesSettings.PROPERTY);
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cl = new CommandLine(new CreditpoolCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    /** The fenced blocks of {@code language} in the guide's section under {@code heading}, in order. */
    static List<String> blocks(String heading, String language) throws IOException {
        String guide = Files.readString(GUIDE);
        int start = guide.indexOf("\n" + heading + "\n");
        assertThat(start).as("ANALYSTS.md has a section \"%s\"", heading).isNotNegative();
        String level = heading.substring(0, heading.indexOf(' ') + 1);
        Matcher next = Pattern.compile("\n#{1," + (level.length() - 1) + "} ").matcher(guide);
        int end = next.find(start + heading.length() + 1) ? next.start() : guide.length();
        Matcher block = Pattern.compile("(?s)```" + language + "\n(.*?)```").matcher(guide.substring(start, end));
        List<String> found = new ArrayList<>();
        while (block.find()) {
            found.add(block.group(1));
        }
        assertThat(found).as("```%s blocks under \"%s\"", language, heading).isNotEmpty();
        return found;
    }

    /** {@code text} with the rule named {@code name} (from its {@code rule} line through its {@code end}) replaced. */
    static String replaceRule(String text, String name, String with) {
        Matcher rule = Pattern.compile("(?ms)^rule \"" + Pattern.quote(name) + "\".*?^end\n").matcher(text);
        assertThat(rule.find()).as("a rule named \"%s\"", name).isTrue();
        return text.substring(0, rule.start()) + with + text.substring(rule.end());
    }

    /** The rules of a DRL snippet, each from its {@code rule} line through its {@code end}. */
    static List<String> rules(String drl) {
        Matcher rule = Pattern.compile("(?ms)^rule \".*?^end\n").matcher(drl);
        List<String> found = new ArrayList<>();
        while (rule.find()) {
            found.add(rule.group());
        }
        return found;
    }

    /**
     * Steps 1 to 3 of the guide: export, add the business tier's plan and rules, add the member-limit rule, write
     * their scenarios, check. Returns the changed folder.
     */
    Path changedRules() throws IOException {
        Path rules = dir.resolve("my-rules");
        assertThat(run("rules", "export", rules.toString())).isZero();

        // a plan with a new tier, and the scenario that shows what the tier should get
        String plan = blocks("### A plan with a new tier", "csv").get(0);
        Files.writeString(rules.resolve("plans.csv"), Files.readString(rules.resolve("plans.csv")) + plan);
        Files.writeString(rules.resolve("scenarios/business-auto-top-up.yaml"),
                blocks("### A plan with a new tier", "yaml").get(0));

        // the plan alone does not give the tier auto top-up: the check runs the scenario and says so
        assertThat(run("rules", "check", rules.toString())).as(out + "" + err).isEqualTo(CreditpoolCommand.FAILED);
        assertThat(out.toString()).contains("plan-not-eligible", "0 of 1 scenario(s) passed");

        // the two auto top-up rules, changed as the guide shows
        List<String> tierRules = rules(blocks("### A plan with a new tier", "drl").get(0));
        assertThat(tierRules).hasSize(2);
        Path autoTopUp = rules.resolve("auto-top-up.drl");
        String drl = Files.readString(autoTopUp);
        drl = replaceRule(drl, "Auto top-up is for enterprise plans only", tierRules.get(0));
        drl = replaceRule(drl, "Enterprise teams may turn on auto top-up", tierRules.get(1));
        Files.writeString(autoTopUp, drl);

        // a changed member-limit rule, and its scenario
        Path limits = rules.resolve("member-limits.drl");
        Files.writeString(limits, Files.readString(limits) + "\n"
                + blocks("## Changing a member-limit rule", "drl").get(0));
        Files.writeString(rules.resolve("scenarios/unlimited-members-half-the-plan.yaml"),
                blocks("## Changing a member-limit rule", "yaml").get(0));

        assertThat(run("rules", "check", rules.toString())).as(out + "" + err).isZero();
        assertThat(out.toString()).contains("compiled; 0 error(s); 0 warning(s); 2 of 2 scenario(s) passed");
        return rules;
    }

    @Test
    void anAnalystAddsATierChangesAMemberLimitRuleAndChecksIt() throws IOException {
        Path rules = changedRules();

        // the same scenarios fail on the shipped rules: they test the change, not something that held already
        Path shipped = dir.resolve("shipped");
        assertThat(run("rules", "export", shipped.toString())).isZero();
        Files.copy(rules.resolve("plans.csv"), shipped.resolve("plans.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (var scenarios = Files.list(rules.resolve("scenarios"))) {
            for (Path s : scenarios.toList()) {
                Files.copy(s, shipped.resolve("scenarios").resolve(s.getFileName()));
            }
        }
        assertThat(run("rules", "check", shipped.toString())).isEqualTo(CreditpoolCommand.FAILED);
        assertThat(out.toString()).contains("0 of 2 scenario(s) passed");
    }
}
