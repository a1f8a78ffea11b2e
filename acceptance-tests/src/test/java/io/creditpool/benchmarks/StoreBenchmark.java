package io.creditpool.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.creditpool.Creditpool;
import io.creditpool.adapters.cli.LoadCommandPlans;
import io.creditpool.adapters.cli.LoadDriver;
import io.creditpool.adapters.jdbc.JdbcCreditStore;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.adapters.jdbc.TestDatabases;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.ConsumeCreditsCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.InviteMemberCommand;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.port.out.CreditStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Consumptions per second and p50/p99 latency through the whole kernel on SQLite ({@code sqlite}: WAL, every commit
 * flushed to disk, {@code synchronous=FULL}; {@code sqlite-normal}: flushed at checkpoints, {@code synchronous=NORMAL}),
 * H2 (file, {@code WRITE_DELAY=0}: written at commit, not flushed) and PostgreSQL (loopback, the embedded server:
 * {@code postgres} with fsync off as it runs by default, {@code postgres-fsync} with every commit on disk as in
 * production), with 1, 16 and 64 callers over 1 and 1,000 teams and over one team of 5,000 members
 * ({@code -Dbench.big-team=N}, 0 for none), beside two naive peers in the same run: one
 * {@code UPDATE pool SET balance = balance - ? WHERE team = ? AND balance >= ?} per consumption, which checks only
 * that the balance covers it (no limits, no expiry, no burn order, no ledger, no idempotency, no rules), and the same
 * update with one ledger {@code INSERT} in its transaction.
 *
 * <p>Run: {@code mvn -B -q -Pstore-benchmark -pl acceptance-tests -am verify -DskipTests} (about 20 minutes);
 * {@code -Dbench.seconds=N} sets each run's length (default 5).
 */
public final class StoreBenchmark {
    private static final int[] TEAMS = numbers("bench.teams", "1,1000");
    private static final int[] CALLERS = numbers("bench.callers", "1,16,64");
    /** The members of the big team run (0: no such run). */
    private static final int BIG_TEAM = Integer.getInteger("bench.big-team", 5000);
    private static final MemberId OWNER = MemberId.of("owner");
    /** How long each run warms up before it is measured: the JIT compiler shares the 2 cores with the load. */
    private static final Duration WARM_UP = Duration.ofSeconds(Integer.getInteger("bench.warm-up-seconds", 5));
    /** Whether each consumption carries a request id, as a host product's would (default yes). */
    private static final boolean REQUEST_IDS = Boolean.parseBoolean(System.getProperty("bench.request-ids", "true"));

    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Duration each = Duration.ofSeconds(Integer.getInteger("bench.seconds", 5));
        if (System.getProperty("creditpool.store.pool-size") == null) {
            System.setProperty("creditpool.store.pool-size", "64");
        }
        List<String> rows = new ArrayList<>();
        rows.add("| store | commit on disk | teams | callers | Creditpool /s | p50 us | p99 us | naive /s | p50 us | "
                + "p99 us | naive + ledger /s | p50 us | p99 us | vs naive | vs naive + ledger |");
        rows.add("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        List<int[]> shapes = new ArrayList<>();
        for (int teams : TEAMS) {
            shapes.add(new int[] {teams, 1});
        }
        if (BIG_TEAM > 0) {
            shapes.add(new int[] {1, BIG_TEAM});
        }
        String[] stores = System.getProperty("bench.stores", "sqlite,sqlite-normal,h2,postgres,postgres-fsync")
                .split(",");
        // the first run of a fresh JVM otherwise pays for the JIT compilers sharing the cores with the load
        int jvmWarmUp = Integer.getInteger("bench.jvm-warm-up-seconds", 30);
        if (jvmWarmUp > 0) {
            long start = System.nanoTime();
            Duration half = Duration.ofSeconds(Math.max(1, jvmWarmUp / 2));
            durability(stores[0]);
            kernel(database(stores[0]), 10, 1, 1, half);
            kernel(database(stores[0]), 10, 1, 64, half);
            naive(database(stores[0]), 10, 1, half, true);
            System.out.printf(Locale.ROOT, "JVM warm-up (not recorded): %.0f s%n", (System.nanoTime() - start) / 1e9);
        }
        for (String store : stores) {
            durability(store);
            for (int[] shape : shapes) {
                int teams = shape[0];
                int members = shape[1];
                for (int callers : CALLERS) {
                    LoadDriver.Result kernel = kernel(database(store), teams, members, callers, each);
                    LoadDriver.Result naive = naive(database(store), teams, callers, each, false);
                    LoadDriver.Result ledger = naive(database(store), teams, callers, each, true);
                    String row = String.format(Locale.ROOT, "| %s | %s | %s | %d | %.0f | %.0f | %.0f | %.0f | %.0f "
                            + "| %.0f | %.0f | %.0f | %.0f | %.2f | %.2f |", store, onDisk(store),
                            members > 1 ? teams + " of " + members + " members" : Integer.toString(teams), callers,
                            kernel.perSecond(), kernel.p50Micros(), kernel.p99Micros(), naive.perSecond(),
                            naive.p50Micros(), naive.p99Micros(), ledger.perSecond(), ledger.p50Micros(),
                            ledger.p99Micros(), kernel.perSecond() / naive.perSecond(),
                            kernel.perSecond() / ledger.perSecond());
                    System.out.println(row);
                    rows.add(row);
                }
            }
        }
        System.out.println();
        rows.forEach(System.out::println);
        System.exit(0);
    }

