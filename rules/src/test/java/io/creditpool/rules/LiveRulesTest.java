package io.creditpool.rules;

import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.Tier;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LiveRulesTest {
    private static final RuleBase SHIPPED = RuleBase.of(RuleSource.shipped());
    private static final RuleSet FIRST = RuleSet.of(SHIPPED, PlanTable.shipped());
    private static final PlanTable MORE_PLANS = PlanTable.shipped()
            .with(List.of(new Plan("studio", Tier.STANDARD, 300, 2, "USD")));
    private static final RuleSet SECOND = new RuleSet(SHIPPED, MORE_PLANS, RuleSet.version(SHIPPED.source(),
            MORE_PLANS), "test", Instant.now());

    @Test
    void theVersionNamesTheContentsOfTheRulesAndThePlans() {
        assertThat(FIRST.version()).hasSize(12).isEqualTo(RuleSet.of(SHIPPED, PlanTable.shipped()).version());
        assertThat(SECOND.version()).isNotEqualTo(FIRST.version());
    }

    @Test
    void aCommandKeepsTheSetItStartedWithWhileASwapHappens() {
        LiveRules live = new LiveRules(FIRST);
        String seen = live.within(() -> {
            assertThat(live.swap(FIRST, SECOND)).isTrue();
            assertThat(live.current()).isSameAs(SECOND);
            // the running command still decides, and finds its plans, with the first set
            assertThat(live.forDecision()).isSameAs(FIRST);
            assertThat(live.planCatalog().plan("studio")).isEmpty();
            return live.within(() -> live.forDecision().version());
        });
        assertThat(seen).isEqualTo(FIRST.version());
        assertThat(live.forDecision()).isSameAs(SECOND);
        assertThat(live.planCatalog().plan("studio")).isPresent();
    }

    @Test
    void aSwapFromASetThatIsNoLongerLiveChangesNothing() {
        LiveRules live = new LiveRules(FIRST);
        assertThat(live.swap(SECOND, FIRST)).isFalse();
        assertThat(live.current()).isSameAs(FIRST);
    }
}
