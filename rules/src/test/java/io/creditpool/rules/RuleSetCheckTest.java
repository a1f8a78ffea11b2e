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
    void anActionThatDoesNotParseIsReportedAtItsFileWithoutTheCompilersStackTrace() {
        RuleSetCheck.Report report = withExtraFile("""
                package io.creditpool.rules;
                import io.creditpool.rules.facts.Consumption;
                rule "Half-written action"
                when
                    Consumption( credits > 100 )
                then
                    insertLogical( new OverMemberLimit( );
                end
                """);
        assertThat(report.compiled()).isFalse();
        assertThat(report.errors()).isNotEmpty().allSatisfy(e -> assertThat(e.toString())
                .startsWith("extra.drl").doesNotContain("stacktrace", "com.github", "GeneratedJavaParser"));
    }

    @Test
    void aTierIsKnownWhenThePlanTableHasAPlanOfIt() {
        Map<String, String> files = new HashMap<>(RuleSource.shipped().files());
        files.put("business.drl", """
                package io.creditpool.rules;
                import io.creditpool.rules.facts.AutoTopUpChange;
                rule "Business teams may turn on auto top-up"
                when
                    AutoTopUpChange( enabled, tier == "business" )
                then
                end
                """);
        RuleSource source = new RuleSource("test", files);
        String header = "name,tier,monthly-credits-per-seat,price-per-credit,currency\n";

        RuleSetCheck.Report without = RuleSetCheck.check(source, PlanTable::shipped);
        assertThat(without.warnings()).singleElement().satisfies(w -> assertThat(w.toString())
                .contains("compares the tier with \"business\", which no plan in the plan table has"));

        RuleSetCheck.Report with = RuleSetCheck.check(source, () -> PlanTable.parse("plans.csv",
                header + "team,standard,500,2,USD\nscale,business,2000,1,USD\nenterprise,enterprise,1000,1,USD\n"));
        assertThat(with.errors()).isEmpty();
        assertThat(with.warnings()).isEmpty();
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
