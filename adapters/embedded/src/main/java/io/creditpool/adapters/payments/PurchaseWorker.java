package io.creditpool.adapters.payments;

import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.SettlePurchasesUseCase;
import io.creditpool.kernel.port.in.SettlePurchasesUseCase.Attempt;
import io.creditpool.kernel.port.out.DuePurchase;
import io.creditpool.kernel.port.out.PurchaseHandOff;
import io.creditpool.rules.LiveRules;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that charge top-ups, off the request path: a small fixed pool that claims, charges and completes the
 * purchases commands record ({@link SettlePurchasesUseCase}). A purchase is handed over the moment its command has
 * stored it; a poll finds the others (due again after a back-off, left by a stopped instance or recorded by another
 * one) in the store's index of due purchases. Each claim is a lease in the team's own transaction, so two workers,
 * in this process or another, never charge the same purchase at once.
 *
 * <p>Settings (system properties, or the environment variables in capitals with {@code _}):
 * <ul>
 *   <li>{@code creditpool.payments.workers}: threads that charge, default 2; 0 starts none (synchronous: a manual
 *       top-up is charged on the calling thread, everything else waits for {@code Creditpool.settlePurchases()})</li>
 *   <li>{@code creditpool.payments.wait}: how long a manual top-up waits for its charge before it answers
 *       {@code payment-pending}, default 5s, 0 allowed</li>
 *   <li>{@code creditpool.payments.poll}: how often the store is asked for due purchases, default 10s</li>
 *   <li>{@code creditpool.payments.lease}: how long a claim holds a purchase, default 2m; longer than the payment
 *       plugin takes to answer (a worker that stops is replaced once its lease has run out)</li>
 * </ul>
 * Durations are written {@code 500ms}, {@code 5s}, {@code 2m} or as ISO-8601 ({@code PT5S}).
 */
