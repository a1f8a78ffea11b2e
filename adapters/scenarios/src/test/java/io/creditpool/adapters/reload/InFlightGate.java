package io.creditpool.adapters.reload;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Called from a test rule's action: holds a decision in the middle of its rules until the test lets it go. */
public final class InFlightGate {
    static volatile CountDownLatch entered = new CountDownLatch(1);
    static volatile CountDownLatch release = new CountDownLatch(1);

    private InFlightGate() {
    }

    static void reset() {
        entered = new CountDownLatch(1);
        release = new CountDownLatch(1);
    }

    public static void hold() {
        entered.countDown();
        try {
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the decision");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
