package io.creditpool.kernel.domain;

import java.time.Instant;
import java.util.Comparator;

/**
 * Credits added to a team's pool by one source, with what is left of them and when they expire
 * (never, when {@code expiresAt} is null). The policy decides expiry and burn priority when the grant is made.
 */
public final class Grant {
    /** Burn order: lower priority first, then soonest expiry (never-expiring last), then oldest. */
    public static final Comparator<Grant> BURN_ORDER = Comparator
            .comparingInt(Grant::burnPriority)
            .thenComparing(Grant::expiresAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Grant::grantedAt)
            .thenComparingLong(Grant::id);

    private final long id;
    private final GrantSource source;
    private final long credits;
    private final Instant grantedAt;
    private final Instant expiresAt;
    private final int burnPriority;
    private long remaining;

    private Grant(long id, GrantSource source, long credits, long remaining, Instant grantedAt, Instant expiresAt,
            int burnPriority) {
        this.id = id;
        this.source = source;
        this.credits = credits;
        this.remaining = remaining;
        this.grantedAt = grantedAt;
        this.expiresAt = expiresAt;
        this.burnPriority = burnPriority;
    }

    /** A new grant with all its credits remaining. */
    public static Grant of(long id, GrantSource source, long credits, Instant grantedAt, GrantTerms terms) {
        return new Grant(id, source, credits, credits, grantedAt, terms.expiresAt(), terms.burnPriority());
    }

    /** A grant as a store read it back. */
    public static Grant restore(long id, GrantSource source, long credits, long remaining, Instant grantedAt,
            Instant expiresAt, int burnPriority) {
        return new Grant(id, source, credits, remaining, grantedAt, expiresAt, burnPriority);
    }

    public Grant copy() {
        return new Grant(id, source, credits, remaining, grantedAt, expiresAt, burnPriority);
    }

    public long id() {
        return id;
    }

    public GrantSource source() {
        return source;
    }

    public long credits() {
        return credits;
    }

    public long remaining() {
        return remaining;
    }

    public Instant grantedAt() {
        return grantedAt;
    }

    /** When the grant expires, or null: never. */
    public Instant expiresAt() {
        return expiresAt;
    }

    public int burnPriority() {
        return burnPriority;
    }

    /** True when the grant has expired at {@code at} (an expiry instant is the first instant it no longer counts). */
    public boolean expiredAt(Instant at) {
        return expiresAt != null && !at.isBefore(expiresAt);
    }

    long draw(long wanted) {
        long taken = Math.min(wanted, remaining);
        remaining -= taken;
        return taken;
    }

    /** Takes back credits a reservation held from this grant; it never holds more than it was granted. */
    void giveBack(long returned) {
        if (returned < 0 || remaining + returned > credits) {
            throw new IllegalStateException("giving " + returned + " back to " + this + " would exceed its "
                    + credits + " credits");
        }
        remaining += returned;
    }

    long expire() {
        long gone = remaining;
        remaining = 0;
        return gone;
    }

    @Override
    public String toString() {
        return "grant " + id + " (" + source.word() + ", " + remaining + "/" + credits
                + (expiresAt == null ? ", never expires)" : ", expires " + expiresAt + ")");
    }
}