    /** The store of a run; {@code sqlite-normal} is SQLite with {@code synchronous=NORMAL}. */
    private static StoreSettings database(String store) {
        return TestDatabases.of(store.equals("sqlite-normal") ? "sqlite" : store);
    }

    /** Sets how SQLite commits for the runs on {@code store}, Creditpool's and the naive peers' alike. */
    private static void durability(String store) {
        System.setProperty(StoreSettings.SQLITE_SYNCHRONOUS, store.equals("sqlite-normal") ? "NORMAL" : "FULL");
    }

    /** Whether a commit on this store is on disk (flushed) before it is answered. */
    private static String onDisk(String store) {
        return switch (store) {
            case "sqlite", "postgres-fsync" -> "yes (fsync)";
            case "sqlite-normal" -> "no (at checkpoints)";
            case "h2" -> "no (written, not flushed)";
            case "postgres" -> "no (fsync off)";
            default -> "?";
        };
    }

    private static int[] numbers(String property, String defaults) {
        return java.util.Arrays.stream(System.getProperty(property, defaults).split(",")).mapToInt(Integer::parseInt)
                .toArray();
    }

    private static LoadDriver.Result kernel(StoreSettings store, int teams, int members, int callers, Duration each)
            throws Exception {
        try (Creditpool pool = Creditpool.builder().store(store).plans(List.of(LoadCommandPlans.LOAD_PLAN))
                .build()) {
            List<TeamId> ids = new ArrayList<>();
            for (int t = 0; t < teams; t++) {
                TeamId id = TeamId.of("bench-" + t);
                pool.createTeam(new CreateTeamCommand(id, LoadCommandPlans.LOAD_PLAN.name(), Math.max(1000, members),
                        OWNER, 1, null));
                ids.add(id);
            }
            List<MemberId> spenders = new ArrayList<>(List.of(OWNER));
            if (members > 1) {
                long start = System.nanoTime();
                for (int m = 1; m < members; m++) {
                    MemberId member = MemberId.of("member-" + m);
                    pool.invite(new InviteMemberCommand(ids.get(0), OWNER, member, Role.MEMBER,
                            RequestId.of("invite-" + m)));
                    spenders.add(member);
                }
                System.out.printf(Locale.ROOT, "%s: %d invites in %.1f s%n", store.kind(), members - 1,
                        (System.nanoTime() - start) / 1e9);
            }
            LoadDriver.run(callers, WARM_UP, consumption(pool, ids, spenders, "warm-up"));
            LoadDriver.Result result = LoadDriver.run(callers, each, consumption(pool, ids, spenders, "run"));
            ((JdbcCreditStore) pool.component(CreditStore.class)).closeAndDiscard();
            return result;
        }
    }

