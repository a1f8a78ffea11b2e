package io.creditpool.rules;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The analysts' guide (rules/ANALYSTS.md) cannot drift from the shipped rules and facts. */
class AnalystsGuideTest {
    private static final Path GUIDE = Path.of("ANALYSTS.md");

    @Test
    void everyShippedRuleIsExplainedInTheGuide() throws IOException {
        String guide = Files.readString(GUIDE);
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s*rule\\s+\"([^\"]+)\"").matcher(String.join("\n",
                RuleSource.shipped().files().values()));
        while (m.find()) {
            names.add(m.group(1));
        }
        // the rows of the shipped decision tables are rules too
        List<String> all = RuleBase.of(RuleSource.shipped()).ruleNames();
        assertThat(all).containsAll(names);
        for (String name : all) {
            assertThat(guide).as("ANALYSTS.md explains rule \"%s\"", name).contains("**" + name + "**");
        }
    }

    @Test
    void everyRuleTheGuideExplainsExists() throws IOException {
        List<String> shipped = RuleBase.of(RuleSource.shipped()).ruleNames();
        String guide = Files.readString(GUIDE);
        String section = guide.substring(guide.indexOf("## The shipped rules"), guide.indexOf("## Adding or changing"));
        Matcher m = Pattern.compile("(?m)^- \\*\\*(.+?)\\*\\*").matcher(section);
        int explained = 0;
        while (m.find()) {
            assertThat(shipped).as("a rule named in ANALYSTS.md").contains(m.group(1));
            explained++;
        }
        assertThat(explained).isEqualTo(shipped.size());
    }

    @Test
    void everyFactTheRulesGetIsDescribed() throws IOException {
        String guide = Files.readString(GUIDE);
        try (var files = Files.list(Path.of("src/main/java/io/creditpool/rules/facts"))) {
            files.map(p -> p.getFileName().toString().replace(".java", "")).filter(n -> !n.equals("NewGrant"))
                    .forEach(fact -> assertThat(guide).as("ANALYSTS.md describes %s", fact)
                            .contains("**`" + fact + "`**"));
        }
    }
}
