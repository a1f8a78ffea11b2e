package io.creditpool.rules;

import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.BillingCycle;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.port.out.ConsumptionFacts;
import io.creditpool.kernel.port.out.ConsumptionVerdict;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cap on firings per decision sits far above what the shipped rules need, and a failed decision leaves no trace. */
class RuleBaseGuardRailsTest {
    private static final Plan ENTERPRISE = new Plan("ent", Tier.ENTERPRISE, 1_000, 1, "USD");

    @Test
    void theShippedRulesFireAFewTimesADecisionFarBelowTheCap() {
        DroolsCreditPolicy policy = new DroolsCreditPolicy(RuleBase.of(RuleSource.shipped()));
        int most = 0;
        for (Tier tier : List.of(Tier.STANDARD, Tier.ENTERPRISE)) {
            for (long credits : new long[] {1, 50, 100, 1_000}) {
                for (long balance : new long[] {0, 50, 100, 1_000}) {
                    for (MemberLimit limit : List.of(MemberLimit.UNLIMITED, MemberLimit.of(0), MemberLimit.of(100))) {
                        for (AutoTopUp auto : List.of(AutoTopUp.OFF, new AutoTopUp(true, 100, 500, true),
                                new AutoTopUp(true, 100, 500, false))) {
                            ConsumptionVerdict v = policy.consumption(new ConsumptionFacts(tier, credits, balance, 50,
                                    limit, auto, 1_000));
                            most = Math.max(most, v.verdict().rules().size());
                        }
                    }
                }
            }
        }
        most = Math.max(most, policy.cycleGrant(ENTERPRISE, 3, BillingCycle.startingAt(Instant.EPOCH, 1)).rules()
                .size());
        most = Math.max(most, policy.topUp(ENTERPRISE, GrantSource.AUTO_TOP_UP, 10, Instant.EPOCH).grant().rules()
                .size());
        // measured: 5 (a consumption over the pool and the limit that re-arms auto top-up: 3 classify, 2 decide)
        assertThat(most).isEqualTo(5);
        assertThat(RuleBase.MAX_FIRINGS).isGreaterThanOrEqualTo(100 * most);
    }

    @Test
    void aDecisionThatThrowsLeavesTheSessionCleanForTheNextOnes() {
        Map<String, String> files = new HashMap<>(RuleSource.shipped().files());
        files.put("member-limits.drl", files.get("member-limits.drl") + """
                rule "A limit of zero breaks"
                    agenda-group "classify"
                when
                    Consumption( limited, limit == 0 )
                then
                    throw new IllegalArgumentException("a limit of zero");
                end
                """);
        RuleBase rules = RuleBase.build(new RuleSource("test", files));
        DroolsCreditPolicy policy = new DroolsCreditPolicy(rules);
        ConsumptionFacts breaks = new ConsumptionFacts(Tier.STANDARD, 10, 1_000, 0, MemberLimit.of(0), AutoTopUp.OFF,
                1_000);
        ConsumptionFacts fine = new ConsumptionFacts(Tier.STANDARD, 10, 1_000, 0, MemberLimit.UNLIMITED,
                AutoTopUp.OFF, 1_000);

        for (int i = 0; i < 20; i++) {   // more than the pool's sessions, so failed ones are taken again
            assertThatThrownBy(() -> policy.consumption(breaks)).isInstanceOf(RuleDecisionException.class)
                    .hasMessage("rule 'A limit of zero breaks' (member-limits.drl) failed: IllegalArgumentException: "
                            + "a limit of zero; no decision was made and nothing was changed");
            assertThat(policy.consumption(fine).verdict().rules())
                    .containsExactly("A consumption the pool covers, within the member's limit, is accepted");
        }
    }
}
