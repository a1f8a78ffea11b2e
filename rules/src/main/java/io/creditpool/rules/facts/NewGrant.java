package io.creditpool.rules.facts;

import java.time.Instant;

/**
 * Credits about to be granted. The rules set how many ({@code credits}), when they expire ({@code expiresAt},
 * or {@code neverExpires()}) and their burn priority (lower is spent first).
 */
public abstract class NewGrant {
    private final String source;
    private final String tier;
    private long credits;
    private Instant expiresAt;
    private boolean expirySet;
    private int burnPriority;

    protected NewGrant(String source, String tier) {
        this.source = source;
        this.tier = tier;
    }

    /** plan, top-up or auto-top-up. */
    public String getSource() {
        return source;
    }

    public String getTier() {
        return tier;
    }

    public long getCredits() {
        return credits;
    }

    public void setCredits(long credits) {
        this.credits = credits;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(Instant expiresAt) {
        this.expiresAt = expiresAt;
        this.expirySet = true;
    }

    public void neverExpires() {
        this.expiresAt = null;
        this.expirySet = true;
    }

    /** True once a rule decided the expiry (a date, or never). */
    public boolean isExpirySet() {
        return expirySet;
    }

    public int getBurnPriority() {
        return burnPriority;
    }

    public void setBurnPriority(int burnPriority) {
        this.burnPriority = burnPriority;
    }
}
