package io.creditpool.benchmarks;

import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.BillingCycle;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.port.out.ConsumptionFacts;
import io.creditpool.kernel.port.out.ConsumptionVerdict;
import io.creditpool.kernel.port.out.CreditPolicy;
import io.creditpool.rules.DroolsCreditPolicy;
import io.creditpool.rules.RuleBase;
import io.creditpool.rules.RuleSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's baseline is honest: on a grid of facts the plain-Java policy decides exactly as the shipped DRL
 * files do (accept or denial code, auto top-up armed and fired, and the rules named, in order).
 */
class PlainJavaCreditPolicyTest {
    private static final CreditPolicy DROOLS = new DroolsCreditPolicy(RuleBase.of(RuleSource.shipped()));
    private static final CreditPolicy PLAIN = new PlainJavaCreditPolicy();
    private static final List<Plan> PLANS = List.of(new Plan("team", Tier.STANDARD, 500, 2, "USD"),
            new Plan("ent", Tier.ENTERPRISE, 1_000, 1, "EUR"), new Plan("free", Tier.STANDARD, 0, 0, "USD"));

    @Test
    void consumptionsAreDecidedAlike() {
        long[] amounts = {1, 49, 50, 51, 100, 101, 1_000};
        long[] balances = {0, 1, 50, 100, 150, 1_000};
        long[] usages = {0, 50, 299, 300};
        List<MemberLimit> limits = List.of(MemberLimit.UNLIMITED, MemberLimit.of(0), MemberLimit.of(300),
                MemberLimit.of(350));
        List<AutoTopUp> autos = List.of(AutoTopUp.OFF,
                new AutoTopUp(true, 100, 500, true),
                new AutoTopUp(true, 100, 500, false),
                new AutoTopUp(true, 2_000, 25, false),
                new AutoTopUp(true, 1, 7, true),
                new AutoTopUp(true, 100, 500, true, 1_000L, 0, 0, false));
        int compared = 0;
        int accepted = 0;
        int fired = 0;
        int rearmed = 0;
        int low = 0;
        for (Tier tier : List.of(Tier.STANDARD, Tier.ENTERPRISE)) {
            for (long credits : amounts) {
                for (long balance : balances) {
                    for (long usage : usages) {
                        for (MemberLimit limit : limits) {
                            for (AutoTopUp auto : autos) {
                                ConsumptionFacts facts = new ConsumptionFacts(tier, credits, balance, usage, limit,
                                        auto, 1_000);
                                ConsumptionVerdict expected = DROOLS.consumption(facts);
                                assertThat(PLAIN.consumption(facts)).as("%s", facts).isEqualTo(expected);
                                compared++;
                                accepted += expected.verdict().accepted() ? 1 : 0;
                                fired += expected.autoTopUpCredits() > 0 ? 1 : 0;
                                rearmed += expected.verdict().rules().contains(PlainJavaCreditPolicy.AUTO_REARMS)
                                        ? 1 : 0;
                                low += expected.lowBalanceLevel() > 0 ? 1 : 0;
                            }
                        }
                    }
                }
            }
        }
        // the grid reaches every branch: accepted and denied, auto top-up fired and re-armed
        assertThat(compared).isEqualTo(2 * 7 * 6 * 4 * 4 * 6);
        assertThat(accepted).isPositive().isLessThan(compared);
        assertThat(fired).isPositive();
        assertThat(rearmed).isPositive();
        assertThat(low).isPositive();
    }

    @Test
    void pooledDroolsSessionsDecideAlikeFromManyThreadsAtOnce() throws Exception {
        // Drools decides in pooled sessions: decisions on several threads must not see each other's facts
        List<ConsumptionFacts> grid = List.of(
                new ConsumptionFacts(Tier.ENTERPRISE, 60, 100, 0, MemberLimit.UNLIMITED,
                        new AutoTopUp(true, 50, 500, true)),
                new ConsumptionFacts(Tier.ENTERPRISE, 1, 100, 0, MemberLimit.UNLIMITED,
                        new AutoTopUp(true, 50, 500, false)),
                new ConsumptionFacts(Tier.STANDARD, 101, 100, 0, MemberLimit.of(50), AutoTopUp.OFF),
                new ConsumptionFacts(Tier.STANDARD, 10, 100, 45, MemberLimit.of(50), AutoTopUp.OFF),
                new ConsumptionFacts(Tier.STANDARD, 10, 100, 0, MemberLimit.UNLIMITED, AutoTopUp.OFF));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                runs.add(threads.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        ConsumptionFacts facts = grid.get((i + offset) % grid.size());
                        assertThat(DROOLS.consumption(facts)).as("%s", facts).isEqualTo(PLAIN.consumption(facts));
                    }
                    return 2_000;
                }));
            }
            for (Future<Integer> run : runs) {
                assertThat(run.get(60, TimeUnit.SECONDS)).isEqualTo(2_000);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void alertLevelsAreAlike() {
        for (Plan plan : PLANS) {
            assertThat(PLAIN.alertLevels(plan)).as(plan.name()).isEqualTo(DROOLS.alertLevels(plan));
        }
        // the shipped table tells at some share: an empty answer on both sides would agree and prove nothing
        assertThat(DROOLS.alertLevels(PLANS.get(0)).usage()).isNotEmpty();
    }

    @Test
    void cycleGrantsAreAlike() {
        for (Plan plan : PLANS) {
            for (int seats : new int[] {1, 3, 1_000}) {
                for (String start : new String[] {"2026-01-01T00:00:00Z", "2026-01-31T00:00:00Z"}) {
                    BillingCycle cycle = BillingCycle.startingAt(Instant.parse(start), 31);
                    assertThat(PLAIN.cycleGrant(plan, seats, cycle)).isEqualTo(DROOLS.cycleGrant(plan, seats, cycle));
                }
            }
        }
    }

    @Test
    void topUpsAreAlike() {
        for (Plan plan : PLANS) {
            for (GrantSource source : new GrantSource[] {GrantSource.TOP_UP, GrantSource.AUTO_TOP_UP}) {
                for (long credits : new long[] {1, 1_000, 123_456}) {
                    assertThat(PLAIN.topUp(plan, source, credits, Instant.EPOCH))
                            .isEqualTo(DROOLS.topUp(plan, source, credits, Instant.EPOCH));
                }
            }
        }
    }

    @Test
    void autoTopUpChangesAreAlike() {
        for (Plan plan : PLANS) {
            for (AutoTopUp settings : List.of(AutoTopUp.OFF, AutoTopUp.configured(true, 100, 500))) {
                assertThat(PLAIN.autoTopUpChange(plan, settings)).isEqualTo(DROOLS.autoTopUpChange(plan, settings));
            }
        }
    }
}
