package io.creditpool.kernel.domain;

/**
 * A row of the plan table: what a plan's tier is, how many credits each seat brings per cycle, and what top-up
 * credits cost ({@link UnitPrice}: per credit or per block of credits, exact, in the plan's currency).
 */
public record Plan(String name, Tier tier, long monthlyCreditsPerSeat, UnitPrice price) {
    /** The most a plan may price one credit at, in minor units, so that a price never overflows. */
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
        if (price == null) {
            throw new InvalidInputException("price-per-credit", "is required");
        }
    }

    /** A plan priced in whole minor units per credit, as plan tables have always written it. */
    public Plan(String name, Tier tier, long monthlyCreditsPerSeat, long pricePerCredit, String currency) {
        this(name, tier, monthlyCreditsPerSeat, wholePrice(pricePerCredit, currency));
    }

    private static UnitPrice wholePrice(long pricePerCredit, String currency) {
        if (pricePerCredit < 0 || pricePerCredit > MAX_PRICE_PER_CREDIT) {
            throw new InvalidInputException("price-per-credit", "must be between 0 and " + MAX_PRICE_PER_CREDIT);
        }
        return UnitPrice.perCredit(pricePerCredit, currency);
    }

    /** The currency the plan is sold in. */
    public String currency() {
        return price.currency();
    }

    /**
     * The price of one credit in whole minor units, for plans priced that way.
     *
     * @throws IllegalStateException for a plan whose price of one credit is not a whole number of minor units
     *                               (1.5 cents a credit): read {@link #price()} instead
     */
    public long pricePerCredit() {
        return price.wholeMinorUnitsPerCredit().orElseThrow(() -> new IllegalStateException("plan '" + name
                + "' costs " + price + ", not a whole number of minor units a credit"));
    }
}
