package io.creditpool.adapters.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one kind of request from several callers at once for a while and measures each: the load driver behind
 * {@code ./creditpool load} and the storage benchmark.
 */
public final class LoadDriver {
    /** One request: caller number and the caller's request count so far. */
    @FunctionalInterface
    public interface Request {
        void run(int caller, long i) throws Exception;
    }

    /** What a run measured; latencies in microseconds. */
    public record Result(int callers, long requests, double seconds, double p50Micros, double p99Micros,
            double p999Micros, double maxMicros) {
        public double perSecond() {
            return requests / seconds;
        }
    }

    private LoadDriver() {
    }

    /** Each caller sends its next request as soon as the last is answered: as much load as the callers can make. */
    public static Result run(int callers, Duration duration, Request request) throws Exception {
        return run(callers, duration, request, 0);
    }

    /**
     * The callers together send {@code perSecond} requests a second, evenly spaced (as fast as they can when it is 0).
     * A paced request's latency counts from when it was due, not when it was sent, so a stall shows in full in the
     * latencies of every request it held up.
     */
    public static Result run(int callers, Duration duration, Request request, double perSecond) throws Exception {
        long interval = perSecond > 0 ? Math.round(callers * 1e9 / perSecond) : 0;
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        List<Future<long[]>> results = new ArrayList<>();
        long started = System.nanoTime();
        for (int c = 0; c < callers; c++) {
            int caller = c;
            results.add(threads.submit(() -> {
                long[] latencies = new long[1 << 14];
                int n = 0;
                long first = System.nanoTime() + interval * caller / callers;
                for (long i = 0; !stop.get(); i++) {
                    long t0 = System.nanoTime();
                    if (interval > 0) {
                        t0 = first + i * interval;
                        for (long wait = t0 - System.nanoTime(); wait > 0 && !stop.get();
                                wait = t0 - System.nanoTime()) {
                            LockSupport.parkNanos(wait);
                        }
                    }
                    request.run(caller, i);
                    long took = System.nanoTime() - t0;
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = took;
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        Thread.sleep(duration.toMillis());
        stop.set(true);
        List<long[]> all = new ArrayList<>();
        try {
            for (Future<long[]> f : results) {
                all.add(f.get());
            }
        } finally {
            threads.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] sorted = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(callers, sorted.length, seconds, percentile(sorted, 0.50) / 1e3,
                percentile(sorted, 0.99) / 1e3, percentile(sorted, 0.999) / 1e3, percentile(sorted, 1.0) / 1e3);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
