package io.creditpool.rules;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the check of a rule set tells, and what it must not cry wolf about. */
class RuleSetCheckTest {
    private static RuleSetCheck.Report withExtraFile(String drl) {
        Map<String, String> files = new HashMap<>(RuleSource.shipped().files());
        files.put("extra.drl", drl);
        return RuleSetCheck.check(new RuleSource("test", files), PlanTable::shipped);
    }

    @Test
    void theShippedRulesHaveNoErrorsAndNoWarnings() {
        RuleSetCheck.Report report = RuleSetCheck.check(RuleSource.shipped(), PlanTable::shipped);
        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        assertThat(report.compiled()).isTrue();
        assertThat(report.rules()).isEqualTo(RuleBase.of(RuleSource.shipped()).ruleNames().size());
        assertThat(report.plans().plans()).hasSize(3);
    }

    @Test
    void patternsOnASupertypeUnderNotOrOnDerivedFactsAreNotWarnedAbout() {
        RuleSetCheck.Report report = withExtraFile("""
                package io.creditpool.rules;

                import io.creditpool.kernel.domain.Plan;
                import io.creditpool.rules.facts.NewGrant;
                import io.creditpool.rules.facts.OverMemberLimit;
                import io.creditpool.rules.facts.Consumption;
                import io.creditpool.rules.facts.Verdict;

                rule "Every new grant is seen"
                when
                    NewGrant( credits > 0 )
                then
                end

                rule "Without a plan fact, a consumption is seen"
                    agenda-group "follow-up"
                when
                    Consumption()
                    not Plan()
                then
                end

                rule "Over the limit is seen in decide"
                    agenda-group "decide"
                    salience 5
                when
                    OverMemberLimit()
                    Verdict()
                then
                end
                """);
        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void aDerivedFactOnlyInsertedInALaterPhaseIsNotThereInAnEarlierOne() {
        RuleSetCheck.Report report = withExtraFile("""
                package io.creditpool.rules;

                import io.creditpool.rules.facts.CycleGrant;
                import io.creditpool.rules.facts.OverPool;

                rule "A cycle over the pool"
                when
                    CycleGrant()
                    OverPool()
                then
                end
                """);
        assertThat(report.warnings()).singleElement().satisfies(w -> {
            assertThat(w.where()).isEqualTo("extra.drl:6");
            assertThat(w.message()).contains("can never fire", "CycleGrant and OverPool together");
        });
    }
}
