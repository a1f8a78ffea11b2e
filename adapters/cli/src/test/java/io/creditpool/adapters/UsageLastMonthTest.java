package io.creditpool.adapters;

import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.rules.RuleSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.creditpool.adapters.Given.ALICE;
import static io.creditpool.adapters.Given.ENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The member's usage last month reaches the rules through the kernel and the store: the guide's rule (rules/ANALYSTS.md,
 * "Rules for the common asks"), taken from the guide, lets a member spend twice what they spent last month.
 */
class UsageLastMonthTest {
    private static final String RULE = "A member may spend at most twice last month's usage, and 1,000 credits in any case";

    @TempDir
    Path dir;

    private static String guideRule() throws IOException {
        String guide = Files.readString(Path.of("../../rules/ANALYSTS.md"));
        Matcher m = Pattern.compile("```drl\n(rule \"" + Pattern.quote(RULE) + "\".*?)```", Pattern.DOTALL)
                .matcher(guide);
        assertThat(m.find()).as("the guide gives the rule").isTrue();
        return m.group(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memory", "sqlite", "h2"})
    void aMemberMaySpendTwiceWhatTheySpentLastMonth(String store) throws IOException {
        Path rules = Files.createDirectory(dir.resolve("rules"));
        RuleSource shipped = RuleSource.shipped();
        for (String name : shipped.files().keySet()) {
            Files.write(rules.resolve(name), shipped.bytes(name));
        }
        Files.writeString(rules.resolve("last-month.drl"), guideRule());
        Given given = Given.creditpool(b -> b.rules(rules)
                .store(switch (store) {
                    case "h2" -> StoreSettings.h2(dir.resolve("db"));
                    case "sqlite" -> StoreSettings.sqlite(dir.resolve("creditpool.db"));
                    default -> StoreSettings.MEMORY;
                }));
        given.team(ENT, 5); // 2,500 credits a month

        // January: alice spends 700 of the 1,000 any member may
        assertThat(given.consume(ALICE, 700, "jan-1").accepted()).isTrue();
        // February: up to twice 700
        given.clock.advanceTo(Instant.parse("2026-02-03T00:00:00Z"));
        assertThat(given.consume(ALICE, 1_400, "feb-1").accepted()).isTrue();
        var over = given.consume(ALICE, 1, "feb-2");
        assertThat(over.denied()).isTrue();
        assertThat(over.rules()).contains(RULE);
        // April: March was a month without spending, so the 1,000 of anyone
        given.clock.advanceTo(Instant.parse("2026-04-02T00:00:00Z"));
        assertThat(given.consume(ALICE, 1_001, "apr-1").denied()).isTrue();
        assertThat(given.consume(ALICE, 1_000, "apr-2").accepted()).isTrue();
        given.assertGuaranteesHold();
    }
}
