package io.creditpool.kernel.port.out;

import io.creditpool.kernel.domain.TeamId;

/**
 * Where a command hands the purchases it recorded to the workers that charge them, so that a purchase starts at once
 * instead of waiting for the next poll. Called after the command's transaction has committed. The kernel starts no
 * thread: the implementation decides where the work runs (a small pool of worker threads in the embedded module).
 */
public interface PurchaseHandOff {
    /**
     * Purchase {@code key} of {@code team} was just recorded (or a request about it was replayed): have a worker
     * claim and charge it soon. Must not block on the charge, nor throw: a purchase that is not handed off is still
     * found by the workers' poll.
     */
    void ordered(TeamId team, String key);

    /**
     * Waits, up to the configured time for a manual top-up ({@code creditpool.payments.wait}), for a worker to finish
     * its attempt at purchase {@code key}; the caller then reads what was recorded. Returns at once when the wait is 0.
     */
    void awaitAttempt(TeamId team, String key);

    /** No worker: purchases wait for a poll or an explicit settlement. */
    PurchaseHandOff NONE = new PurchaseHandOff() {
        @Override
        public void ordered(TeamId team, String key) {
        }

        @Override
        public void awaitAttempt(TeamId team, String key) {
        }
    };
}
