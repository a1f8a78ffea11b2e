package io.creditpool;

import io.creditpool.RulesReload.Outcome;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.rules.LiveRules;
import io.creditpool.rules.PlanTable;
import io.creditpool.rules.RuleBase;
import io.creditpool.rules.RuleSet;
import io.creditpool.rules.RuleSetCheck;
import io.creditpool.rules.RuleSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Reloads the rules of a folder safely: reads the DRL files and the plan table, compiles them, checks them as
 * {@code rules check} does and runs every scenario in the folder's {@code scenarios/} on them ({@link RuleSetScenarios}:
 * in memory, each scenario on a Creditpool of its own and a daemon thread of its own, within a time limit), while the
 * calling thread waits; only if all of that passes is the new set swapped in, at
 * once. Otherwise the old set stays live. Decisions never wait for a reload: they read the live set without a
 * lock; reloads wait for each other.
 */
public final class RulesReloader {
    private static final Logger LOG = LoggerFactory.getLogger("io.creditpool.rules");

    private final LiveRules live;
    private final Path folder;
    private final Supplier<PlanTable> plans;
    /** Whether some team is on the plan of this name. */
    private final Predicate<String> planInUse;
    /** Runs the folder's scenarios on a candidate. */
    private final RuleSetScenarios scenarios;
    /** Serializes reloads; decisions never take it. */
    private final Object reloading = new Object();

    /**
     * Reloads {@code live} from the DRL files in {@code folder}, with the plan table {@code plans} reads; a plan table
     * without a plan that {@code planInUse} says teams are on is refused.
     */
    public RulesReloader(LiveRules live, Path folder, Supplier<PlanTable> plans, Predicate<String> planInUse,
            RuleSetScenarios scenarios) {
        this.live = live;
        this.scenarios = scenarios;
        this.folder = folder;
        this.plans = plans;
        this.planInUse = planInUse;
    }

    public Path folder() {
        return folder;
    }

    public RulesReload reload() {
        synchronized (reloading) {
            long start = System.nanoTime();
            RulesReload result = attempt(start);
            log(result);
            return result;
        }
    }

    private RulesReload attempt(long start) {
        RuleSet old = live.current();
        RuleSource source;
        PlanTable table;
        try {
            source = RuleSource.folder(folder);
            table = plans.get();
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            return refused(old, null, List.of(e.getMessage()), start);
        }
        String version = RuleSet.version(source, table);
        if (version.equals(old.version())) {
            return new RulesReload(Outcome.UNCHANGED, old.version(), old.version(), version, List.of(),
                    millisSince(start));
        }
        List<String> gone = plansInUseGone(old.plans(), table);
        if (!gone.isEmpty()) {
            return refused(old, version, gone, start);
        }
        // compiled afresh (not from the process-wide cache, which would keep every version ever loaded)
        AtomicReference<RuleBase> built = new AtomicReference<>();
        RuleSetCheck.Report report = RuleSetCheck.check(source, () -> table, s -> {
            built.set(RuleBase.build(s));
            return built.get();
        });
        RuleBase compiled = built.get();
        if (!report.passed() || compiled == null) {
            return refused(old, version, report.errors().stream().map(Object::toString).toList(), start);
        }
        report.warnings().forEach(w -> LOG.warn("rules warning version={} where={} message=\"{}\"", version,
                w.where(), w.message()));
        RuleSet next = new RuleSet(compiled, table, version, source.origin(), Instant.now());
        List<String> failures = scenarios.failures(folder, next);
        if (!failures.isEmpty()) {
            return refused(old, version, failures, start);
        }
        if (!live.swap(old, next)) {
            return refused(old, version, List.of("the live rules changed while this set was tested"), start);
        }
        return new RulesReload(Outcome.RELOADED, version, old.version(), version, List.of(), millisSince(start));
    }

    /** A line for each plan the live table has and {@code next} has not, while teams are on it. */
    private List<String> plansInUseGone(PlanTable live, PlanTable next) {
        List<String> gone = new ArrayList<>();
        for (Plan plan : live.plans()) {
            if (next.plan(plan.name()).isEmpty() && planInUse.test(plan.name())) {
                gone.add("plans.csv: plan '" + plan.name() + "' is no longer in the plan table, but teams are on it "
                        + "and could not be served; keep its row (a plan no longer sold can stay in the table)");
            }
        }
        return gone;
    }

    private RulesReload refused(RuleSet old, String candidate, List<String> errors, long start) {
        return new RulesReload(Outcome.REFUSED, old.version(), old.version(), candidate, errors, millisSince(start));
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private void log(RulesReload r) {
        switch (r.outcome()) {
            case RELOADED -> LOG.info("rules reloaded version={} folder={} took_ms={}", r.version(), folder,
                    r.tookMillis());
            case UNCHANGED -> LOG.info("rules unchanged version={} folder={} took_ms={}", r.version(), folder,
                    r.tookMillis());
            case REFUSED -> {
                LOG.warn("rules refused version={} live_version={} folder={} errors={} took_ms={}", r.candidate(),
                        r.version(), folder, r.errors().size(), r.tookMillis());
                r.errors().forEach(e -> LOG.warn("rules refused version={} error=\"{}\"", r.candidate(),
                        e.replace("\"", "'").replace("\n", " ")));
            }
            default -> { }
        }
    }
}
