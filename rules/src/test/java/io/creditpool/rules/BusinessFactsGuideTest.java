package io.creditpool.rules;

import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.port.out.ConsumptionFacts;
import io.creditpool.kernel.port.out.PolicyVerdict;
import io.creditpool.kernel.port.out.TeamFacts;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules the guide gives for the common asks (rules/ANALYSTS.md, "Rules for the common asks"), taken from the guide
 * itself, each added as a file of its own (without package or import lines) to the shipped rules, decide as the guide
 * says, on the facts in the business's words.
 */
class BusinessFactsGuideTest {
    private static final List<String> EXAMPLES = examples();

    private static List<String> examples() {
        try {
            String guide = Files.readString(Path.of("ANALYSTS.md"));
            String section = guide.substring(guide.indexOf("## Rules for the common asks"),
                    guide.indexOf("\n## ", guide.indexOf("## Rules for the common asks") + 5));
            List<String> blocks = new ArrayList<>();
            Matcher m = Pattern.compile("```drl\n(.*?)```", Pattern.DOTALL).matcher(section);
            while (m.find()) {
                blocks.add(m.group(1));
            }
            return blocks;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shipped rules with {@code drl} as one more file, as an analyst would add it. */
    private static DroolsCreditPolicy shippedPlus(String drl) {
        Map<String, String> files = new TreeMap<>(RuleSource.shipped().files());
        files.put("my-rules.drl", drl);
        return new DroolsCreditPolicy(RuleBase.build(new RuleSource("test", files)));
    }

    private static PolicyVerdict consume(DroolsCreditPolicy policy, Tier tier, Role role, MemberLimit limit,
            long usage, long credits) {
        return policy.consumption(new ConsumptionFacts(tier, credits, 1_000_000, usage, limit, AutoTopUp.OFF,
                1_000_000, new TeamFacts(TeamId.of("acme"), "team", 5, 3, MemberId.of("alice"), role,
                        limit.explicit(), 900_000, 100_000))).verdict();
    }

    @Test
    void theGuideGivesFourExamplesWithoutPackageOrImportLines() {
        assertThat(EXAMPLES).hasSize(4);
        assertThat(EXAMPLES).allSatisfy(drl -> assertThat(drl).doesNotContain("package").doesNotContain("import"));
    }

    @Test
    void membersWithoutALimitGetTwoThousandAMonthWhileAdminsAndChosenLimitsStay() {
        DroolsCreditPolicy policy = shippedPlus(EXAMPLES.get(0));
        String rule = "Members without a limit of their own may spend 2,000 credits a month";
        PolicyVerdict over = consume(policy, Tier.STANDARD, Role.MEMBER, MemberLimit.UNLIMITED, 1_900, 101);
        assertThat(over.denial()).isEqualTo(DenialCode.MEMBER_LIMIT);
        assertThat(over.rules()).contains(rule);
        assertThat(consume(policy, Tier.STANDARD, Role.MEMBER, MemberLimit.UNLIMITED, 1_900, 100).accepted()).isTrue();
        assertThat(consume(policy, Tier.STANDARD, Role.ADMIN, MemberLimit.UNLIMITED, 1_900, 101).accepted()).isTrue();
        // unlimited on purpose, or a limit of their own, is not the default
        assertThat(consume(policy, Tier.STANDARD, Role.MEMBER, MemberLimit.UNLIMITED_BY_CHOICE, 1_900, 101)
                .accepted()).isTrue();
        assertThat(consume(policy, Tier.STANDARD, Role.MEMBER, MemberLimit.of(5_000), 1_900, 101).accepted())
                .isTrue();
    }

    @Test
    void aDefaultCapPerTierAppliesToItsTierOnly() {
        DroolsCreditPolicy policy = shippedPlus(EXAMPLES.get(1));
        PolicyVerdict over = consume(policy, Tier.STANDARD, Role.ADMIN, MemberLimit.UNLIMITED, 400, 101);
        assertThat(over.denial()).isEqualTo(DenialCode.MEMBER_LIMIT);
        assertThat(consume(policy, Tier.STANDARD, Role.ADMIN, MemberLimit.UNLIMITED, 400, 100).accepted()).isTrue();
        assertThat(consume(policy, Tier.ENTERPRISE, Role.MEMBER, MemberLimit.UNLIMITED, 400, 101).accepted())
                .isTrue();
        assertThat(consume(policy, Tier.STANDARD, Role.OWNER, MemberLimit.UNLIMITED, 400, 101).accepted()).isTrue();
    }

    @Test
    void theLargestSingleConsumptionIsRefusedAboveItsSize() {
        DroolsCreditPolicy policy = shippedPlus(EXAMPLES.get(3));
        PolicyVerdict over = consume(policy, Tier.ENTERPRISE, Role.OWNER, MemberLimit.UNLIMITED, 0, 5_001);
        assertThat(over.denial()).isEqualTo(DenialCode.NOT_ALLOWED);
        assertThat(over.rules()).as("the rules that denied, not the one that accepted before")
                .containsExactly("A single consumption may take at most 5,000 credits");
        assertThat(consume(policy, Tier.ENTERPRISE, Role.OWNER, MemberLimit.UNLIMITED, 0, 5_000).accepted()).isTrue();
    }

    private static PolicyVerdict consumeAfterALastMonthOf(DroolsCreditPolicy policy, Role role, MemberLimit limit,
            long lastMonth, long usage, long credits) {
        return policy.consumption(new ConsumptionFacts(Tier.STANDARD, credits, 1_000_000, usage, limit, AutoTopUp.OFF,
                1_000_000, new TeamFacts(TeamId.of("acme"), "team", 5, 3, MemberId.of("alice"), role,
                        limit.explicit(), 900_000, 100_000, lastMonth))).verdict();
    }

    @Test
    void aMemberMaySpendTwiceLastMonthsUsageAndAThousandInAnyCase() {
        DroolsCreditPolicy policy = shippedPlus(EXAMPLES.get(2));
        String rule = "A member may spend at most twice last month's usage, and 1,000 credits in any case";
        // nothing last month: 1,000
        PolicyVerdict newcomer = consumeAfterALastMonthOf(policy, Role.MEMBER, MemberLimit.UNLIMITED, 0, 900, 101);
        assertThat(newcomer.denial()).isEqualTo(DenialCode.MEMBER_LIMIT);
        assertThat(newcomer.rules()).contains(rule);
        assertThat(consumeAfterALastMonthOf(policy, Role.MEMBER, MemberLimit.UNLIMITED, 0, 900, 100).accepted())
                .isTrue();
        // 800 last month: 1,600
        assertThat(consumeAfterALastMonthOf(policy, Role.MEMBER, MemberLimit.UNLIMITED, 800, 1_500, 100).accepted())
                .isTrue();
        assertThat(consumeAfterALastMonthOf(policy, Role.MEMBER, MemberLimit.UNLIMITED, 800, 1_500, 101).denial())
                .isEqualTo(DenialCode.MEMBER_LIMIT);
        // admins, and limits the owner or an admin set, are not held to it
        assertThat(consumeAfterALastMonthOf(policy, Role.ADMIN, MemberLimit.UNLIMITED, 0, 900, 101).accepted())
                .isTrue();
        assertThat(consumeAfterALastMonthOf(policy, Role.MEMBER, MemberLimit.of(5_000), 0, 900, 101).accepted())
                .isTrue();
    }

    @Test
    void theConsumptionFactNamesTheTeamAndMemberInTheBusinessWords() {
        DroolsCreditPolicy policy = shippedPlus("""
                rule "Only acme's alice, an admin on plan team with two seats free, may spend from a mixed pool"
                    ruleflow-group "decide"
                    salience 30
                when
                    Consumption( !(teamId == "acme" && memberId == "alice" && role == "admin" && plan == "team"
                            && seats == 5 && seatsUsed == 3 && seatsAvailable == 2 && planCredits == 900000
                            && topUpCredits == 100000) )
                    $verdict : Verdict()
                then
                    modify( $verdict ) { setDenial( "not-allowed" ) }
                end
                """);
        assertThat(consume(policy, Tier.STANDARD, Role.ADMIN, MemberLimit.UNLIMITED, 0, 1).accepted()).isTrue();
        assertThat(consume(policy, Tier.STANDARD, Role.MEMBER, MemberLimit.UNLIMITED, 0, 1).denial())
                .isEqualTo(DenialCode.NOT_ALLOWED);
    }
}
