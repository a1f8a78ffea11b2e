package io.creditpool.kernel.port.in;

/**
 * Finishes the top-ups a stop left half done: a purchase recorded but not yet charged, a charge whose answer never
 * came (a timeout, a crash between the charge and the grant). Each is charged again with its own idempotency key, so
 * the customer pays at most once and, if they paid, gets the credits exactly once. Run it when a front starts; it is
 * safe to run at any time, from any number of instances at once.
 */
public interface RecoverPurchasesUseCase {
    /** What a recovery found and how it ended. */
    record Recovery(int pending, int granted, int declined, int stillUnknown) {
    }

    /** Charges every pending purchase of every team again with its key, whether or not it is due yet. */
    Recovery recoverPurchases();
}
