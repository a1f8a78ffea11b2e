package io.creditpool.kernel.domain;

/**
 * A row of the plan table: what a plan's tier is, how many credits each seat brings per cycle,
 * and what one top-up credit costs in minor units of the currency.
 */
public record Plan(String name, Tier tier, long monthlyCreditsPerSeat, long pricePerCredit, String currency) {
    /** The most a plan may price one credit at, so that a price never overflows. */
    public static final long MAX_PRICE_PER_CREDIT = 1_000_000;
    /** The most credits one seat may bring per cycle (10^9), so that a cycle's grant never overflows. */
    public static final long MAX_CREDITS_PER_SEAT = 1_000_000_000;

    public Plan {
        Ids.check("plan", name);
        if (tier == null) {
            throw new InvalidInputException("tier", "is required");
        }
        if (monthlyCreditsPerSeat < 0 || monthlyCreditsPerSeat > MAX_CREDITS_PER_SEAT) {
            throw new InvalidInputException("monthly-credits-per-seat", "must be between 0 and " + MAX_CREDITS_PER_SEAT);
        }
        if (pricePerCredit < 0 || pricePerCredit > MAX_PRICE_PER_CREDIT) {
            throw new InvalidInputException("price-per-credit", "must be between 0 and " + MAX_PRICE_PER_CREDIT);
        }
        new Money(0, currency);
    }
}
