package io.creditpool.adapters.http;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A brake on guessing API keys: after {@code limit} failed authentications from one client address within a minute,
 * that address is answered {@code 429} (with {@code Retry-After}) without its key being looked at, until its oldest
 * failure is a minute old. Other addresses, and so the product's own valid keys, are not slowed. The address is the
 * connection's, never a header a client writes. Memory is bounded: at most {@code limit} instants per address, and
 * addresses whose failures are all older than a minute are dropped.
 */
final class AuthThrottle {
    /** System property (or {@code CREDITPOOL_AUTH_FAILURES_PER_MINUTE}): failures a minute before 429; 0 turns it off. */
    static final String SETTING = "creditpool.http.auth-failures-per-minute";
    static final int DEFAULT_LIMIT = 20;
    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int PRUNE_ABOVE = 10_000;

    private final int limit;
    private final LongSupplier nanos;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    AuthThrottle(int limit, LongSupplier nanos) {
        if (limit < 0) {
            throw new IllegalArgumentException(SETTING + ": must be 0 (off) or more, was " + limit);
        }
        this.limit = limit;
        this.nanos = nanos;
    }

    /** The limit configured by {@link #SETTING} (system property, then environment), else {@link #DEFAULT_LIMIT}. */
    static AuthThrottle configured() {
        String text = System.getProperty(SETTING, System.getenv("CREDITPOOL_AUTH_FAILURES_PER_MINUTE"));
        int limit;
        try {
            limit = text == null || text.isBlank() ? DEFAULT_LIMIT : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SETTING + ": must be a whole number, was '" + text + "'");
        }
        return new AuthThrottle(limit, System::nanoTime);
    }

    int limit() {
        return limit;
    }

    /** Seconds until {@code address} may try again, when it is braked now; empty when it may try. */
    OptionalLong retryAfterSeconds(String address) {
        if (limit == 0) {
            return OptionalLong.empty();
        }
        Deque<Long> seen = failures.get(address);
        if (seen == null) {
            return OptionalLong.empty();
        }
        long now = nanos.getAsLong();
        synchronized (seen) {
            drop(seen, now);
            if (seen.size() < limit) {
                return OptionalLong.empty();
            }
            long waitNanos = seen.peekFirst() + WINDOW.toNanos() - now;
            return OptionalLong.of(Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L));
        }
    }

    /** Counts a failed authentication from {@code address}. */
    void failed(String address) {
        if (limit == 0) {
            return;
        }
        long now = nanos.getAsLong();
        if (failures.size() > PRUNE_ABOVE) {
            failures.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    drop(e.getValue(), now);
                    return e.getValue().isEmpty();
                }
            });
        }
        Deque<Long> seen = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (seen) {
            drop(seen, now);
            seen.addLast(now);
            while (seen.size() > limit) {
                seen.removeFirst();
            }
        }
    }

    private static void drop(Deque<Long> seen, long now) {
        while (!seen.isEmpty() && now - seen.peekFirst() >= WINDOW.toNanos()) {
            seen.removeFirst();
        }
    }
}
