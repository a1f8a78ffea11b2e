package io.creditpool.rules;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** A tier word that no plan has is warned about inside {@code tier in (...)} too, the form the guide recommends. */
class TierWordsTest {
    private static final String PLANS = "name,tier,monthly-credits-per-seat,price-per-credit,currency\n"
            + "team,standard,500,2,USD\nscale,business,2000,1,USD\nenterprise,enterprise,1000,1,USD\n";

    private static RuleSetCheck.Report check(String condition) {
        Map<String, String> files = new TreeMap<>(RuleSource.shipped().files());
        files.put("tiers.drl", """
                rule "Big tiers may turn on auto top-up"
                when
                    AutoTopUpChange( enabled, %s )
                    $verdict : Verdict()
                then
                    modify( $verdict ) { setAccepted( true ) }
                end
                """.formatted(condition));
        return RuleSetCheck.check(new RuleSource("test", files), () -> PlanTable.parse("plans.csv", PLANS));
    }

    @Test
    void aMisspeltTierInsideInIsWarnedAboutAtItsRule() {
        RuleSetCheck.Report report = check("tier in ( \"enterprise\", \"busines\" )");
        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).singleElement().satisfies(w -> assertThat(w.toString())
                .startsWith("tiers.drl:1: rule \"Big tiers may turn on auto top-up\" lists \"busines\" in "
                        + "`tier in (...)`, which no plan in the plan table has (its tiers: business, enterprise, "
                        + "standard)"));
    }

    @Test
    void aMisspeltTierInsideNotInIsWarnedAboutToo() {
        assertThat(check("tier not in ( \"standrd\" )").warnings()).singleElement()
                .satisfies(w -> assertThat(w.message()).contains("\"standrd\" in `tier not in (...)`", "excludes"));
    }

    @Test
    void tiersThePlansHaveAreNotWarnedAbout() {
        RuleSetCheck.Report report = check("tier in ( \"enterprise\", \"business\" )");
        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).isEmpty();
    }
}
