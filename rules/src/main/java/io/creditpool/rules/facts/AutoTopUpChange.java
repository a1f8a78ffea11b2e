package io.creditpool.rules.facts;

/** An owner or admin asks to turn auto top-up on or off for a team on a plan of {@code tier}. */
public final class AutoTopUpChange {
    private final String tier;
    private final boolean enabled;
    private final long threshold;
    private final long amount;

    public AutoTopUpChange(String tier, boolean enabled, long threshold, long amount) {
        this.tier = tier;
        this.enabled = enabled;
        this.threshold = threshold;
        this.amount = amount;
    }

    public String getTier() {
        return tier;
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
}
