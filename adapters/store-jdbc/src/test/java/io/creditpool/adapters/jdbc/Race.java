package io.creditpool.adapters.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Callers on threads of their own, all let go at once: what each answered, in caller order. */
final class Race {
    private Race() {
    }

    /**
     * Runs {@code perCaller} for callers 0 to {@code callers - 1}, each on its own thread, started together; rethrows
     * what a caller threw. Waits as long as a busy machine may need: a deadline that is a bound, not a timing claim.
     */
    static <T> List<T> of(int callers, IntFunction<T> perCaller) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>(callers);
            for (int t = 0; t < callers; t++) {
                int caller = t;
                futures.add(threads.submit(() -> {
                    start.await();
                    return perCaller.apply(caller);
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>(callers);
            for (Future<T> f : futures) {
                results.add(f.get(300, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }
}
