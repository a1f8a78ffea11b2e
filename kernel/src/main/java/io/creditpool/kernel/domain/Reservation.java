package io.creditpool.kernel.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Credits held for work in progress: drawn from grants in burn order when reserved, out of the pool and counted in
 * the member's usage until the reservation is settled with the real cost or released; it releases itself at
 * {@code expiresAt}. It is named by the request id that made it. {@code group} is the group its credits count against
 * (the member's when it was made; null: none), whichever group the member is in when it ends.
 */
public record Reservation(RequestId id, MemberId member, long credits, List<LedgerEntry.HeldDraw> draws,
        Instant reservedAt, Instant expiresAt, GroupId group) {
    /** How long credits are held when the caller does not say. */
    public static final Duration DEFAULT_HOLD = Duration.ofMinutes(15);
    /** The longest hold: credits are never kept from the pool for more than a day by one reservation. */
    public static final Duration LONGEST_HOLD = Duration.ofHours(24);

    public Reservation {
        draws = List.copyOf(draws);
        if (draws.stream().mapToLong(LedgerEntry.HeldDraw::credits).sum() != credits) {
            throw new IllegalStateException("reservation " + id + " of " + credits + " holds draws of another sum: "
                    + draws);
        }
    }

    /** A reservation that counts against no group. */
    public Reservation(RequestId id, MemberId member, long credits, List<LedgerEntry.HeldDraw> draws,
            Instant reservedAt, Instant expiresAt) {
        this(id, member, credits, draws, reservedAt, expiresAt, null);
    }

    /** A hold a caller asked for: null means {@link #DEFAULT_HOLD}; at least a second, at most {@link #LONGEST_HOLD}. */
    public static Duration hold(Duration asked) {
        if (asked == null) {
            return DEFAULT_HOLD;
        }
        if (asked.compareTo(Duration.ofSeconds(1)) < 0 || asked.compareTo(LONGEST_HOLD) > 0) {
            throw new InvalidInputException("hold-for", "must be between 1 second and " + LONGEST_HOLD.toHours()
                    + " hours, was " + asked);
        }
        return asked;
    }

    /** True when the reservation has run out at {@code at} (its expiry is the first instant it no longer holds). */
    public boolean expiredAt(Instant at) {
        return !at.isBefore(expiresAt);
    }
}
