package io.creditpool.adapters.scenario;

import io.creditpool.rules.WatchedThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the scenarios that check a candidate rule set ({@code rules check}, a reload) with a time limit each
 * (setting {@code creditpool.rules.scenario-timeout-s}, default 10 s), so that a rule whose action never ends (a Java
 * loop, which the firing cap cannot see) refuses the set instead of hanging the check. Each scenario runs on a daemon
 * thread of its own; one that does not finish in time is left running, since Java cannot stop a thread that does
 * not listen: it keeps a core busy until the process ends, and a warning says so.
 */
public final class ScenarioTimeLimit {
    public static final String PROPERTY = "creditpool.rules.scenario-timeout-s";
    public static final Duration DEFAULT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger("io.creditpool.rules");
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Duration limit;

    public ScenarioTimeLimit(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("a scenario's time limit must be above 0, was " + limit);
        }
        this.limit = limit;
    }

    /**
     * The limit the setting names, in whole seconds, else {@link #DEFAULT}.
     *
     * @throws IllegalArgumentException naming the setting when it is not a whole number of seconds above 0
     */
    public static ScenarioTimeLimit configured() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return new ScenarioTimeLimit(DEFAULT);
        }
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds > 0) {
                return new ScenarioTimeLimit(Duration.ofSeconds(seconds));
            }
        } catch (NumberFormatException e) {
            // told below
        }
        throw new IllegalArgumentException(PROPERTY + ": expected a whole number of seconds above 0, was '" + value
                + "'");
    }

    public Duration limit() {
        return limit;
    }

    /**
     * Reads the scenario in {@code file} and runs it with {@code runner} on a thread of its own, waiting at most the
     * limit.
     *
     * @throws ScenarioException when the file is not a well-formed scenario
     * @throws ScenarioTimeoutException when the scenario did not finish in time; its thread is left running
     */
    public ScenarioRunner.Result run(ScenarioRunner runner, Path file) {
        Scenario scenario = ScenarioParser.parse(file);
        CompletableFuture<ScenarioRunner.Result> result = new CompletableFuture<>();
        WatchedThread thread = new WatchedThread(() -> {
            try {
                result.complete(runner.run(scenario));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "creditpool-scenario-" + THREADS.incrementAndGet());
        thread.start();
        try {
            return result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw stuck(scenario, file, thread);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.interrupt();
            throw new IllegalStateException("interrupted while scenario '" + scenario.name() + "' ran", e);
        }
    }

    private ScenarioTimeoutException stuck(Scenario scenario, Path file, WatchedThread thread) {
        Optional<String> rule = thread.firing();
        StackTraceElement[] stack = thread.getStackTrace();
        thread.interrupt();   // stops a rule that sleeps or waits; a busy loop does not notice
        String where = rule.map(r -> "the rule firing was " + r)
                .orElse("no rule's action was running" + (stack.length == 0 ? "" : " (the scenario was at "
                        + stack[0] + ")"));
        String message = "scenario '" + scenario.name() + "' (" + file.getFileName() + ") did not finish within "
                + seconds() + ": a rule may loop forever; " + where;
        LOG.warn("rules scenario did not finish scenario=\"{}\" thread={} limit_s={} {}; the thread cannot be stopped "
                + "and keeps a core busy until the process restarts", scenario.name(), thread.getName(),
                limit.toSeconds(), where);
        return new ScenarioTimeoutException(message, rule.orElse(null));
    }

    private String seconds() {
        return limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
    }
}
