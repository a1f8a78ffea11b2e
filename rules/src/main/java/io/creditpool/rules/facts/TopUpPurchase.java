package io.creditpool.rules.facts;

/** Credits being bought, by the owner ({@code top-up}) or automatically ({@code auto-top-up}). */
public final class TopUpPurchase extends NewGrant {
    private final long pricePerCredit;
    private long price = -1;

    public TopUpPurchase(String source, String tier, long credits, long pricePerCredit) {
        super(source, tier);
        setCredits(credits);
        this.pricePerCredit = pricePerCredit;
    }

    /** The plan's price of one credit, in minor units of its currency. */
    public long getPricePerCredit() {
        return pricePerCredit;
    }

    /** The price of the purchase in minor units; -1 until a rule sets it. */
    public long getPrice() {
        return price;
    }

    public void setPrice(long price) {
        this.price = price;
    }
}
