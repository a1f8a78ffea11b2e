package io.creditpool.adapters.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Team;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.RecordedRequest;
import io.creditpool.kernel.port.out.StoreUnavailableException;
import io.creditpool.kernel.port.out.TeamUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Teams, ledgers and request ids in a relational database: H2 in file mode or PostgreSQL, the schema under
 * Flyway migrations. Units of work on one team run in a database transaction that locks the team's row
 * ({@code SELECT ... FOR UPDATE}); those that arrive while one runs are committed together in the next; a serialization failure or deadlock (SQLSTATE 40001, 40P01) or a lost race to
 * create a team is retried a bounded number of times, so the same code runs on serializable, PostgreSQL-compatible
 * databases (CockroachDB, YugabyteDB).
 */
public final class JdbcCreditStore implements CreditStore, AutoCloseable {
    static final int MAX_ATTEMPTS = 12;
    /** The most commands one team's transaction carries. */
    static final int MAX_BATCH = 256;

    private final HikariDataSource dataSource;
    private final StoreSettings settings;
    /** Every team belongs to one lane, so no two transactions of this store ever lock the same team. */
    private final Lane[] lanes;

    private JdbcCreditStore(HikariDataSource dataSource, StoreSettings settings, int laneCount) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.lanes = new Lane[laneCount];
        for (int i = 0; i < laneCount; i++) {
            lanes[i] = new Lane();
        }
    }

    /** Connects, brings the schema up to date, and refuses a schema newer than this code. */
    public static JdbcCreditStore open(StoreSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        if (settings.user() != null) {
            config.setUsername(settings.user());
        }
        if (settings.password() != null) {
            config.setPassword(settings.password());
        }
        config.setPoolName("creditpool-store");
        config.setMaximumPoolSize(Integer.getInteger("creditpool.store.pool-size", 16));
        config.setAutoCommit(false);
        // how long a command waits for a connection before it fails with a clear error (the database is down)
        config.setConnectionTimeout(Long.getLong("creditpool.store.connect-timeout-ms", 10_000));
        config.setInitializationFailTimeout(-1);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            migrate(dataSource, settings);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new JdbcCreditStore(dataSource, settings,
                // few big transactions beat many small ones: on a 2-core machine with 64 callers over 1,000 teams,
                // 2 lanes gave 2-3x the throughput of 32 on PostgreSQL (see the README's storage benchmark)
                Math.max(1, Integer.getInteger("creditpool.store.lanes",
                        Math.min(config.getMaximumPoolSize(), Runtime.getRuntime().availableProcessors()))));
    }

    private static void migrate(HikariDataSource dataSource, StoreSettings settings) {
        var configuration = Flyway.configure().dataSource(dataSource);
        if (settings.schema() != null) {
            configuration.schemas(settings.schema());
        }
        Flyway flyway = configuration
                // the migrations for every database, then those in this database's own dialect
                .locations("classpath:io/creditpool/adapters/jdbc/migration/common",
                        "classpath:io/creditpool/adapters/jdbc/migration/"
                                + (settings.kind() == StoreSettings.Kind.H2 ? "h2" : "postgresql"))
                .table("creditpool_schema_history")
                // a schema migrated by a newer Creditpool is refused, not ignored
                .ignoreMigrationPatterns("")
                .load();
        MigrationInfo[] all;
        try {
            all = flyway.info().all();
        } catch (FlywayException e) {
            throw new StoreUnavailableException("cannot prepare the database at " + settings + ": " + e.getMessage(), e);
        }
        List<MigrationInfo> future = Arrays.stream(all).filter(i -> i.getState() == MigrationState.FUTURE_SUCCESS
                || i.getState() == MigrationState.FUTURE_FAILED).toList();
        if (!future.isEmpty()) {
            String known = Arrays.stream(all).filter(i -> i.getState().isResolved() && i.getVersion() != null)
                    .map(i -> i.getVersion().getVersion()).reduce((a, b) -> b).orElse("none");
            throw new IllegalStateException("the database at " + settings + " has schema version "
                    + future.get(future.size() - 1).getVersion() + ", newer than the newest this Creditpool knows ("
                    + known + "): upgrade Creditpool before using this database");
        }
        try {
            flyway.migrate();
        } catch (FlywayException e) {
            throw new StoreUnavailableException("cannot prepare the database at " + settings + ": " + e.getMessage(), e);
        }
    }

    public StoreSettings settings() {
        return settings;
    }

    /** One command's unit of work, waiting for its team's next transaction. */
    private static final class Job {
        final TeamId team;
        final Function<TeamUnit, ?> work;
        Object result;
        Throwable failure;
        boolean done;
        boolean leads;

        Job(TeamId team, Function<TeamUnit, ?> work) {
            this.team = team;
            this.work = work;
        }
    }

    /** The commands waiting for a lane's teams, and whether one of them is running a transaction for the others. */
    private static final class Lane {
        final ArrayDeque<Job> waiting = new ArrayDeque<>();
        boolean busy;
    }

    /**
     * Group commit: every team belongs to one of a few lanes. A command that finds its lane free runs one
     * transaction for itself and every command that queued in the lane meanwhile (up to {@link #MAX_BATCH}, for any
     * of the lane's teams): the teams' rows are locked in id order, each team's commands run one after another on
     * the state the previous one left, and everything is written and committed once; then it hands the lane to the
     * next waiting command. Each command's result or failure is its own; a failed one leaves its team as it found it.
     */
    @Override
    @SuppressWarnings("unchecked")
    public <T> T inTransaction(TeamId team, Function<TeamUnit, T> work) {
        Job job = new Job(team, work);
        Lane lane = lanes[Math.floorMod(team.hashCode(), lanes.length)];
        synchronized (lane) {
            lane.waiting.add(job);
            if (!lane.busy) {
                lane.busy = true;
                job.leads = true;
            }
            while (!job.done && !job.leads) {
                try {
                    lane.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreUnavailableException("interrupted while waiting for team " + team, e);
                }
            }
        }
        if (!job.done) {
            lead(lane);
        }
        if (job.failure instanceof RuntimeException e) {
            throw e;
        }
        if (job.failure instanceof Error e) {
            throw e;
        }
        return (T) job.result;
    }

    /** Runs the waiting commands' transaction, then hands the lane on. */
    private void lead(Lane lane) {
        List<Job> batch = new ArrayList<>();
        synchronized (lane) {
            while (!lane.waiting.isEmpty() && batch.size() < MAX_BATCH) {
                batch.add(lane.waiting.poll());
            }
        }
        try {
            runBatch(batch);
        } catch (RuntimeException | Error e) {
            batch.forEach(j -> j.failure = j.failure == null ? e : j.failure);
        } finally {
            synchronized (lane) {
                batch.forEach(j -> j.done = true);
                Job next = lane.waiting.peek();
                if (next == null) {
                    lane.busy = false;
                } else {
                    next.leads = true;
                }
                lane.notifyAll();
            }
        }
    }

    private void runBatch(List<Job> batch) {
        SQLException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            boolean committing = false;
            try (Connection c = dataSource.getConnection()) {
                try {
                    runOnce(c, batch);
                    committing = true;
                    c.commit();
                    return;
                } catch (SQLException | SqlFailure failure) {
                    rollbackQuietly(c);
                    SQLException e = failure instanceof SqlFailure f ? f.sql() : (SQLException) failure;
                    // A broken connection before the commit changed nothing: try again on a fresh one. During the
                    // commit the outcome is unknown, so the caller must decide (a replay of its request id is safe).
                    boolean again = retryable(e) || (!committing && connectionLost(e));
                    if (!again) {
                        throw committing ? unknownOutcome(e) : unavailable(e);
                    }
                    last = e;
                } catch (RuntimeException | Error e) {
                    rollbackQuietly(c);
                    throw e;
                }
            } catch (SQLException e) {
                throw unavailable(e);
            }
            backOff(attempt);
        }
        throw new StoreUnavailableException("team " + batch.get(0).team + ": the database kept refusing the transaction after "
                + MAX_ATTEMPTS + " attempts", last);
    }

    /** One attempt at a batch's transaction: every job runs afresh, on the state as loaded now. */
    private void runOnce(Connection c, List<Job> batch) throws SQLException {
        Map<TeamId, List<Job>> byTeam = new TreeMap<>(Comparator.comparing(TeamId::value));
        batch.forEach(j -> byTeam.computeIfAbsent(j.team, t -> new ArrayList<>()).add(j));
        Map<TeamId, Stored> stored = lock(c, byTeam.keySet());
        List<TeamWrite> updated = new ArrayList<>();
        List<LedgerRow> ledger = new ArrayList<>();
        for (Map.Entry<TeamId, List<Job>> teamJobs : byTeam.entrySet()) {
            TeamId teamId = teamJobs.getKey();
            Stored before = stored.get(teamId);
            Team current = before == null ? null : TeamCodec.readTeam(teamId, before.state);
            boolean created = false;
            List<LedgerEntry> entries = new ArrayList<>();
            Map<RequestId, RecordedRequest> requests = new LinkedHashMap<>();
            for (Job job : teamJobs.getValue()) {
                job.result = null;
                job.failure = null;
                Team snapshot = current == null ? null : current.copy();
                TeamUnit unit = new TeamUnit(teamId, current, id -> requests.containsKey(id)
                        ? Optional.of(requests.get(id)) : request(c, teamId, id));
                try {
                    job.result = job.work.apply(unit);
                } catch (SqlFailure e) {
                    throw e;
                } catch (RuntimeException | Error e) {
                    job.failure = e;
                    current = snapshot;        // a failed command leaves the team as it found it
                    continue;
                }
                if (unit.team().isPresent()) {
                    current = unit.team().get();
                    entries.addAll(current.drainPendingLedger());
                    created |= unit.created();
                }
                requests.putAll(unit.newRequests());
            }
            long entriesBefore = before == null ? 0 : before.ledgerEntries;
            if (current != null) {
                String state = TeamCodec.write(current);
                if (created) {
                    insertTeam(c, current, state, entries.size());
                } else if (!entries.isEmpty() || !state.equals(before.state)) {
                    updated.add(new TeamWrite(current, state, entriesBefore + entries.size()));
                }
                long seq = entriesBefore;
                for (LedgerEntry e : entries) {
                    ledger.add(new LedgerRow(teamId, ++seq, e));
                }
            }
            for (Map.Entry<RequestId, RecordedRequest> r : requests.entrySet()) {
                saveRequest(c, teamId, r.getKey(), r.getValue());
            }
        }
        updateTeams(c, updated);
        appendLedger(c, ledger);
    }

    /**
     * A statement that gives up after {@link StoreSettings#statementTimeoutSeconds()} (a lock held elsewhere for too
     * long, a database that stopped answering): the command then fails with a clear error and changes nothing.
     */
    private static PreparedStatement prepare(Connection c, String sql) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        s.setQueryTimeout(StoreSettings.statementTimeoutSeconds());
        return s;
    }

    /** A team's row as locked. */
    private record Stored(String state, long ledgerEntries) {
    }

    /** A team's new state to write, with its ledger's new length. */
    private record TeamWrite(Team team, String state, long ledgerEntries) {
    }

    /** One ledger entry to append, with its number in its team's ledger. */
    private record LedgerRow(TeamId team, long seq, LedgerEntry entry) {
    }

    /** Locks the rows of {@code teams} in id order (the same order in every instance, so no two deadlock). */
    private static Map<TeamId, Stored> lock(Connection c, Collection<TeamId> teams) throws SQLException {
        Map<TeamId, Stored> stored = new HashMap<>();
        StringBuilder sql = new StringBuilder("SELECT team_id, state, ledger_entries FROM creditpool_team "
                + "WHERE team_id IN (");
        for (int i = 0; i < teams.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        sql.append(") ORDER BY team_id FOR UPDATE");
        try (PreparedStatement s = prepare(c, sql.toString())) {
            int i = 0;
            for (TeamId team : teams) {
                s.setString(++i, team.value());
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    stored.put(TeamId.of(r.getString(1)), new Stored(r.getString(2), r.getLong(3)));
                }
            }
        }
        return stored;
    }

    private static Optional<RecordedRequest> request(Connection c, TeamId team, RequestId id) {
        try (PreparedStatement s = prepare(c, 
                "SELECT fingerprint, decision FROM creditpool_request WHERE team_id = ? AND request_id = ?")) {
            s.setString(1, team.value());
            s.setString(2, id.value());
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                String decision = r.getString(2);
                return Optional.of(new RecordedRequest(r.getString(1),
                        decision == null ? null : TeamCodec.read(decision, Decision.class)));
            }
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    private static void insertTeam(Connection c, Team team, String state, long ledgerEntries) throws SQLException {
        try (PreparedStatement s = prepare(c, 
                "INSERT INTO creditpool_team (team_id, state, balance, ledger_entries) VALUES (?, ?, ?, ?)")) {
            s.setString(1, team.id().value());
            s.setString(2, state);
            s.setLong(3, team.balance());
            s.setLong(4, ledgerEntries);
            s.executeUpdate();
        }
    }

    private static void updateTeams(Connection c, List<TeamWrite> writes) throws SQLException {
        if (writes.isEmpty()) {
            return;
        }
        try (PreparedStatement s = prepare(c, 
                "UPDATE creditpool_team SET state = ?, balance = ?, ledger_entries = ? WHERE team_id = ?")) {
            for (TeamWrite w : writes) {
                s.setString(1, w.state());
                s.setLong(2, w.team().balance());
                s.setLong(3, w.ledgerEntries());
                s.setString(4, w.team().id().value());
                s.addBatch();
            }
            for (int count : s.executeBatch()) {
                if (count == 0) {
                    throw new IllegalStateException("a team vanished while it was locked");
                }
            }
        }
    }

    private static void appendLedger(Connection c, List<LedgerRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement s = prepare(c, "INSERT INTO creditpool_ledger "
                + "(team_id, seq, at, kind, balance_change, entry) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (LedgerRow row : rows) {
                LedgerEntry e = row.entry();
                s.setString(1, row.team().value());
                s.setLong(2, row.seq());
                s.setObject(3, e.at().atOffset(ZoneOffset.UTC));
                s.setString(4, TeamCodec.kind(e));
                s.setLong(5, e.balanceChange());
                s.setString(6, TeamCodec.json(e));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void saveRequest(Connection c, TeamId team, RequestId id, RecordedRequest request)
            throws SQLException {
        String decision = request.decision() == null ? null : TeamCodec.json(request.decision());
        try (PreparedStatement update = prepare(c, "UPDATE creditpool_request SET fingerprint = ?, "
                + "decision = ? WHERE team_id = ? AND request_id = ?")) {
            update.setString(1, request.fingerprint());
            update.setString(2, decision);
            update.setString(3, team.value());
            update.setString(4, id.value());
            if (update.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement insert = prepare(c, "INSERT INTO creditpool_request "
                + "(team_id, request_id, fingerprint, decision) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, team.value());
            insert.setString(2, id.value());
            insert.setString(3, request.fingerprint());
            insert.setString(4, decision);
            insert.executeUpdate();
        }
    }

    @Override
    public List<LedgerEntry> ledger(TeamId team) {
        return read("SELECT kind, entry FROM creditpool_ledger WHERE team_id = ? ORDER BY seq", team.value(),
                r -> TeamCodec.readEntry(r.getString(1), r.getString(2)));
    }

    @Override
    public List<TeamId> teams() {
        return read("SELECT team_id FROM creditpool_team ORDER BY team_id", null, r -> TeamId.of(r.getString(1)));
    }

    /**
     * For each team whose stored balance differs from the sum of its ledger's balance changes, a line saying so:
     * the database's own check that the balance can be recomputed from the ledger.
     */
    public List<String> ledgerMismatches() {
        return read("SELECT t.team_id, t.balance, COALESCE(SUM(l.balance_change), 0) FROM creditpool_team t "
                + "LEFT JOIN creditpool_ledger l ON l.team_id = t.team_id GROUP BY t.team_id, t.balance "
                + "HAVING t.balance <> COALESCE(SUM(l.balance_change), 0) ORDER BY t.team_id", null,
                r -> "team " + r.getString(1) + ": stored balance " + r.getLong(2) + ", ledger sum " + r.getLong(3));
    }

    private interface Row<T> {
        T read(ResultSet r) throws SQLException;
    }

    private <T> List<T> read(String sql, String parameter, Row<T> row) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = prepare(c, sql)) {
            if (parameter != null) {
                s.setString(1, parameter);
            }
            List<T> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(row.read(r));
                }
            }
            c.commit();
            return out;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * SQLSTATEs worth another attempt: serialization failure, deadlock, and a lost race to insert a team. A timeout
     * is not retried: the caller hears of it at once.
     */
    static boolean retryable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if ("40001".equals(state) || "40P01".equals(state) || "23505".equals(state)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** SQLSTATE class 08: the connection broke. */
    static boolean connectionLost(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }

    private StoreUnavailableException unknownOutcome(SQLException e) {
        return new StoreUnavailableException("the credit store at " + settings + " failed while committing: "
                + e.getMessage() + " (SQLSTATE " + e.getSQLState() + "); the change may or may not have been stored: "
                + "repeat the request with the same request id to learn which", e);
    }

    private StoreUnavailableException unavailable(SQLException e) {
        return new StoreUnavailableException("the credit store at " + settings + " failed: " + e.getMessage()
                + " (SQLSTATE " + e.getSQLState() + "); nothing was changed", e);
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the database rolls the transaction back itself
        }
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 1L << Math.min(attempt, 7)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while retrying a transaction", e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /**
     * Closes the store and removes everything in it: the H2 folder, or the PostgreSQL schema an
     * {@link StoreSettings#isolated isolated} store was given. For scenario runs and tests; refuses a shared store.
     */
    public void closeAndDiscard() {
        if (settings.kind() == StoreSettings.Kind.POSTGRES) {
            if (settings.schema() == null) {
                throw new IllegalStateException("only an isolated PostgreSQL store can be discarded");
            }
            try (Connection c = dataSource.getConnection(); var s = c.createStatement()) {
                s.execute("DROP SCHEMA \"" + settings.schema() + "\" CASCADE");
                c.commit();
            } catch (SQLException e) {
                throw unavailable(e);
            }
            close();
            return;
        }
        close();
        java.nio.file.Path folder = java.nio.file.Path.of(settings.location());
        try (var files = java.nio.file.Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("removing " + folder, e);
        }
    }

    /** A SQL failure inside the kernel's work (a request lookup), carried out to the retry loop. */
    private static final class SqlFailure extends RuntimeException {
        SqlFailure(SQLException cause) {
            super(cause);
        }

        SQLException sql() {
            return (SQLException) getCause();
        }
    }
}
