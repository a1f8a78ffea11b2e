package io.creditpool.rules;

import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.Tier;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanTableTest {
    private static final String HEADER = "name,tier,monthly-credits-per-seat,price-per-credit,currency\n";

    @Test
    void theShippedTableHasAStandardAndAnEnterprisePlan() {
        PlanTable table = PlanTable.shipped();
        assertThat(table.plans()).extracting(Plan::tier).contains(Tier.STANDARD, Tier.ENTERPRISE);
        assertThat(table.plan("enterprise")).get().extracting(Plan::tier).isEqualTo(Tier.ENTERPRISE);
    }

    @Test
    void aRowBecomesAPlan() {
        PlanTable table = PlanTable.parse("t.csv", HEADER + "pro, standard, 750, 3, EUR\n");
        assertThat(table.plan("pro")).contains(new Plan("pro", Tier.STANDARD, 750, 3, "EUR"));
        assertThat(table.plan("nope")).isEmpty();
    }

    @Test
    void aBadRowIsRefusedNamingTheLineAndColumn() {
        assertThatThrownBy(() -> PlanTable.parse("t.csv", HEADER + "pro,standard,750,3,EUR\nmax,Gold Plus,1,1,EUR\n"))
                .hasMessageStartingWith("t.csv line 3, column tier:").hasMessageContaining("'Gold Plus' is not a tier");
        assertThatThrownBy(() -> PlanTable.parse("t.csv", HEADER + "pro,standard,lots,3,EUR\n"))
                .hasMessageStartingWith("t.csv line 2, column monthly-credits-per-seat:");
        assertThatThrownBy(() -> PlanTable.parse("t.csv", HEADER + "pro,standard,-5,3,EUR\n"))
                .hasMessageStartingWith("t.csv line 2, column monthly-credits-per-seat:");
        assertThatThrownBy(() -> PlanTable.parse("t.csv", HEADER + "pro,standard,5,3,euro\n"))
                .hasMessageStartingWith("t.csv line 2, column currency:");
    }

    @Test
    void aNewTierIsAWordThePlanTableNames() {
        PlanTable table = PlanTable.parse("t.csv", HEADER + "pro,standard,750,3,EUR\nscale,business,2000,1,EUR\n");
        assertThat(table.plan("scale")).get().extracting(Plan::tier).isEqualTo(new Tier("business"));
        assertThat(Tier.parse("tier", "business")).isEqualTo(new Tier("business")).isNotEqualTo(Tier.ENTERPRISE);
    }

    @Test
    void aPlanNamedTwiceIsRefused() {
        assertThatThrownBy(() -> PlanTable.parse("t.csv", HEADER + "pro,standard,5,3,EUR\npro,enterprise,5,3,EUR\n"))
                .hasMessageContaining("line 3").hasMessageContaining("appears twice");
    }

    @Test
    void theColumnsMustBeTheDocumentedOnes() {
        assertThatThrownBy(() -> PlanTable.parse("t.csv", "name,tier,credits,price,currency\npro,standard,5,3,EUR\n"))
                .hasMessageContaining("the columns must be");
    }

    @Test
    void addedPlansReplaceThoseOfTheSameName() {
        PlanTable table = PlanTable.shipped().with(List.of(new Plan("team", Tier.ENTERPRISE, 1, 1, "USD")));
        assertThat(table.plan("team")).get().extracting(Plan::tier).isEqualTo(Tier.ENTERPRISE);
        assertThat(PlanTable.shipped().plan("team")).get().extracting(Plan::tier).isEqualTo(Tier.STANDARD);
    }
}
