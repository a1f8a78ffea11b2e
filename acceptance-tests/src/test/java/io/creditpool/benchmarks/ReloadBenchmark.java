package io.creditpool.benchmarks;

import io.creditpool.Creditpool;
import io.creditpool.RulesReload;
import io.creditpool.adapters.cli.CreditpoolCommand;
import io.creditpool.adapters.cli.LoadCommandPlans;
import io.creditpool.adapters.cli.LoadDriver;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.ConsumeCreditsCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import picocli.CommandLine;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Decision latency while the rules are reloaded. An embedded Creditpool on the in-memory store (so that the decision
 * path is measured, not a store) runs a rules folder exported from the shipped rules, with the shipped scenarios in
 * its {@code scenarios/} (as a reload checks them); 16 callers consume 1 credit at a time across 100 teams. Two
 * measured phases of equal length, in one run, each on a fresh Creditpool after a warm-up: steady (no reload), then
 * while a reloader thread keeps changing a DRL file (two valid variants in turn) and calling
 * {@link Creditpool#reloadRules()} back to back; each reload must be {@code RELOADED}.
 *
 * <p>Run: {@code mvn -B -q -Preload-benchmark -pl acceptance-tests -am verify -DskipTests} (about a
 * minute); {@code -Dbench.seconds=N} sets each phase's length (default 20), {@code -Dbench.jvm="-Dbench.callers=64
 * -Dbench.teams=10 -Dbench.scenarios=false"} the rest ({@code bench.scenarios=false} leaves {@code scenarios/} empty).
 */
public final class ReloadBenchmark {
    private static final MemberId OWNER = MemberId.of("owner");
    /** The file the reloader changes, and the line that tells its two variants apart. */
    private static final String CHANGED = "low-balance.drl";
    private static final String VARIANT = "\n// reload benchmark: the second variant\n";

    private ReloadBenchmark() {
    }

    /** What the reloader did during a phase; {@code cpuSeconds} is the CPU time its thread took. */
    private record Reloads(int count, double meanMillis, double maxMillis, double cpuSeconds) {
    }

    /**
     * What a phase measured: the callers' figures, and meanwhile the JVM's time collecting garbage, its JIT
     * compilers' time, and the CPU time the whole process took.
     */
    private record Phase(LoadDriver.Result load, long gcMillis, long jitMillis, double cpuSeconds) {
        static Phase measure(int callers, Duration each, LoadDriver.Request request) throws Exception {
            long gc = collectedMillis();
            long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            long cpu = processCpuNanos();
            LoadDriver.Result load = LoadDriver.run(callers, each, request, RATE);
            return new Phase(load, collectedMillis() - gc,
                    ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit,
                    (processCpuNanos() - cpu) / 1e9);
        }

        private static long collectedMillis() {
            return ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
        }

        private static long processCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
    }

    /** Consumptions a second the callers send together ({@code bench.rate}); 0, the default, for as many as they can. */
    static final double RATE = Double.parseDouble(System.getProperty("bench.rate", "0"));

    public static void main(String[] args) throws Exception {
        Duration each = Duration.ofSeconds(Integer.getInteger("bench.seconds", 20));
        Duration warmUp = Duration.ofSeconds(Integer.getInteger("bench.warm-up-seconds", 5));
        int callers = Integer.getInteger("bench.callers", 16);
        int teams = Integer.getInteger("bench.teams", 100);
        Path rules = export(Boolean.parseBoolean(System.getProperty("bench.scenarios", "true")));

        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

        Phase steady;
        try (Creditpool pool = pool(rules, teams)) {
            LoadDriver.run(callers, warmUp, consumption(pool, teams));
            steady = Phase.measure(callers, each, consumption(pool, teams));
        }
        Phase during;
        Reloads reloads;
        try (Creditpool pool = pool(rules, teams)) {
            LoadDriver.run(callers, warmUp, consumption(pool, teams));
            Reloader reloader = new Reloader(pool, rules.resolve(CHANGED));
            reloader.start();
            during = Phase.measure(callers, each, consumption(pool, teams));
            reloads = reloader.finish();
        }

        System.out.printf(Locale.ROOT, "%nrules reload benchmark: %d callers, %d teams, in-memory store, %d s a phase, "
                + "%d scenario(s) checked per reload, %d ms between reloads, %s, %d processors, load average %.1f at the "
                + "start, %.1f at the end%n", callers, teams, each.toSeconds(), scenarios(rules),
                Reloader.PAUSE.toMillis(), RATE > 0 ? String.format(Locale.ROOT, "paced at %.0f/s", RATE)
                : "callers as fast as they can", Runtime.getRuntime().availableProcessors(), load,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("| phase | consumptions /s | p50 us | p99 us | p99.9 us | max us | process CPU s | GC ms | "
                + "JIT ms | reloads | mean reload ms | reloader CPU s |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        row("steady", steady, "0 | - | -");
        row("during reloads", during, String.format(Locale.ROOT, "%d | %.0f (max %.0f) | %.1f", reloads.count(),
                reloads.meanMillis(), reloads.maxMillis(), reloads.cpuSeconds()));
        LoadDriver.Result s = steady.load();
        LoadDriver.Result d = during.load();
        System.out.printf(Locale.ROOT, "| during / steady | %.2f | %.2f | %.2f | %.2f | %.2f | | | | | | |%n",
                d.perSecond() / s.perSecond(), d.p50Micros() / s.p50Micros(), d.p99Micros() / s.p99Micros(),
                d.p999Micros() / s.p999Micros(), d.maxMicros() / s.maxMicros());
        System.exit(0);
    }

    private static void row(String phase, Phase p, String reloads) {
        LoadDriver.Result r = p.load();
        System.out.printf(Locale.ROOT, "| %s | %.0f | %.1f | %.0f | %.0f | %.0f | %.1f | %d | %d | %s |%n", phase,
                r.perSecond(), r.p50Micros(), r.p99Micros(), r.p999Micros(), r.maxMicros(), p.cpuSeconds(),
                p.gcMillis(), p.jitMillis(), reloads);
    }

    /** The shipped rules and plan table, exported as an analyst would, with the shipped scenarios if asked. */
    private static Path export(boolean withScenarios) throws IOException {
        Path rules = Files.createTempDirectory("creditpool-reload-benchmark").resolve("rules");
        if (new CommandLine(new CreditpoolCommand()).execute("rules", "export", rules.toString()) != 0) {
            throw new IllegalStateException("rules export " + rules + " failed");
        }
        Path shipped = Stream.of(Path.of("scenarios"), Path.of("acceptance-tests", "scenarios"))
                .filter(Files::isDirectory).findFirst().orElse(null);
        if (withScenarios && shipped != null) {
            try (Stream<Path> files = Files.list(shipped)) {
                for (Path f : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".yaml"))::iterator) {
                    Files.copy(f, rules.resolve("scenarios").resolve(f.getFileName()));
                }
            }
        }
        return rules;
    }

    private static long scenarios(Path rules) throws IOException {
        try (Stream<Path> files = Files.list(rules.resolve("scenarios"))) {
            return files.count();
        }
    }

    private static Creditpool pool(Path rules, int teams) {
        Creditpool pool = Creditpool.builder().store(StoreSettings.MEMORY).rules(rules)
                .planTable(rules.resolve("plans.csv")).plans(List.of(LoadCommandPlans.LOAD_PLAN)).build();
        for (int t = 0; t < teams; t++) {
            pool.createTeam(new CreateTeamCommand(TeamId.of("bench-" + t), LoadCommandPlans.LOAD_PLAN.name(), 1000,
                    OWNER, 1, null));
        }
        return pool;
    }

    /** One credit from one of the teams, without a request id (the in-memory store would keep every one). */
    private static LoadDriver.Request consumption(Creditpool pool, int teams) {
        return (caller, i) -> pool.consume(new ConsumeCreditsCommand(TeamId.of("bench-" + (caller * 7919L + i)
                % teams), OWNER, 1, null));
    }

    /** Changes the rules folder and reloads it, back to back or with a pause between, until told to finish. */
    private static final class Reloader extends Thread {
        private static final Duration PAUSE = Duration.ofMillis(Long.getLong("bench.reload-pause-ms", 0));
        private final Creditpool pool;
        private final Path file;
        private final String original;
        private final List<Long> tookNanos = new ArrayList<>();
        private volatile long cpuNanos;
        private volatile boolean stop;
        private volatile RuntimeException failure;

        Reloader(Creditpool pool, Path file) throws IOException {
            super("reloader");
            this.pool = pool;
            this.file = file;
            this.original = Files.readString(file);
        }

        @Override
        public void run() {
            try {
                for (int i = 1; !stop; i++) {
                    Files.writeString(file, i % 2 == 1 ? original + VARIANT : original);
                    long start = System.nanoTime();
                    RulesReload reload = pool.reloadRules();
                    long took = System.nanoTime() - start;
                    if (!reload.reloaded()) {
                        throw new IllegalStateException("reload " + i + " was " + reload.outcome() + ", not "
                                + "RELOADED: " + reload.errors());
                    }
                    tookNanos.add(took);
                    pause();
                }
                cpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            } catch (IOException e) {
                failure = new java.io.UncheckedIOException(e);
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        /** Waits {@code bench.reload-pause-ms} (0 by default: back to back) or until told to finish. */
        private void pause() {
            long until = System.nanoTime() + PAUSE.toNanos();
            while (!stop && System.nanoTime() < until) {
                try {
                    Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /** Stops after the reload under way, and tells what the reloads took. */
        Reloads finish() throws InterruptedException {
            stop = true;
            join();
            if (failure != null) {
                throw failure;
            }
            if (tookNanos.isEmpty()) {
                throw new IllegalStateException("no reload finished during the phase");
            }
            double mean = tookNanos.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
            double max = tookNanos.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6;
            return new Reloads(tookNanos.size(), mean, max, cpuNanos / 1e9);
        }
    }
}
