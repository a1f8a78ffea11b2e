package io.creditpool.rules;

import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.GroupCap;
import io.creditpool.kernel.domain.GroupId;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.port.out.AlertLevels;
import io.creditpool.kernel.port.out.ConsumptionFacts;
import io.creditpool.kernel.port.out.ConsumptionVerdict;
import io.creditpool.kernel.port.out.GroupFacts;
import io.creditpool.kernel.port.out.RuleNotice;
import io.creditpool.kernel.port.out.TeamFacts;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The guide's "Alerts and notices" (rules/ANALYSTS.md), taken from the guide itself: the shipped alert levels, a row
 * of alert levels for a new tier, and the two notice rules, each added to the shipped rules as an analyst would, decide
 * as the guide says.
 */
class AlertsGuideTest {
    private static final String TABLE = "alert-levels.csv";
    private static final Tier BUSINESS = new Tier("business");
    private static final String SECTION = section();

    private static String section() {
        try {
            String guide = Files.readString(Path.of("ANALYSTS.md"));
            int at = guide.indexOf("## Alerts and notices");
            return guide.substring(at, guide.indexOf("\n## ", at + 5));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> blocks(String language) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(SECTION);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static DroolsCreditPolicy with(String file, String text) {
        Map<String, String> files = new TreeMap<>(RuleSource.shipped().files());
        files.put(file, text);
        return new DroolsCreditPolicy(RuleBase.build(new RuleSource("test", files)));
    }

    /** Alice, in group {@code group} capped at {@code cap} that used {@code groupUsage}, consumes {@code credits}. */
    private static ConsumptionVerdict consume(DroolsCreditPolicy policy, String group, long cap, long groupUsage,
            long credits, Instant at) {
        return policy.consumption(new ConsumptionFacts(Tier.STANDARD, credits, 100_000, groupUsage,
                MemberLimit.UNLIMITED, AutoTopUp.OFF, 10_000,
                new TeamFacts(TeamId.of("acme"), "team", 5, 3, MemberId.of("alice"), Role.MEMBER, false, 10_000,
                        90_000),
                MemberLimit.UNLIMITED, new GroupFacts(GroupId.of(group), "Design", GroupCap.of(cap), groupUsage), at));
    }

    @Test
    void theShippedTiersAlertAtEightyAndOneHundredPercentAndNotOnThePool() {
        DroolsCreditPolicy policy = new DroolsCreditPolicy(RuleBase.of(RuleSource.shipped()));
        for (Tier tier : List.of(Tier.STANDARD, Tier.ENTERPRISE)) {
            AlertLevels levels = policy.alertLevels(new Plan("p", tier, 100, 1, "USD"));
            assertThat(levels.usage()).containsExactly(80, 100);
            assertThat(levels.pool()).isEmpty();
        }
        // a consumption's verdict carries the same levels
        assertThat(consume(policy, "design", 1_000, 0, 10, Instant.parse("2026-03-02T10:00:00Z")).alerts().usage())
                .containsExactly(80, 100);
    }

    @Test
    void aRowOfAlertLevelsGivesANewTierItsShares() {
        List<String> rows = blocks("csv");
        assertThat(rows).hasSize(1);
        DroolsCreditPolicy policy = with(TABLE, RuleSource.shipped().files().get(TABLE) + rows.get(0));
        AlertLevels business = policy.alertLevels(new Plan("scale", BUSINESS, 100, 1, "USD"));
        assertThat(business.usage()).containsExactly(50, 80, 100);
        assertThat(business.pool()).containsExactly(10, 25);
        assertThat(policy.alertLevels(new Plan("team", Tier.STANDARD, 100, 1, "USD")).usage()).containsExactly(80, 100);
    }

    @Test
    void aRowThatSaysNoneTurnsAlertsOffAndAShareOutOfBoundsFailsTheDecisionNamingTheColumn() {
        String shipped = RuleSource.shipped().files().get(TABLE);
        DroolsCreditPolicy none = with(TABLE, shipped.replace("standard,\"80, 100\",,true", "standard,none,none,true"));
        assertThat(none.alertLevels(new Plan("team", Tier.STANDARD, 100, 1, "USD"))).isEqualTo(AlertLevels.NONE);
        DroolsCreditPolicy bad = with(TABLE, shipped.replace("standard,\"80, 100\",,true", "standard,\"80, 120\",,true"));
        assertThatThrownBy(() -> bad.alertLevels(new Plan("team", Tier.STANDARD, 100, 1, "USD")))
                .hasMessageContaining("Usage alerts").hasMessageContaining("120");
    }

    @Test
    void designHearsInTheLastWeekOfAQuarterWhenLessThanAFifthOfItsCapIsLeftOnce() {
        List<String> rules = blocks("drl");
        assertThat(rules).hasSize(2);
        DroolsCreditPolicy policy = with("my-notices.drl", rules.get(0));
        Instant lastWeek = Instant.parse("2026-03-27T09:00:00Z");
        // 1,000 cap: 790 used (210 left), 20 more leaves 190, under a fifth (200): told
        ConsumptionVerdict crossing = consume(policy, "design", 1_000, 790, 20, lastWeek);
        assertThat(crossing.verdict().accepted()).isTrue();
        assertThat(crossing.notices()).containsExactly(new RuleNotice("design-quarter-end",
                "Design has 190 credits left of its cap for the rest of the quarter"));
        // already under a fifth before: not told again
        assertThat(consume(policy, "design", 1_000, 820, 10, lastWeek).notices()).isEmpty();
        // the same crossing earlier in the quarter, or for another group: not told
        assertThat(consume(policy, "design", 1_000, 790, 20, Instant.parse("2026-03-20T09:00:00Z")).notices())
                .isEmpty();
        assertThat(consume(policy, "ops", 1_000, 790, 20, lastWeek).notices()).isEmpty();
        // the last day of the quarter is in its last week; the first of the next is not
        assertThat(consume(policy, "design", 1_000, 790, 20, Instant.parse("2026-12-31T23:00:00Z")).notices())
                .hasSize(1);
        assertThat(consume(policy, "design", 1_000, 790, 20, Instant.parse("2027-01-01T00:00:00Z")).notices())
                .isEmpty();
    }

    @Test
    void aMemberHeldByHerGroupsCapHearsWhenOneConsumptionTakesHalfOfWhatSheCouldSpend() {
        DroolsCreditPolicy policy = with("my-notices.drl", blocks("drl").get(1));
        Instant at = Instant.parse("2026-03-02T10:00:00Z");
        ConsumptionVerdict half = consume(policy, "design", 1_000, 800, 100, at);
        assertThat(half.verdict().accepted()).isTrue();
        assertThat(half.notices()).containsExactly(new RuleNotice("group-cap-binds",
                "alice used 100 of the 200 credits the Design cap still allowed"));
        assertThat(consume(policy, "design", 1_000, 800, 99, at).notices()).isEmpty();
        // when the pool binds, not the cap, nothing is told
        assertThat(consume(policy, "design", 1_000_000, 800, 60_000, at).notices()).isEmpty();
    }
}
