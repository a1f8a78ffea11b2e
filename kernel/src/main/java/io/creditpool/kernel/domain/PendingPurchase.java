package io.creditpool.kernel.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A top-up decided and recorded before its charge: everything needed to charge with the same idempotency key and
 * grant exactly once, kept with the team until the processor's answer is known (succeeded or declined). A command
 * only records it; a worker claims it (a lease: {@code nextAttemptAt} moves past the time the worker needs, and
 * {@code claims} counts the claims), charges and completes it.
 *
 * <p>{@code claims} is also the claim's fencing token: each claim, made in the team's transaction, takes the next
 * number, and a worker records an outcome only while the purchase still carries its number. A worker whose lease ran
 * out while it was paused (a long collection, a stopped machine) and that another worker claimed after it finds a
 * later number, and what it would write is refused. The lease itself runs until {@code leaseUntil}, measured on the
 * store's clock ({@code CreditStore#databaseTime()}), the one clock every instance sharing the store agrees on.
 *
 * @param team          the team buying
 * @param key           the idempotency key: every charge for this purchase uses it
 * @param owner         who is told when it fails
 * @param rules         the rules that decided the purchase
 * @param requestId     the request that asked for it, or null (auto top-up)
 * @param fingerprint   the content of that request, or null
 * @param attempts      charges tried whose outcome stayed unknown
 * @param nextAttemptAt when a worker may claim it (again): at once for a new purchase, after the lease for a claimed
 *                      one, after a back-off for one whose outcome stayed unknown
 * @param claims        how many times a worker claimed it; a claim after the first asks the processor what it holds
 *                      before charging again. The number of the latest claim: its fencing token
 * @param leaseUntil    when the latest claim's lease runs out, on the store's clock; {@link #NO_LEASE} when no claim
 *                      holds it (never claimed, or its last claim's outcome recorded); null for a purchase recorded
 *                      before leases were kept apart, whose lease is told by {@code nextAttemptAt}
 */
public record PendingPurchase(TeamId team, String key, GrantSource source, long credits, Money price, GrantTerms grant,
        MemberId owner, List<String> rules, RequestId requestId, String fingerprint, Instant startedAt, int attempts,
        Instant nextAttemptAt, int claims, Instant leaseUntil) {
    /** The first wait after an unknown outcome; each further one doubles it. */
    public static final Duration FIRST_BACKOFF = Duration.ofMinutes(1);
    private static final Duration LONGEST_BACKOFF = Duration.ofHours(6);
    /** The {@code leaseUntil} of a purchase no claim holds. */
    public static final Instant NO_LEASE = Instant.EPOCH;

    public PendingPurchase {
        rules = List.copyOf(rules);
    }

    /** A purchase with no lease of its own kept apart (as recorded before leases ran on the store's clock). */
    public PendingPurchase(TeamId team, String key, GrantSource source, long credits, Money price, GrantTerms grant,
            MemberId owner, List<String> rules, RequestId requestId, String fingerprint, Instant startedAt,
            int attempts, Instant nextAttemptAt, int claims) {
        this(team, key, source, credits, price, grant, owner, rules, requestId, fingerprint, startedAt, attempts,
                nextAttemptAt, claims, null);
    }

    public static PendingPurchase start(TeamId team, String key, GrantSource source, long credits, Money price,
            GrantTerms grant, MemberId owner, List<String> rules, RequestId requestId, String fingerprint, Instant at) {
        return new PendingPurchase(team, key, source, credits, price, grant, owner, rules, requestId, fingerprint, at, 0,
                at, 0, NO_LEASE);
    }

    /** This purchase claimed by a worker at {@code at}: no other worker takes it before {@code at + lease}. */
    public PendingPurchase claimed(Instant at, Duration lease) {
        return claimed(at, at, lease);
    }

    /**
     * This purchase claimed by a worker at {@code at} (the team's time) and {@code storeNow} (the store's clock): it
     * is held until {@code storeNow + lease}, and comes due again at {@code at + lease} should the worker not return.
     * The claim takes the next fencing token.
     */
    public PendingPurchase claimed(Instant at, Instant storeNow, Duration lease) {
        // a purchase recorded before workers claimed purchases (never claimed, yet not due at its start) may have
        // been charged by the command that recorded it: its first claim counts as a second, so it is looked up first
        boolean chargedInline = claims == 0 && !nextAttemptAt.equals(startedAt);
        return new PendingPurchase(team, key, source, credits, price, grant, owner, rules, requestId, fingerprint,
                startedAt, attempts, at.plus(lease), chargedInline ? 2 : claims + 1, storeNow.plus(lease));
    }

    /**
     * This purchase's claim held again by the same worker, its fencing token unchanged: the worker found its lease
     * run out before its charge, and no other claim had taken the purchase meanwhile.
     */
    public PendingPurchase renewed(Instant at, Instant storeNow, Duration lease) {
        return new PendingPurchase(team, key, source, credits, price, grant, owner, rules, requestId, fingerprint,
                startedAt, attempts, at.plus(lease), claims, storeNow.plus(lease));
    }

    /**
     * Whether a claim's lease ran out at {@code storeNow} with no outcome recorded for it (its worker stopped or
     * paused): the purchase may be claimed again at once, whatever the team's clock says.
     */
    public boolean leaseRanOut(Instant storeNow) {
        return claims > attempts && leaseUntil != null && !leaseUntil.equals(NO_LEASE)
                && !leaseUntil.isAfter(storeNow);
    }

    /** Whether {@code other} is this purchase as claimed by the same claim: it carries the same fencing token. */
    public boolean sameClaimAs(PendingPurchase other) {
        return key.equals(other.key) && claims == other.claims;
    }

    /** This purchase after one more charge whose outcome stayed unknown: tried again later, backing off. */
    public PendingPurchase afterUnknownOutcome(Instant at) {
        Duration wait = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempts, 16));
        return new PendingPurchase(team, key, source, credits, price, grant, owner, rules, requestId, fingerprint,
                startedAt, attempts + 1, at.plus(wait.compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF : wait),
                claims, NO_LEASE);
    }

    /** Whether a charge for it may already have been tried: the processor is asked before it is charged again. */
    public boolean triedBefore() {
        return claims > 1 || attempts > 0;
    }

    /**
     * Whether a worker's claim holds it at {@code storeNow} (the store's clock): claimed, no outcome recorded for that
     * claim, lease running. A purchase recorded before leases were kept apart (no {@code leaseUntil}) holds by
     * {@code nextAttemptAt}.
     */
    public boolean heldByWorker(Instant storeNow) {
        return claims > attempts && (leaseUntil != null ? leaseUntil.isAfter(storeNow) : !dueBy(storeNow));
    }

    /** This purchase to be claimed at once (its owner asked again): the back-off is cut short, a lease is not. */
    public PendingPurchase dueAt(Instant at) {
        return new PendingPurchase(team, key, source, credits, price, grant, owner, rules, requestId, fingerprint,
                startedAt, attempts, at, claims, leaseUntil);
    }

    public boolean dueBy(Instant at) {
        return !nextAttemptAt.isAfter(at);
    }
}
