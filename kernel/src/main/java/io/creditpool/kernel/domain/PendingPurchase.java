package io.creditpool.kernel.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A top-up decided and recorded before its charge: everything needed to charge with the same idempotency key and
 * grant exactly once, kept with the team until the processor's answer is known (succeeded or declined).
 *
 * @param team          the team buying
 * @param key           the idempotency key: every charge for this purchase uses it
 * @param owner         who is told when it fails
 * @param rules         the rules that decided the purchase
 * @param requestId     the request that asked for it, or null (auto top-up)
 * @param fingerprint   the content of that request, or null
 * @param attempts      charges tried whose outcome stayed unknown
 * @param nextAttemptAt when it may be tried again by anyone else than the request that made it
 */
public record PendingPurchase(TeamId team, String key, GrantSource source, long credits, Money price, GrantTerms grant,
        MemberId owner, List<String> rules, RequestId requestId, String fingerprint, Instant startedAt, int attempts,
        Instant nextAttemptAt) {
    /** How long the request that made a purchase has to charge before others may resume it. */
    public static final Duration FIRST_ATTEMPT_GRACE = Duration.ofMinutes(1);
    private static final Duration LONGEST_BACKOFF = Duration.ofHours(6);

    public PendingPurchase {
        rules = List.copyOf(rules);
    }

    public static PendingPurchase start(TeamId team, String key, GrantSource source, long credits, Money price, GrantTerms grant,
            MemberId owner, List<String> rules, RequestId requestId, String fingerprint, Instant at) {
        return new PendingPurchase(team, key, source, credits, price, grant, owner, rules, requestId, fingerprint, at, 0,
                at.plus(FIRST_ATTEMPT_GRACE));
    }

    /** This purchase after one more charge whose outcome stayed unknown: tried again later, backing off. */
    public PendingPurchase afterUnknownOutcome(Instant at) {
        Duration wait = FIRST_ATTEMPT_GRACE.multipliedBy(1L << Math.min(attempts, 16));
        return new PendingPurchase(team, key, source, credits, price, grant, owner, rules, requestId, fingerprint,
                startedAt, attempts + 1, at.plus(wait.compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF : wait));
    }

    public boolean dueBy(Instant at) {
        return !nextAttemptAt.isAfter(at);
    }
}
