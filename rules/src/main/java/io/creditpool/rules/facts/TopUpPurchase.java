package io.creditpool.rules.facts;

import io.creditpool.kernel.domain.UnitPrice;

import java.math.BigDecimal;

/** Credits being bought, by the owner ({@code top-up}) or automatically ({@code auto-top-up}). */
public final class TopUpPurchase extends NewGrant {
    private final UnitPrice unitPrice;
    private long price = -1;

    /** A purchase on a plan priced in whole minor units per credit. */
    public TopUpPurchase(String source, String tier, long credits, long pricePerCredit) {
        this(source, tier, credits, UnitPrice.perCredit(pricePerCredit, "USD"));
    }

    public TopUpPurchase(String source, String tier, long credits, UnitPrice unitPrice) {
        super(source, tier);
        setCredits(credits);
        this.unitPrice = unitPrice;
    }

    /**
     * The plan's price of one credit, in whole minor units of its currency.
     *
     * @throws IllegalStateException when the plan's price is not a whole number of minor units a credit (1.5 cents,
     *                               or a price per block): a rule reads {@link #priceOf} or {@link #getUnitPrice} then
     */
    public long getPricePerCredit() {
        return unitPrice.wholeMinorUnitsPerCredit().orElseThrow(() -> new IllegalStateException("the plan costs "
                + unitPrice + ", not a whole number of minor units a credit: price it with priceOf(credits)"));
    }

    /** The plan's price of one block of credits, in minor units of its currency, exact ({@code 1.5}, {@code 1500}). */
    public BigDecimal getUnitPrice() {
        return unitPrice.minorUnits();
    }

    /** How many credits the plan's price is for: 1 for a price per credit, else the block ({@code 1000}). */
    public long getCreditsPerBlock() {
        return unitPrice.credits();
    }

    /**
     * What {@code credits} credits cost at the plan's price, in minor units, rounded down to a whole minor unit (in
     * the customer's favour): at 1.5 cents a credit, 15 credits cost 22 cents, not 22.5.
     */
    public long priceOf(long credits) {
        return unitPrice.chargeFor(credits).minorUnits();
    }

    /** The price of the purchase in minor units; -1 until a rule sets it. */
    public long getPrice() {
        return price;
    }

    public void setPrice(long price) {
        this.price = price;
    }
}
