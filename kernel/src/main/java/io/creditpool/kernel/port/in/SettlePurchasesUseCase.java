package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.DuePurchase;

import java.time.Duration;
import java.util.List;

/**
 * The worker's side of a top-up: purchases recorded by commands are claimed, charged and completed here, off the
 * request path. A claim is made in the team's own transaction and holds the purchase for a lease, so one worker
 * charges it at a time; a worker that stops is replaced once the lease runs out, and a worker that comes back after
 * it was replaced writes nothing (each claim carries a fencing token, and only the latest claim's outcome is
 * recorded). Leases run on the store's clock. A purchase tried before (its outcome
 * was unknown, or its lease ran out) is looked up at the processor before it is charged again with its key.
 *
 * <p>The kernel starts no thread: the embedded module's worker calls this from its own threads, and tests or
 * scenarios that want everything settled before they look call {@link #settleDue()} on their own thread.
 */
public interface SettlePurchasesUseCase {
    /** How one attempt at one purchase ended. */
    enum Attempt {
        /** Not claimed: gone (completed), not due yet, or held by another worker's lease. */
        NOT_CLAIMED,
        /** Charged (or found charged) and granted. */
        GRANTED,
        /** Declined: nothing granted, the purchase is over. */
        DECLINED,
        /** The outcome stayed unknown: the purchase is tried again later, with the same key. */
        UNKNOWN,
        /**
         * Claimed, but the claim's lease ran out before its outcome could be recorded, and another claim holds the
         * purchase now or has completed it: nothing this worker learnt was written (its fencing token is stale), and
         * a worker whose lease had run out before the charge did not charge. The later claim records the outcome.
         */
        LEASE_LOST
    }

    /** What a round of settlement did. */
    record Settlement(int claimed, int granted, int declined, int stillUnknown) {
        public Settlement plus(Attempt attempt) {
            return switch (attempt) {
                case NOT_CLAIMED -> this;
                case LEASE_LOST -> new Settlement(claimed + 1, granted, declined, stillUnknown);
                case GRANTED -> new Settlement(claimed + 1, granted + 1, declined, stillUnknown);
                case DECLINED -> new Settlement(claimed + 1, granted, declined + 1, stillUnknown);
                case UNKNOWN -> new Settlement(claimed + 1, granted, declined, stillUnknown + 1);
            };
        }
    }

    /** The pending purchases of the whole store due by now, soonest first, at most {@code limit}. */
    List<DuePurchase> due(int limit);

    /**
     * Claims purchase {@code key} of {@code team} if it is due (held for {@code lease}), charges it (after asking the
     * processor when it was tried before) and records the outcome.
     */
    Attempt settle(TeamId team, String key, Duration lease);

    /** Settles every purchase due now, one after another on the calling thread. */
    Settlement settleDue();
}
