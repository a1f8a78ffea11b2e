package io.creditpool.kernel.port.out;

import io.creditpool.kernel.domain.TeamId;

import java.time.Instant;

/**
 * A pending purchase a worker may claim: its team, its key, and when it became (or becomes) claimable.
 *
 * @param team  the team that bought
 * @param key   the purchase's idempotency key
 * @param dueAt when it may be claimed: at once for a new purchase, after a lease or a back-off for one tried before
 */
public record DuePurchase(TeamId team, String key, Instant dueAt) {
    public DuePurchase {
        if (team == null || key == null) {
            throw new IllegalArgumentException("a due purchase needs its team and key");
        }
    }
}
