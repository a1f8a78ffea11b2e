package io.creditpool.rules.facts;

/** A team's auto top-up during one consumption: the rules re-arm it, or fire it by ordering credits. */
public final class AutoTopUpState {
    private final boolean enabled;
    private final long threshold;
    private final long amount;
    private boolean armed;
    private long orderedCredits;

    public AutoTopUpState(boolean enabled, long threshold, long amount, boolean armed) {
        this.enabled = enabled;
        this.threshold = threshold;
        this.amount = amount;
        this.armed = armed;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public long getThreshold() {
        return threshold;
    }

    public long getAmount() {
        return amount;
    }

    public boolean isArmed() {
        return armed;
    }

    public void setArmed(boolean armed) {
        this.armed = armed;
    }

    /** Credits to buy automatically now; 0 when auto top-up does not fire. */
    public long getOrderedCredits() {
        return orderedCredits;
    }

    public void setOrderedCredits(long orderedCredits) {
        this.orderedCredits = orderedCredits;
    }
}
