package io.creditpool.kernel.domain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Optional;

/**
 * A price as it is sold: an exact amount of minor units of a currency, which may hold a fraction of one (1.5 cents),
 * for a block of credits (1 for a price per credit; 1,000 for "15 USD per 1,000 credits").
 *
 * <p>What is charged is always whole minor units ({@link Money}): for {@code n} credits,
 * {@code minorUnits × n / credits} rounded <b>down</b> to the minor unit, in the customer's favour, so the customer
 * never pays more than the exact price and less than one minor unit below it.
 *
 * @param minorUnits the price of one block in minor units of the currency, exact (at most {@link #MAX_SCALE} digits
 *                   after the point)
 * @param credits    how many credits the block holds (1 for a price per credit)
 * @param currency   a three-letter ISO 4217 code
 */
public record UnitPrice(BigDecimal minorUnits, long credits, String currency) {
    /** The most digits a price may have after the point, in minor units (a millionth of a cent). */
    public static final int MAX_SCALE = 6;
    /** The most credits one block may hold. */
    public static final long MAX_BLOCK = 1_000_000_000;

    public UnitPrice {
        new Money(0, currency);
        boolean perCredit = credits == 1;
        String priceField = perCredit ? "price-per-credit" : "price-per-block";
        if (credits < 1 || credits > MAX_BLOCK) {
            throw new InvalidInputException("credits-per-block", "must be between 1 and " + MAX_BLOCK + ", was "
                    + credits);
        }
        if (minorUnits == null) {
            throw new InvalidInputException(priceField, "is required");
        }
        if (minorUnits.signum() < 0) {
            throw new InvalidInputException(priceField, "must not be negative, was " + minorUnits.toPlainString());
        }
        minorUnits = minorUnits.stripTrailingZeros();
        if (minorUnits.scale() > MAX_SCALE) {
            throw new InvalidInputException(priceField, "may have at most " + MAX_SCALE
                    + " digits after the point (in minor units of the currency), was " + minorUnits.toPlainString());
        }
        if (minorUnits.scale() < 0) {
            minorUnits = minorUnits.setScale(0);
        }
        if (minorUnits.compareTo(BigDecimal.valueOf(Plan.MAX_PRICE_PER_CREDIT).multiply(BigDecimal.valueOf(credits)))
                > 0) {
            throw new InvalidInputException(priceField, "must be at most " + Plan.MAX_PRICE_PER_CREDIT
                    + " minor units a credit, was " + minorUnits.toPlainString()
                    + (perCredit ? "" : " for " + credits + " credits"));
        }
    }

    /** A price per credit in whole minor units, as plan tables have always written it. */
    public static UnitPrice perCredit(long minorUnits, String currency) {
        return new UnitPrice(BigDecimal.valueOf(minorUnits), 1, currency);
    }

    /** A price per credit in minor units, which may hold a fraction of one ({@code 1.5} cents). */
    public static UnitPrice perCredit(BigDecimal minorUnits, String currency) {
        return new UnitPrice(minorUnits, 1, currency);
    }

    /** A price for a block of {@code credits} credits, in minor units ({@code 1500} cents per 1,000 credits). */
    public static UnitPrice perBlock(BigDecimal minorUnits, long credits, String currency) {
        return new UnitPrice(minorUnits, credits, currency);
    }

    /** Whether the price is per credit rather than per block of credits. */
    public boolean perCredit() {
        return credits == 1;
    }

    /**
     * What {@code count} credits cost, rounded down to the minor unit (in the customer's favour).
     *
     * @throws InvalidInputException when the count is negative or the charge would not fit in a {@code long}
     */
    public Money chargeFor(long count) {
        if (count < 0) {
            throw new InvalidInputException("credits", "must not be negative, was " + count);
        }
        BigInteger charged = exactFor(count).setScale(0, RoundingMode.FLOOR).toBigInteger();
        if (charged.bitLength() > 63) {
            throw new InvalidInputException("credits", count + " credits would cost more than can be charged");
        }
        return new Money(charged.longValue(), currency);
    }

    /** What {@code count} credits cost exactly, in minor units; enough digits that rounding it down is exact. */
    public BigDecimal exactFor(long count) {
        BigDecimal total = minorUnits.multiply(BigDecimal.valueOf(count));
        if (credits == 1) {
            return total;
        }
        // the integer part is exact, and enough fraction digits that the true value is never rounded up past it
        return total.divide(BigDecimal.valueOf(credits), MAX_SCALE + 19, RoundingMode.FLOOR);
    }

    /** The price of one credit in minor units, when it is a terminating decimal (it is for every price per credit). */
    public Optional<BigDecimal> minorUnitsPerCredit() {
        try {
            return Optional.of(plain(minorUnits.divide(BigDecimal.valueOf(credits))));
        } catch (ArithmeticException nonTerminating) {
            return Optional.empty();
        }
    }

    /** The price of one credit in whole minor units, when it is one (2 cents is; 1.5 cents is not). */
    public Optional<Long> wholeMinorUnitsPerCredit() {
        return minorUnitsPerCredit().filter(p -> p.scale() == 0).map(BigDecimal::longValueExact);
    }

    /** The price of one credit in the currency's major units ({@code 0.015} USD), when it is a terminating decimal. */
    public Optional<BigDecimal> majorUnitsPerCredit() {
        return minorUnitsPerCredit().map(p -> plain(p.movePointLeft(fractionDigits(currency))));
    }

    /** The price of the block in the currency's major units ({@code 15} USD for 1,000 credits). */
    public BigDecimal majorUnits() {
        return plain(minorUnits.movePointLeft(fractionDigits(currency)));
    }

    /** How many digits the currency's minor unit has (2 for USD, 0 for JPY); 2 for a code Java does not know. */
    public static int fractionDigits(String currency) {
        try {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            return digits < 0 ? 2 : digits;
        } catch (IllegalArgumentException unknown) {
            return 2;
        }
    }

    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    @Override
    public String toString() {
        return majorUnits().toPlainString() + " " + currency + (perCredit() ? " per credit"
                : " per " + credits + " credits");
    }
}
