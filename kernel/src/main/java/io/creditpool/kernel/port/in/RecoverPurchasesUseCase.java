package io.creditpool.kernel.port.in;

/**
 * Finishes the top-ups a stop left half done: a purchase recorded but not yet charged, a charge whose answer never
 * came (a timeout, a crash between the charge and the grant). Each is claimed as a purchase worker claims it, looked
 * up at the processor when it was tried before, and charged again with its own idempotency key only if nothing was
 * taken, so the customer pays at most once and, if they paid, gets the credits exactly once. A purchase a worker's
 * lease holds is left to that worker. Safe to run at any time, from any number of instances at once.
 */
public interface RecoverPurchasesUseCase {
    /** What a recovery found and how it ended. */
    record Recovery(int pending, int granted, int declined, int stillUnknown) {
    }

    /**
     * Completes every pending purchase of every team, whether or not its back-off has passed, except those a worker
     * holds (counted in {@code pending} only).
     */
    Recovery recoverPurchases();
}
