package io.creditpool.rules;

import io.creditpool.kernel.domain.Money;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.domain.UnitPrice;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
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
    void aPricePerCreditMayHoldAFractionOfACent() {
        PlanTable table = PlanTable.parse("t.csv", HEADER + "pay-as-you-go,standard,0,1.5,USD\n");
        Plan plan = table.plan("pay-as-you-go").orElseThrow();
        assertThat(plan.price()).isEqualTo(UnitPrice.perCredit(new BigDecimal("1.5"), "USD"));
        assertThat(plan.price().chargeFor(15)).isEqualTo(new Money(22, "USD"));
    }

    @Test
    void aTableMayPricePerBlockOfCredits() {
        PlanTable table = PlanTable.parse("t.csv", "name,tier,monthly-credits-per-seat,price-per-block,"
                + "credits-per-block,currency\nbulk,standard,100,1500,1000,USD\n");
        assertThat(table.plan("bulk")).get().extracting(Plan::price)
                .isEqualTo(UnitPrice.perBlock(new BigDecimal("1500"), 1000, "USD"));
    }

    @Test
    void aTableWithBothPriceFormsTakesEitherOnEachRow() {
        PlanTable table = PlanTable.parse("t.csv", "name,tier,monthly-credits-per-seat,price-per-credit,"
                + "price-per-block,credits-per-block,currency\nteam,standard,500,2,,,USD\nbulk,standard,0,,1500,1000,USD\n");
        assertThat(table.plan("team")).contains(new Plan("team", Tier.STANDARD, 500, 2, "USD"));
        assertThat(table.plan("bulk").orElseThrow().price().credits()).isEqualTo(1000);
    }

    @Test
    void aBadPriceIsRefusedNamingTheLineAndTheColumn() {
        assertThatThrownBy(() -> PlanTable.parse("t.csv", HEADER + "pro,standard,750,3,EUR\nmax,standard,1,1,5,EUR\n"))
                .hasMessageStartingWith("t.csv line 3: the row has more cells than the table has columns (a decimal "
                        + "comma splits a cell");
        assertThatThrownBy(() -> PlanTable.parse("t.csv", HEADER + "pro,standard,750,\"1,5\",EUR\n"))
                .hasMessageStartingWith("t.csv line 2, column price-per-credit: '1,5' is not a price");
        assertThatThrownBy(() -> PlanTable.parse("t.csv", HEADER + "pro,standard,750,1.5e2,EUR\n"))
                .hasMessageStartingWith("t.csv line 2, column price-per-credit: '1.5e2' is not a price");
        assertThatThrownBy(() -> PlanTable.parse("t.csv", HEADER + "pro,standard,750,-1.5,EUR\n"))
                .hasMessageStartingWith("t.csv line 2, column price-per-credit: must not be negative");
        assertThatThrownBy(() -> PlanTable.parse("t.csv", HEADER + "pro,standard,750,0.0000001,EUR\n"))
                .hasMessageStartingWith("t.csv line 2, column price-per-credit: may have at most 6 digits");
        assertThatThrownBy(() -> PlanTable.parse("t.csv", HEADER + "pro,standard,750,,EUR\n"))
                .hasMessageStartingWith("t.csv line 2, column price-per-credit: is required");
        String blocks = "name,tier,monthly-credits-per-seat,price-per-credit,price-per-block,credits-per-block,currency\n";
        assertThatThrownBy(() -> PlanTable.parse("t.csv", blocks + "bulk,standard,0,2,1500,1000,USD\n"))
                .hasMessageStartingWith("t.csv line 2, column price-per-credit: give a price per credit or a price "
                        + "per block");
        assertThatThrownBy(() -> PlanTable.parse("t.csv", blocks + "bulk,standard,0,,1500,,USD\n"))
                .hasMessageStartingWith("t.csv line 2, column credits-per-block: is required with price-per-block");
        assertThatThrownBy(() -> PlanTable.parse("t.csv", blocks + "bulk,standard,0,,1500,lots,USD\n"))
                .hasMessageStartingWith("t.csv line 2, column credits-per-block: 'lots' is not a whole number");
        assertThatThrownBy(() -> PlanTable.parse("t.csv", blocks + "bulk,standard,0,,1500,0,USD\n"))
                .hasMessageStartingWith("t.csv line 2, column credits-per-block: must be between 1");
        assertThatThrownBy(() -> PlanTable.parse("t.csv", blocks + "bulk,standard,0,,one,1000,USD\n"))
                .hasMessageStartingWith("t.csv line 2, column price-per-block: 'one' is not a price");
        assertThatThrownBy(() -> PlanTable.parse("t.csv", "name,tier,monthly-credits-per-seat,price-per-block,"
                + "currency\nbulk,standard,0,1500,USD\n")).hasMessageContaining("the columns must be");
    }

    @Test
    void addedPlansReplaceThoseOfTheSameName() {
        PlanTable table = PlanTable.shipped().with(List.of(new Plan("team", Tier.ENTERPRISE, 1, 1, "USD")));
        assertThat(table.plan("team")).get().extracting(Plan::tier).isEqualTo(Tier.ENTERPRISE);
        assertThat(PlanTable.shipped().plan("team")).get().extracting(Plan::tier).isEqualTo(Tier.STANDARD);
    }
}
