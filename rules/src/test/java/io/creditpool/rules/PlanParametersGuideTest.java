package io.creditpool.rules;

import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Plan;
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
 * The per-plan parameters table shipped as {@code plan-parameters.csv}, and the row and the column rules/ANALYSTS.md
 * ("Per-plan parameters") shows how to add, taken from the guide itself.
 */
class PlanParametersGuideTest {
    private static final String TABLE = "plan-parameters.csv";
    private static final Tier BUSINESS = Tier.parse("tier", "business");

    private static List<String> blocks() throws IOException {
        String guide = Files.readString(Path.of("ANALYSTS.md"));
        String section = guide.substring(guide.indexOf("## Per-plan parameters"),
                guide.indexOf("\n## ", guide.indexOf("## Per-plan parameters") + 5));
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("```csv\n(.*?)```", Pattern.DOTALL).matcher(section);
        while (m.find()) {
            found.add(m.group(1));
        }
        assertThat(found).hasSize(2);
        return found;
    }

    private static DroolsCreditPolicy withTable(String table) {
        Map<String, String> files = new TreeMap<>(RuleSource.shipped().files());
        files.put(TABLE, table);
        return new DroolsCreditPolicy(RuleBase.build(new RuleSource("test", files)));
    }

    private static PolicyVerdict consume(DroolsCreditPolicy policy, String plan, Tier tier, Role role, long usage,
            long credits) {
        return policy.consumption(new ConsumptionFacts(tier, credits, 1_000_000, usage, MemberLimit.UNLIMITED,
                AutoTopUp.OFF, 1_000_000, new TeamFacts(TeamId.of("acme"), plan, 5, 3, MemberId.of("alice"), role,
                        false, 1_000_000, 0))).verdict();
    }

    private static PolicyVerdict turnOnAutoTopUp(DroolsCreditPolicy policy, Tier tier) {
        return policy.autoTopUpChange(new Plan("p", tier, 100, 1, "USD"), AutoTopUp.configured(true, 100, 100));
    }

    @Test
    void theShippedTableGivesAutoTopUpToEnterpriseOnlyAndNoCapsAndIsNotNamedInDecisions() {
        assertThat(RuleSource.shipped().files()).containsKey(TABLE);
        DroolsCreditPolicy policy = new DroolsCreditPolicy(RuleBase.of(RuleSource.shipped()));
        assertThat(turnOnAutoTopUp(policy, Tier.ENTERPRISE).accepted()).isTrue();
        PolicyVerdict standard = turnOnAutoTopUp(policy, Tier.STANDARD);
        assertThat(standard.denial()).isEqualTo(DenialCode.PLAN_NOT_ELIGIBLE);
        assertThat(standard.rules()).containsExactly("Auto top-up is for enterprise plans only");
        PolicyVerdict big = consume(policy, "team", Tier.STANDARD, Role.MEMBER, 999_000, 1_000);
        assertThat(big.accepted()).isTrue();
        assertThat(big.rules()).containsExactly("A consumption the pool covers, within the member's limit, is accepted");
    }

    @Test
    void aRowForANewTierGivesItsParameters() throws IOException {
        String shipped = RuleSource.shipped().files().get(TABLE);
        DroolsCreditPolicy policy = withTable(shipped + blocks().get(0));
        assertThat(turnOnAutoTopUp(policy, BUSINESS).accepted()).isTrue();
        PolicyVerdict capped = consume(policy, "biz", BUSINESS, Role.MEMBER, 1_900, 101);
        assertThat(capped.denial()).isEqualTo(DenialCode.MEMBER_LIMIT);
        assertThat(capped.rules())
                .contains("A member without a limit of their own may spend the plan's default member cap");
        assertThat(consume(policy, "biz", BUSINESS, Role.MEMBER, 1_900, 100).accepted()).isTrue();
        assertThat(consume(policy, "biz", BUSINESS, Role.ADMIN, 1_900, 101).accepted()).isTrue();
        PolicyVerdict large = consume(policy, "biz", BUSINESS, Role.OWNER, 0, 5_001);
        assertThat(large.denial()).isEqualTo(DenialCode.NOT_ALLOWED);
        assertThat(large.rules()).containsExactly("A consumption may take at most the plan's largest single consumption");
        assertThat(consume(policy, "biz", BUSINESS, Role.OWNER, 0, 5_000).accepted()).isTrue();
        // the other tiers keep theirs
        assertThat(consume(policy, "team", Tier.STANDARD, Role.MEMBER, 1_900, 101).accepted()).isTrue();
        // low below 20 percent of 1,000 monthly credits: 200
        assertThat(lowAfter(policy, BUSINESS, 1_000, 210, 11)).isTrue();
        assertThat(lowAfter(policy, BUSINESS, 1_000, 210, 10)).isFalse();
        // the shipped tiers: a tenth
        assertThat(lowAfter(policy, Tier.STANDARD, 1_000, 110, 11)).isTrue();
        assertThat(lowAfter(policy, Tier.STANDARD, 1_000, 210, 11)).isFalse();
    }

    @Test
    void aLowBalanceOfZeroPercentNeverTellsAndATierWithoutARowIsLowBelowATenth() throws IOException {
        String shipped = RuleSource.shipped().files().get(TABLE);
        DroolsCreditPolicy policy = withTable(shipped.replace("standard,false,,,10,true", "standard,false,,,0,true"));
        assertThat(lowAfter(policy, Tier.STANDARD, 1_000, 110, 11)).isFalse();
        assertThat(lowAfter(policy, Tier.STANDARD, 1_000, 1, 1)).isFalse();
        assertThat(lowAfter(policy, Tier.ENTERPRISE, 1_000, 110, 11)).isTrue();
        assertThat(lowAfter(policy, BUSINESS, 1_000, 110, 11)).isTrue();
        assertThat(lowAfter(policy, BUSINESS, 1_000, 110, 10)).isFalse();
    }

    /** Whether spending {@code credits} of a pool of {@code balance} takes it low, on a plan of {@code monthly}. */
    private static boolean lowAfter(DroolsCreditPolicy policy, Tier tier, long monthly, long balance, long credits) {
        return policy.consumption(new ConsumptionFacts(tier, credits, balance, 0, MemberLimit.UNLIMITED,
                AutoTopUp.OFF, monthly, new TeamFacts(TeamId.of("acme"), "p", 1, 1, MemberId.of("olivia"),
                        Role.OWNER, false, balance, 0))).saysLow();
    }

    @Test
    void aPlanColumnGivesOnePlanOfATierItsOwnParameters() throws IOException {
        DroolsCreditPolicy policy = withTable(blocks().get(1));
        assertThat(consume(policy, "pro", Tier.STANDARD, Role.MEMBER, 400, 101).denial())
                .isEqualTo(DenialCode.MEMBER_LIMIT);
        assertThat(consume(policy, "pro", Tier.STANDARD, Role.MEMBER, 400, 100).accepted()).isTrue();
        assertThat(consume(policy, "team", Tier.STANDARD, Role.MEMBER, 400, 101).accepted()).isTrue();
        assertThat(turnOnAutoTopUp(policy, Tier.STANDARD).denial()).isEqualTo(DenialCode.PLAN_NOT_ELIGIBLE);
        assertThat(turnOnAutoTopUp(policy, Tier.ENTERPRISE).accepted()).isTrue();
    }
}
