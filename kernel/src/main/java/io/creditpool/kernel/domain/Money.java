package io.creditpool.kernel.domain;

import java.util.regex.Pattern;

/** An amount of money in minor units (cents) of a currency (ISO 4217 code). */
public record Money(long minorUnits, String currency) {
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    public Money {
        if (minorUnits < 0) {
            throw new InvalidInputException("amount", "must not be negative, was " + minorUnits);
        }
        if (currency == null || !CURRENCY.matcher(currency).matches()) {
            throw new InvalidInputException("currency", "must be a three-letter ISO 4217 code, was " + currency);
        }
    }

    @Override
    public String toString() {
        return minorUnits + " " + currency;
    }
}