    /**
     * One credit from one of the teams by one of the members, under a request id of its own unless the run was told to
     * send none.
     */
    private static LoadDriver.Request consumption(Creditpool pool, List<TeamId> teams, List<MemberId> members,
            String phase) {
        return (caller, i) -> {
            long n = caller * 7919L + i;
            pool.consume(new ConsumeCreditsCommand(teams.get((int) (n % teams.size())),
                    members.get((int) (n % members.size())), 1,
                    REQUEST_IDS ? RequestId.of(phase + "-" + caller + "-" + i) : null));
        };
    }

    /** The naive peer: one update per consumption, and with {@code ledger} one ledger row in the same transaction. */
    private static LoadDriver.Result naive(StoreSettings store, int teams, int callers, Duration each, boolean ledger)
            throws Exception {
        JdbcCreditStore.open(store).close();    // the same database, schema and settings as Creditpool's run
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(store.jdbcUrl());
        if (store.kind() == StoreSettings.Kind.POSTGRES) {
            config.setUsername("postgres");
            config.setPassword("postgres");
        }
        if (store.kind() == StoreSettings.Kind.SQLITE) {
            // the write-ahead log, the same flush at commit and the same wait for the write lock as Creditpool's
            JdbcCreditStore.sqliteConnections(config, store);
        }
        config.setMaximumPoolSize(callers);
        config.setAutoCommit(!ledger);
        try (HikariDataSource db = new HikariDataSource(config)) {
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE naive_pool (team VARCHAR(128) PRIMARY KEY, balance BIGINT NOT NULL)");
                s.execute("CREATE TABLE naive_ledger (team VARCHAR(128) NOT NULL, seq BIGINT NOT NULL, "
                        + "credits BIGINT NOT NULL, PRIMARY KEY (team, seq))");
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO naive_pool VALUES (?, ?)")) {
                    for (int t = 0; t < teams; t++) {
                        insert.setString(1, "bench-" + t);
                        insert.setLong(2, Long.MAX_VALUE / 2);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                if (ledger) {
                    c.commit();
                }
            }
            java.util.concurrent.atomic.AtomicLong seq = new java.util.concurrent.atomic.AtomicLong();
            LoadDriver.Request consume = (caller, i) -> {
                try (Connection c = db.getConnection(); PreparedStatement u = c.prepareStatement(
                        "UPDATE naive_pool SET balance = balance - ? WHERE team = ? AND balance >= ?")) {
                    u.setLong(1, 1);
                    u.setString(2, "bench-" + (caller * 7919L + i) % teams);
                    u.setLong(3, 1);
                    if (u.executeUpdate() != 1) {
                        throw new IllegalStateException("the naive pool ran dry");
                    }
                    if (ledger) {
                        try (PreparedStatement l = c.prepareStatement("INSERT INTO naive_ledger VALUES (?, ?, ?)")) {
                            l.setString(1, "bench-" + (caller * 7919L + i) % teams);
                            l.setLong(2, seq.incrementAndGet());
                            l.setLong(3, -1);
                            l.executeUpdate();
                        }
                        c.commit();
                    }
                }
            };
            LoadDriver.run(callers, WARM_UP, consume);
            return LoadDriver.run(callers, each, consume);
        } finally {
            try (Creditpool pool = Creditpool.builder().store(store).build()) {
                ((JdbcCreditStore) pool.component(CreditStore.class)).closeAndDiscard();
            }
        }
    }
}
