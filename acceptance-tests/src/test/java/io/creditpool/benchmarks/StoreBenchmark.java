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
import io.creditpool.kernel.port.out.CreditStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Consumptions per second and p50/p99 latency through the whole kernel on H2 (file) and PostgreSQL (loopback, the
 * embedded server), with 1, 16 and 64 callers over 1 and 1,000 teams, beside a naive baseline in the same run: one
 * {@code UPDATE pool SET balance = balance - ? WHERE team = ? AND balance >= ?} per consumption, which checks only
 * that the balance covers it (no limits, no expiry, no burn order, no ledger, no idempotency, no rules).
 *
 * <p>Run: {@code mvn -B -q -Pstore-benchmark -pl acceptance-tests -am verify -DskipTests} (about 10 minutes);
 * {@code -Dbench.seconds=N} sets each run's length (default 5).
 */
public final class StoreBenchmark {
    private static final int[] TEAMS = numbers("bench.teams", "1,1000");
    private static final int[] CALLERS = numbers("bench.callers", "1,16,64");
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
        rows.add("| store | teams | callers | Creditpool /s | p50 us | p99 us | naive /s | p50 us | p99 us | "
                + "Creditpool / naive |");
        rows.add("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (String store : System.getProperty("bench.stores", "h2,postgres").split(",")) {
            for (int teams : TEAMS) {
                for (int callers : CALLERS) {
                    LoadDriver.Result kernel = kernel(TestDatabases.of(store), teams, callers, each);
                    LoadDriver.Result naive = naive(TestDatabases.of(store), teams, callers, each);
                    String row = String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f "
                            + "| %.2f |", store, teams, callers, kernel.perSecond(), kernel.p50Micros(),
                            kernel.p99Micros(), naive.perSecond(), naive.p50Micros(), naive.p99Micros(),
                            kernel.perSecond() / naive.perSecond());
                    System.out.println(row);
                    rows.add(row);
                }
            }
        }
        System.out.println();
        rows.forEach(System.out::println);
        System.exit(0);
    }

    private static int[] numbers(String property, String defaults) {
        return java.util.Arrays.stream(System.getProperty(property, defaults).split(",")).mapToInt(Integer::parseInt)
                .toArray();
    }

    private static LoadDriver.Result kernel(StoreSettings store, int teams, int callers, Duration each)
            throws Exception {
        try (Creditpool pool = Creditpool.builder().store(store).plans(List.of(LoadCommandPlans.LOAD_PLAN))
                .build()) {
            List<TeamId> ids = new ArrayList<>();
            for (int t = 0; t < teams; t++) {
                TeamId id = TeamId.of("bench-" + t);
                pool.createTeam(new CreateTeamCommand(id, LoadCommandPlans.LOAD_PLAN.name(), 1000, OWNER, 1, null));
                ids.add(id);
            }
            LoadDriver.run(callers, WARM_UP, consumption(pool, ids, "warm-up"));
            LoadDriver.Result result = LoadDriver.run(callers, each, consumption(pool, ids, "run"));
            ((JdbcCreditStore) pool.component(CreditStore.class)).closeAndDiscard();
            return result;
        }
    }

    /** One credit from one of the teams, under a request id of its own unless the run was told to send none. */
    private static LoadDriver.Request consumption(Creditpool pool, List<TeamId> teams, String phase) {
        return (caller, i) -> pool.consume(new ConsumeCreditsCommand(teams.get((int) ((caller * 7919L + i)
                % teams.size())), OWNER, 1, REQUEST_IDS ? RequestId.of(phase + "-" + caller + "-" + i) : null));
    }

    private static LoadDriver.Result naive(StoreSettings store, int teams, int callers, Duration each)
            throws Exception {
        JdbcCreditStore.open(store).close();    // the same database, schema and settings as Creditpool's run
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(store.jdbcUrl());
        config.setMaximumPoolSize(callers);
        config.setAutoCommit(true);
        try (HikariDataSource db = new HikariDataSource(config)) {
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE naive_pool (team VARCHAR(128) PRIMARY KEY, balance BIGINT NOT NULL)");
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO naive_pool VALUES (?, ?)")) {
                    for (int t = 0; t < teams; t++) {
                        insert.setString(1, "bench-" + t);
                        insert.setLong(2, Long.MAX_VALUE / 2);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            LoadDriver.Request consume = (caller, i) -> {
                try (Connection c = db.getConnection(); PreparedStatement u = c.prepareStatement(
                        "UPDATE naive_pool SET balance = balance - ? WHERE team = ? AND balance >= ?")) {
                    u.setLong(1, 1);
                    u.setString(2, "bench-" + (caller * 7919L + i) % teams);
                    u.setLong(3, 1);
                    if (u.executeUpdate() != 1) {
                        throw new IllegalStateException("the naive pool ran dry");
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