@Singleton
public final class PurchaseWorker implements PurchaseHandOff, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PurchaseWorker.class.getName());
    public static final String WORKERS = "creditpool.payments.workers";
    public static final String WAIT = "creditpool.payments.wait";
    public static final String POLL = "creditpool.payments.poll";
    public static final String LEASE = "creditpool.payments.lease";
    /** How long {@link #close} lets a charge under way finish before it interrupts it. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Provider<SettlePurchasesUseCase> purchases;
    private final LiveRules rules;
    private final Settings settings;
    /** Purchases a thread of this worker is on, so one purchase is worked on once here and waits join it. */
    private final Map<Ref, CompletableFuture<Attempt>> inFlight = new ConcurrentHashMap<>();
    private ExecutorService pool;
    private ScheduledExecutorService poller;
    private volatile boolean stopped;

    private record Ref(TeamId team, String key) {
    }

    /** The worker's settings. */
    public record Settings(int workers, Duration waitForCharge, Duration poll, Duration lease) {
        /**
         * 16 threads: a charge is mostly waiting (on the processor and on the team's transactions), so a top-up that
         * finds every thread busy waits for one; with 2, a top-up beside 32 callers on PostgreSQL waited 206 ms at
         * p50 (docs/benchmarks.md, "Top-ups beside consumptions"), with 16 it takes 50 ms.
         */
        public static final Settings DEFAULT = new Settings(16, Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofMinutes(2));

        public Settings {
            if (workers < 0 || workers > 64) {
                throw new IllegalArgumentException(WORKERS + ": " + workers + " is not 0 to 64");
            }
            if (waitForCharge.isNegative()) {
                throw new IllegalArgumentException(WAIT + ": " + waitForCharge + " is negative");
            }
            if (poll.isNegative() || poll.isZero()) {
                throw new IllegalArgumentException(POLL + ": " + poll + " is not positive");
            }
            if (lease.isNegative() || lease.isZero()) {
                throw new IllegalArgumentException(LEASE + ": " + lease + " is not positive");
            }
        }

        /** The settings as the system properties and environment variables give them, else the defaults. */
        public static Settings configured() {
            return new Settings(
                    setting(WORKERS).map(v -> parseCount(WORKERS, v)).orElse(DEFAULT.workers()),
                    setting(WAIT).map(v -> duration(WAIT, v)).orElse(DEFAULT.waitForCharge()),
                    setting(POLL).map(v -> duration(POLL, v)).orElse(DEFAULT.poll()),
                    setting(LEASE).map(v -> duration(LEASE, v)).orElse(DEFAULT.lease()));
        }

        public Settings withWorkers(int count) {
            return new Settings(count, waitForCharge, poll, lease);
        }

        public Settings withWait(Duration wait) {
            return new Settings(workers, wait, poll, lease);
        }

        public Settings withPoll(Duration every) {
            return new Settings(workers, waitForCharge, every, lease);
        }

        public Settings withLease(Duration value) {
            return new Settings(workers, waitForCharge, poll, value);
        }

        private static java.util.Optional<String> setting(String name) {
            String value = System.getProperty(name);
            if (value == null) {
                value = System.getenv(name.toUpperCase(Locale.ROOT).replace('.', '_'));
            }
            return value == null || value.isBlank() ? java.util.Optional.empty()
                    : java.util.Optional.of(value.trim());
        }

        private static int parseCount(String name, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": '" + value + "' is not a whole number");
            }
        }

        /** {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, a number of seconds, or ISO-8601 ({@code PT5S}). */
        static Duration duration(String name, String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            try {
                if (v.startsWith("pt") || v.startsWith("p")) {
                    return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
                }
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
                }
                if (v.endsWith("s")) {
                    return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1).trim()));
                }
                if (v.endsWith("m")) {
                    return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1).trim()));
                }
                if (v.endsWith("h")) {
                    return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1).trim()));
                }
                return Duration.ofSeconds(Long.parseLong(v));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(name + ": '" + value + "' is not a duration (500ms, 5s, 2m, PT5S)");
            }
        }
    }

    @Inject
    public PurchaseWorker(Provider<SettlePurchasesUseCase> purchases, LiveRules rules, Settings settings) {
        this.purchases = purchases;
        this.rules = rules;
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** Starts the threads (none when the settings say 0 workers) and the poll. Called once, by Creditpool. */
    public synchronized void start() {
        if (pool != null || stopped || settings.workers() == 0) {
            return;
        }
        pool = Executors.newFixedThreadPool(settings.workers(), threads("creditpool-purchase-worker"));
        poller = Executors.newSingleThreadScheduledExecutor(threads("creditpool-purchase-poll"));
        long every = settings.poll().toMillis();
        // the first poll comes soon after a start: purchases a stopped instance left behind
        poller.scheduleWithFixedDelay(this::poll, Math.min(every, 1_000), every, TimeUnit.MILLISECONDS);
    }

    /** Whether threads charge in the background (false: synchronous, see {@link Settings#workers()}). */
    public boolean running() {
        return pool != null && !stopped;
    }

    @Override
    public void ordered(TeamId team, String key) {
        if (running()) {
            submit(new Ref(team, key));
        }
    }

    @Override
    public void awaitAttempt(TeamId team, String key) {
        Ref ref = new Ref(team, key);
        if (!running()) {
            // synchronous: the caller's own thread settles its purchase, as a test or a scenario expects
            if (settings.workers() == 0) {
                settle(ref);
            }
            return;
        }
        if (settings.waitForCharge().isZero()) {
            return;
        }
        CompletableFuture<Attempt> running = inFlight.get(ref);
        if (running == null) {
            running = submit(ref);
        }
        try {
            running.get(settings.waitForCharge().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // answered as pending; the worker goes on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "purchase " + key + " failed in the worker", e.getCause());
        }
    }

    /** Polls once now, on the calling thread: the purchases due in the store are handed to the threads. */
    void poll() {
        try {
            for (DuePurchase due : rules.within(() -> purchases.get().due(100))) {
                submit(new Ref(due.team(), due.key()));
            }
        } catch (RuntimeException e) {
            // the store is away: the next poll tries again
            LOG.log(System.Logger.Level.WARNING, "polling for due purchases failed: " + e.getMessage());
        } catch (Error e) {
            // anything thrown out of a scheduled poll would stop every later poll: log it and go on
            LOG.log(System.Logger.Level.ERROR, "polling for due purchases failed", e);
        }
    }

    private CompletableFuture<Attempt> submit(Ref ref) {
        CompletableFuture<Attempt> created = new CompletableFuture<>();
        CompletableFuture<Attempt> running = inFlight.putIfAbsent(ref, created);
        if (running != null) {
            return running;
        }
        try {
            pool.execute(() -> {
                try {
                    created.complete(settle(ref));
                } catch (RuntimeException | Error e) {
                    created.completeExceptionally(e);
                } finally {
                    inFlight.remove(ref, created);
                }
            });
        } catch (RejectedExecutionException e) {
            // stopping: the purchase stays in the store and is found by the next instance's poll
            inFlight.remove(ref, created);
            created.complete(Attempt.NOT_CLAIMED);
        }
        return created;
    }

    private Attempt settle(Ref ref) {
        try {
            return rules.within(() -> purchases.get().settle(ref.team(), ref.key(), settings.lease()));
        } catch (RuntimeException e) {
            // the purchase stays recorded: its lease runs out and a worker claims it again
            LOG.log(System.Logger.Level.WARNING, "settling purchase " + ref.key() + " failed: " + e.getMessage(), e);
            throw e;
        }
    }

    /**
     * Stops polling, lets the charges under way finish (up to 10 s, then interrupts them: their purchases stay
     * claimed until the lease runs out, then another worker looks them up and completes them).
     */
    @Override
    public synchronized void close() {
        stopped = true;
        if (pool == null) {
            return;
        }
        poller.shutdownNow();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
                // interrupted charges end quickly; the store must not be closed under a worker still recording one
                if (!pool.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.log(System.Logger.Level.WARNING, "purchase workers still running after their stop; their "
                            + "purchases stay claimed until the lease runs out");
                }
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
