package io.creditpool.kernel.domain;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

import java.math.BigDecimal;
import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnitPriceTest {
    @Property(tries = 2000)
    void whatIsChargedIsNeverMoreThanTheExactPriceAndLessThanOneMinorUnitBelowIt(
            @ForAll("prices") UnitPrice price, @ForAll @LongRange(min = 0, max = 1_000_000_000) long credits) {
        long charged = price.chargeFor(credits).minorUnits();
        // exact price × credits = minorUnits × credits / block; compared without dividing, so nothing is rounded
        BigDecimal exactTimesBlock = price.minorUnits().multiply(BigDecimal.valueOf(credits));
        BigDecimal block = BigDecimal.valueOf(price.credits());
        BigDecimal chargedTimesBlock = BigDecimal.valueOf(charged).multiply(block);
        assertThat(chargedTimesBlock).isLessThanOrEqualTo(exactTimesBlock);
        assertThat(exactTimesBlock.subtract(chargedTimesBlock)).isLessThan(block);
        assertThat(charged).isNotNegative();
        assertThat(price.chargeFor(credits).currency()).isEqualTo(price.currency());
    }

    @Property(tries = 500)
    void moreCreditsNeverCostLess(@ForAll("prices") UnitPrice price,
            @ForAll @LongRange(min = 0, max = 1_000_000) long credits) {
        assertThat(price.chargeFor(credits + 1).minorUnits()).isGreaterThanOrEqualTo(price.chargeFor(credits)
                .minorUnits());
    }

    @Provide
    Arbitrary<UnitPrice> prices() {
        Arbitrary<BigDecimal> perCredit = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("1000"))
                .ofScale(4);
        Arbitrary<UnitPrice> perCreditPrices = perCredit.map(p -> UnitPrice.perCredit(p, "USD"));
        Arbitrary<UnitPrice> blockPrices = Arbitraries.longs().between(1, 100_000).flatMap(block ->
                Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal(BigInteger.valueOf(block * 100)))
                        .ofScale(2).map(p -> UnitPrice.perBlock(p, block, "EUR")));
        return Arbitraries.oneOf(perCreditPrices, blockPrices);
    }

    @Example
    void oneAndAHalfCentsACreditRoundsDownInTheCustomersFavour() {
        UnitPrice price = UnitPrice.perCredit(new BigDecimal("1.5"), "USD");
        assertThat(price.chargeFor(1000)).isEqualTo(new Money(1500, "USD"));
        assertThat(price.chargeFor(15)).isEqualTo(new Money(22, "USD"));   // 22.5 cents
        assertThat(price.chargeFor(1)).isEqualTo(new Money(1, "USD"));     // 1.5 cents
        assertThat(price.majorUnitsPerCredit()).hasValue(new BigDecimal("0.015"));
        assertThat(price.wholeMinorUnitsPerCredit()).isEmpty();
    }

    @Example
    void fifteenDollarsPerThousandCredits() {
        UnitPrice price = UnitPrice.perBlock(new BigDecimal("1500"), 1000, "USD");
        assertThat(price.chargeFor(1000)).isEqualTo(new Money(1500, "USD"));
        assertThat(price.chargeFor(333)).isEqualTo(new Money(499, "USD"));  // 499.5 cents
        assertThat(price.majorUnits()).isEqualByComparingTo("15");
        assertThat(price.majorUnitsPerCredit()).hasValue(new BigDecimal("0.015"));
        assertThat(price).hasToString("15 USD per 1000 credits");
    }

    @Example
    void aBlockThatDividesIntoNoExactDecimalHasNoExactPricePerCredit() {
        UnitPrice price = UnitPrice.perBlock(new BigDecimal("1000"), 3, "USD");
        assertThat(price.minorUnitsPerCredit()).isEmpty();
        assertThat(price.chargeFor(1)).isEqualTo(new Money(333, "USD"));
        assertThat(price.chargeFor(3)).isEqualTo(new Money(1000, "USD"));
    }

    @Example
    void aCurrencyWithoutMinorUnitsIsPublishedInWholeUnits() {
        assertThat(UnitPrice.perCredit(new BigDecimal("1.5"), "JPY").majorUnitsPerCredit())
                .hasValue(new BigDecimal("1.5"));
        assertThat(UnitPrice.perCredit(2, "USD").majorUnitsPerCredit()).hasValue(new BigDecimal("0.02"));
    }

    @Example
    void wholePricesStayWholeAndEqualTheOldForm() {
        assertThat(UnitPrice.perCredit(new BigDecimal("2.000"), "USD")).isEqualTo(UnitPrice.perCredit(2, "USD"));
        assertThat(UnitPrice.perCredit(2, "USD").wholeMinorUnitsPerCredit()).hasValue(2L);
        assertThat(new Plan("p", Tier.STANDARD, 1, 2, "USD").pricePerCredit()).isEqualTo(2);
    }

    @Example
    void badPricesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> UnitPrice.perCredit(new BigDecimal("-1"), "USD"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("price-per-credit: must not be");
        assertThatThrownBy(() -> UnitPrice.perCredit(new BigDecimal("0.0000001"), "USD"))
                .hasMessageStartingWith("price-per-credit: may have at most 6 digits");
        assertThatThrownBy(() -> UnitPrice.perBlock(BigDecimal.TEN, 0, "USD"))
                .hasMessageStartingWith("credits-per-block: must be between 1");
        assertThatThrownBy(() -> UnitPrice.perBlock(new BigDecimal("3000000"), 2, "USD"))
                .hasMessageStartingWith("price-per-block: must be at most 1000000 minor units a credit");
        assertThatThrownBy(() -> UnitPrice.perCredit(BigDecimal.ONE, "usd"))
                .hasMessageStartingWith("currency:");
        assertThatThrownBy(() -> new Plan("p", Tier.STANDARD, 1, UnitPrice.perCredit(new BigDecimal("1.5"), "USD"))
                .pricePerCredit()).isInstanceOf(IllegalStateException.class).hasMessageContaining("0.015 USD");
    }
}
