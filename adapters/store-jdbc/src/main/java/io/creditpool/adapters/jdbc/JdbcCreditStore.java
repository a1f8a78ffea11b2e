package io.creditpool.adapters.jdbc;

import io.creditpool.adapters.store.DiscardableStore;
import io.creditpool.adapters.store.LedgerCheckedStore;
import io.creditpool.adapters.store.StoreSettings;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.creditpool.adapters.jdbc.BatchStatements.LedgerRow;
import io.creditpool.adapters.jdbc.BatchStatements.Loaded;
import io.creditpool.adapters.jdbc.BatchStatements.PartRow;
import io.creditpool.adapters.jdbc.BatchStatements.RequestKey;
import io.creditpool.adapters.jdbc.BatchStatements.Stored;
import io.creditpool.adapters.jdbc.BatchStatements.TeamWrite;
import io.creditpool.adapters.events.Webhooks;
import io.creditpool.adapters.sessions.PageSessions;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.PendingPurchase;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Team;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.CreditEvent;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.RecordedRequest;
import io.creditpool.kernel.port.out.StoreUnavailableException;
import io.creditpool.kernel.port.out.StoredEvent;
import io.creditpool.kernel.port.out.TeamRequest;
import io.creditpool.kernel.port.out.TeamUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Teams, ledgers and request ids in a relational database: SQLite, H2 in file mode or PostgreSQL, the schema under
 * Flyway migrations. Units of work on one team run in a database transaction that locks the team's row
 * ({@code SELECT ... FOR UPDATE}; on SQLite, which has one writer at a time, the database's write lock); those that arrive while one runs are committed together in the next; a serialization failure or deadlock (SQLSTATE 40001, 40P01) or a lost race to
 * create a team is retried a bounded number of times, so the same code runs on serializable, PostgreSQL-compatible
 * databases (CockroachDB, YugabyteDB).
 *
 * <p>A team is a row of its own settings, balance and version, and a row for each of its parts (members, usage, open
 * grants, reservations, pending purchases); a transaction writes the team's row and the parts its commands changed
 * ({@link Team#drainChanges()}), nothing else of the team. Teams stay decoded in memory between transactions, each
 * with the version its row had: the lock reads the version, and only a team whose version moved (another instance
 * wrote it) or that is not in memory is read and decoded again.
 *
 * <p>The events a transaction's commands published go into the outbox table {@code creditpool_event} in the same
 * transaction, numbered from the one-row {@code creditpool_event_counter}, which such a transaction locks after its
 * teams' rows: event ids grow in commit order.
 */
public final class JdbcCreditStore implements CreditStore, DiscardableStore, LedgerCheckedStore, Webhooks.Kept,
        PageSessions.Kept, AutoCloseable {
    static final int MAX_ATTEMPTS = 12;
    private static final System.Logger LOG = System.getLogger(JdbcCreditStore.class.getName());
    /** The most commands one team's transaction carries. */
    static final int MAX_BATCH = 256;

    private final HikariDataSource dataSource;
    private final StoreSettings settings;
    /** Every team belongs to one lane, so no two transactions of this store ever lock the same team. */
    private final Lane[] lanes;
    /**
     * Teams kept decoded between transactions, with the version of their row. Only the lane that owns a team reads or
     * changes its entry, and an entry is dropped whenever a transaction on its team did not commit.
     */
    private final Map<TeamId, Decoded> decoded = new ConcurrentHashMap<>();
    /** The setting that chooses how commands share transactions: {@code grouped}, {@code per-team}, {@code serializable}. */
    public static final String TRANSACTIONS = "creditpool.store.transactions";
    /**
     * Whether a transaction carries one team's commands only, for distributed engines where a transaction spanning
     * teams costs a distributed commit and where transactions are serializable: {@code creditpool.store.transactions}
     * {@code per-team} or {@code serializable} (which also runs every transaction SERIALIZABLE), or a database whose
     * transactions are serializable by its own setting (CockroachDB always; PostgreSQL with
     * {@code default_transaction_isolation = 'serializable'}). By default the commands waiting in a lane share one
     * transaction whatever their teams ({@code grouped}).
     */
    private final boolean perTeam;
    /** How many teams stay decoded in memory: {@code creditpool.store.cached-teams}. */
    private final int cachedTeams = Integer.getInteger("creditpool.store.cached-teams", 10_000);

    /** A team as decoded or last written, at {@code version}, and its settings as written. */
    private record Decoded(long version, Team team, String header, Team.Creation creation, String creationJson) {
        /** The JSON of the team's creation decision, if it is still the one this was written with. */
        String creationJson(Team now) {
            return now.creation() == creation ? creationJson : TeamCodec.creationJson(now);
        }
    }
    private final BatchStatements statements;
    /** Read (or made) once at open: it never changes. */
    private final String installationId;
    private final List<java.util.function.Consumer<List<StoredEvent>>> eventsCommitted = new CopyOnWriteArrayList<>();
    private volatile JdbcWebhooks webhooks;
    private final JdbcPageSessions pageSessions = new JdbcPageSessions(this);

    private JdbcCreditStore(HikariDataSource dataSource, StoreSettings settings, int laneCount,
            String installationId, boolean perTeam) {
        this.dataSource = dataSource;
        this.perTeam = perTeam;
        this.installationId = installationId;
        this.settings = settings;
        this.statements = BatchStatements.of(settings.kind());
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
        if (settings.kind() == StoreSettings.Kind.POSTGRES) {
            // statements are parsed once per connection and planned on every execution, for the arrays' actual
            // lengths and the tables' actual sizes (a plan kept from a connection's first minutes, when the tables
            // were small, went on scanning a whole table as it grew)
            // (asked only of a server that has the setting: PostgreSQL 12 and later)
            config.setConnectionInitSql("SELECT set_config('plan_cache_mode', 'force_custom_plan', false) "
                    + "FROM pg_settings WHERE name = 'plan_cache_mode'");
            // and committed: without autocommit, the pool would leave each new connection in the transaction that
            // statement opened, and an idle connection's open snapshot keeps PostgreSQL from pruning the versions
            // every command leaves of its team's row (one busy team's look-up came to read 1,245 pages)
            config.setIsolateInternalQueries(true);
        }
        if (settings.kind() == StoreSettings.Kind.SQLITE) {
            sqliteConnections(config, settings);
        }
        config.setMaximumPoolSize(Integer.getInteger("creditpool.store.pool-size", 16));
        config.setAutoCommit(false);
        String transactions = transactions();
        if (transactions.equals("serializable")) {
            config.setTransactionIsolation("TRANSACTION_SERIALIZABLE");
        }
        // how long a command waits for a connection before it fails with a clear error (the database is down)
        config.setConnectionTimeout(Long.getLong("creditpool.store.connect-timeout-ms", 10_000));
        config.setInitializationFailTimeout(-1);
        HikariDataSource dataSource = new HikariDataSource(config);
        String installation;
        boolean serializable;
        try {
            migrate(dataSource, settings);
            installation = installationId(dataSource, settings);
            serializable = transactions.equals("serializable") || serializableByDefault(dataSource, settings);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        if (serializable && !transactions.equals("serializable")) {
            LOG.log(System.Logger.Level.INFO, "the database at " + settings + " runs transactions as serializable: "
                    + "one team's commands a transaction (as creditpool.store.transactions=serializable)");
        }
        return new JdbcCreditStore(dataSource, settings,
                // SQLite writes one transaction at a time: one lane, whose transaction carries every waiting command.
                // Elsewhere few big transactions beat many small ones: on a 2-core machine with 64 callers over 1,000
                // teams, 2 lanes gave 2-3x the throughput of 32 on PostgreSQL (see the README's storage benchmark)
                settings.kind() == StoreSettings.Kind.SQLITE ? 1 : Math.max(1, Integer.getInteger(
                        "creditpool.store.lanes",
                        Math.min(config.getMaximumPoolSize(), Runtime.getRuntime().availableProcessors()))),
                installation, serializable || transactions.equals("per-team"));
    }

    /** {@code creditpool.store.transactions}: grouped (the default), per-team or serializable; another is refused. */
    static String transactions() {
        String value = System.getProperty(TRANSACTIONS, "grouped");
        if (!List.of("grouped", "per-team", "serializable").contains(value)) {
            throw new IllegalArgumentException(TRANSACTIONS + ": '" + value + "' is not grouped, per-team or "
                    + "serializable");
        }
        return value;
    }

    /**
     * Whether a PostgreSQL-speaking database runs its transactions as serializable without being asked (CockroachDB
     * always does; PostgreSQL when its {@code default_transaction_isolation} says so): then one team's commands go
     * in a transaction, so contention between teams never fails a transaction of many.
     */
    private static boolean serializableByDefault(HikariDataSource dataSource, StoreSettings settings) {
        if (settings.kind() != StoreSettings.Kind.POSTGRES) {
            return false;
        }
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("SHOW transaction_isolation"); ResultSet r = s.executeQuery()) {
                boolean serializable = r.next() && "serializable".equalsIgnoreCase(r.getString(1));
                c.commit();
                return serializable;
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("the credit store at " + settings + " could not be asked how it "
                    + "isolates transactions: " + e.getMessage(), e);
        }
    }

    /**
     * SQLite's settings on every connection: the write-ahead log (readers never wait for the writer, and processes
     * share the file), commits flushed to disk as {@link StoreSettings#sqliteSynchronous()} says, and a writer that
     * finds the write lock taken (by this process or another) waiting for it up to the statement timeout.
     */
    public static void sqliteConnections(HikariConfig config, StoreSettings settings) {
        java.nio.file.Path file = java.nio.file.Path.of(settings.location()).toAbsolutePath();
        try {
            if (file.getParent() != null) {
                java.nio.file.Files.createDirectories(file.getParent());
            }
        } catch (java.io.IOException e) {
            throw new StoreUnavailableException("cannot make the folder of the SQLite store " + file + ": "
                    + e.getMessage(), e);
        }
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("synchronous", StoreSettings.sqliteSynchronous());
        config.addDataSourceProperty("busy_timeout", String.valueOf(StoreSettings.statementTimeoutSeconds() * 1000));
        config.addDataSourceProperty("foreign_keys", "false");
    }

    /**
     * The store's installation id, made on the first open of a store that has none: a random UUID. Two instances
     * opening a new store at once both insert; the primary key keeps the first, and both read it back.
     */
    private static String installationId(HikariDataSource dataSource, StoreSettings settings) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                SqlDialect.of(settings.kind()).beginWrite(c);
                try (PreparedStatement read = c.prepareStatement("SELECT id FROM creditpool_installation");
                     ResultSet r = read.executeQuery()) {
                    if (r.next()) {
                        String id = r.getString(1);
                        c.commit();
                        return id;
                    }
                }
                String made = java.util.UUID.randomUUID().toString();
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO creditpool_installation (one_row, id, created_at) VALUES (1, ?, ?)")) {
                    insert.setString(1, made);
                    SqlDialect.of(settings.kind()).setInstant(insert, 2, java.time.Instant.now());
                    insert.executeUpdate();
                    c.commit();
                    return made;
                } catch (SQLException e) {
                    c.rollback();
                    if (attempt >= 3 || !retryable(e)) {
                        throw e;
                    }
                    // another instance made it first: read theirs
                }
            } catch (SQLException e) {
                if (attempt >= 3 || !retryable(e)) {
                    throw new StoreUnavailableException("cannot read the installation id of the database at "
                            + settings + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** Made when this store was first opened, kept in {@code creditpool_installation}. */
    @Override
    public String installationId() {
        return installationId;
    }

    private static void migrate(HikariDataSource dataSource, StoreSettings settings) {
        var configuration = Flyway.configure().dataSource(dataSource);
        if (settings.schema() != null) {
            configuration.schemas(settings.schema());
        }
        Flyway flyway = configuration
                // the migrations for every database, then those in this database's own dialect
                .locations(SqlDialect.of(settings.kind()).migrationLocations())
                .table("creditpool_schema_history")
                // a schema migrated by a newer Creditpool is refused, not ignored
                .ignoreMigrationPatterns("")
                // through SLF4J, as the rest of Creditpool logs: left to guess, Flyway misses an SLF4J 2 backend and
                // takes the Log4j API that Apache POI brings along, which, with no Log4j backend, prints an error
                .loggers("slf4j")
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

    /** How this store's database keeps times and takes its write lock. */
    SqlDialect dialect() {
        return statements.dialect;
    }

    /** The connections (not auto-committing), for the other tables of this database: the service's API keys. */
    public javax.sql.DataSource dataSource() {
        return dataSource;
    }

    /** One command's unit of work, waiting for its team's next transaction. */
    private static final class Job {
        final TeamId team;
        /** The request id the work will look up, if it said so. */
        final RequestId request;
        final Function<TeamUnit, ?> work;
        Object result;
        Throwable failure;
        /** The work threw: its failure is its answer, and the batch runs again without it. */
        boolean failed;
        /** Set by the transaction that ran it, or by the command handing the lane on to it; then its thread wakes. */
        volatile boolean done;
        volatile boolean leads;
        /** The caller's thread, waiting for one of the two. */
        final Thread waiter = Thread.currentThread();

        Job(TeamId team, RequestId request, Function<TeamUnit, ?> work) {
            this.team = team;
            this.request = request;
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
    public <T> T inTransaction(TeamId team, Function<TeamUnit, T> work) {
        return inTransaction(team, null, work);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T inTransaction(TeamId team, RequestId request, Function<TeamUnit, T> work) {
        Job job = new Job(team, request, work);
        Lane lane = lanes[Math.floorMod(team.hashCode(), lanes.length)];
        synchronized (lane) {
            lane.waiting.add(job);
            if (!lane.busy) {
                lane.busy = true;
                job.leads = true;
            }
        }
        // each waiting command is woken alone, when its transaction ended or the lane became its to lead: waking
        // every waiter of the lane at each commit cost a quarter of the CPU with 64 callers
        boolean interrupted = false;
        while (!job.done && !job.leads) {
            LockSupport.park(lane);
            if (Thread.interrupted()) {
                synchronized (lane) {
                    if (!job.done && !job.leads && lane.waiting.remove(job)) {
                        // not yet taken into a transaction: leave, nothing was changed
                        Thread.currentThread().interrupt();
                        throw new StoreUnavailableException("interrupted while waiting for team " + team
                                + "; nothing was changed", null);
                    }
                }
                // already in a transaction, or the lane is this command's to lead: see it through
                interrupted = true;
            }
        }
        if (!job.done) {
            lead(lane);
        }
        if (interrupted) {
            // only now: a transaction this thread leads for others must not fail on its caller's interrupt
            Thread.currentThread().interrupt();
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
            if (perTeam) {
                // the first waiting command's team, and the commands waiting for it: one team a transaction
                TeamId team = lane.waiting.peek().team;
                for (var it = lane.waiting.iterator(); it.hasNext() && batch.size() < MAX_BATCH; ) {
                    Job j = it.next();
                    if (j.team.equals(team)) {
                        batch.add(j);
                        it.remove();
                    }
                }
            } else {
                while (!lane.waiting.isEmpty() && batch.size() < MAX_BATCH) {
                    batch.add(lane.waiting.poll());
                }
            }
        }
        try {
            runBatch(batch);
        } catch (RuntimeException | Error e) {
            batch.forEach(j -> j.failure = j.failure == null ? e : j.failure);
        } finally {
            Job next;
            synchronized (lane) {
                batch.forEach(j -> j.done = true);
                next = lane.waiting.peek();
                if (next == null) {
                    lane.busy = false;
                } else {
                    next.leads = true;
                }
            }
            Thread self = Thread.currentThread();
            for (Job j : batch) {
                if (j.waiter != self) {
                    LockSupport.unpark(j.waiter);
                }
            }
            if (next != null) {
                LockSupport.unpark(next.waiter);
            }
        }
    }

    private void runBatch(List<Job> batch) {
        SQLException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            boolean committing = false;
            List<Job> running = batch.stream().filter(j -> !j.failed).toList();
            if (running.isEmpty()) {
                return;
            }
            try (Connection c = dataSource.getConnection()) {
                try {
                    List<Runnable> afterCommit = runOnce(c, running);
                    committing = true;
                    c.commit();
                    afterCommit.forEach(Runnable::run);
                    return;
                } catch (JobFailed failed) {
                    // a command's work threw: it fails on its own, and the others run again without it on the team
                    // as stored (the decoded team it changed is dropped)
                    rollbackQuietly(c);
                    forget(running);
                    attempt--;
                    continue;
                } catch (SQLException | SqlFailure failure) {
                    rollbackQuietly(c);
                    forget(running);
                    SQLException e = failure instanceof SqlFailure f ? f.sql() : (SQLException) failure;
                    // A broken connection before the commit changed nothing: try again on a fresh one. During the
                    // commit the outcome is unknown, so the caller must decide (a replay of its request id is safe).
                    boolean lost = !committing && connectionLost(e);
                    if (!retryable(e) && !lost) {
                        throw committing ? unknownOutcome(e) : unavailable(e);
                    }
                    if (lost) {
                        // the pool's idle connections went to the same server: retire them so the next attempt opens
                        // a fresh one (and hears at once, within the connect timeout, if the database is still away)
                        dataSource.getHikariPoolMXBean().softEvictConnections();
                    }
                    last = e;
                } catch (RuntimeException | Error e) {
                    rollbackQuietly(c);
                    forget(running);
                    throw e;
                }
            } catch (SQLException e) {
                forget(running);
                throw unavailable(e);
            }
            backOff(attempt);
        }
        if (last != null && connectionLost(last)) {
            throw unavailable(last);
        }
        throw new StoreUnavailableException("team " + batch.get(0).team + ": the credit store at " + settings
                + " kept refusing the transaction after " + MAX_ATTEMPTS + " attempts; nothing was changed", last);
    }

    /**
     * One attempt at a batch's transaction: every job runs afresh, on its team as stored now (decoded again only when
     * its version moved). Answers what to do once the transaction has committed: keep the teams decoded at their new
     * versions.
     */
    private List<Runnable> runOnce(Connection c, List<Job> batch) throws SQLException {
        Map<TeamId, List<Job>> byTeam = new TreeMap<>(Comparator.comparing(TeamId::value));
        batch.forEach(j -> byTeam.computeIfAbsent(j.team, t -> new ArrayList<>()).add(j));
        // the request records the jobs said they would look up, fetched with the lock on their teams
        Set<RequestKey> hinted = new HashSet<>();
        batch.stream().filter(j -> j.request != null).forEach(j -> hinted.add(new RequestKey(j.team, j.request)));
        BatchStatements.Locked locked = statements.lockAndLookUp(c, byTeam.keySet(), hinted);
        Map<TeamId, Stored> stored = locked.teams();
        Map<RequestKey, RecordedRequest> recorded = locked.requests();
        // teams not decoded in memory at the version just locked are read, all in one go
        List<TeamId> stale = new ArrayList<>();
        stored.forEach((id, row) -> {
            Decoded d = decoded.get(id);
            if (d == null || d.version() != row.version()) {
                stale.add(id);
            }
        });
        Map<TeamId, Loaded> loaded = stale.isEmpty() ? Map.of() : statements.load(c, stale);
        List<TeamWrite> updated = new ArrayList<>();
        List<PartRow> parts = new ArrayList<>();
        List<LedgerRow> ledger = new ArrayList<>();
        Map<RequestKey, RecordedRequest> requests = new LinkedHashMap<>();
        List<Runnable> afterCommit = new ArrayList<>();
        List<CreditEvent> events = new ArrayList<>();
        for (Map.Entry<TeamId, List<Job>> teamJobs : byTeam.entrySet()) {
            TeamId teamId = teamJobs.getKey();
            Stored before = stored.get(teamId);
            Team current = null;
            String header = null;
            Decoded prior = null;
            if (before != null) {
                Loaded fresh = loaded.get(teamId);
                if (fresh != null) {
                    current = TeamCodec.readTeam(teamId, fresh.header(), fresh.parts());
                    header = fresh.header();
                } else {
                    prior = decoded.get(teamId);
                    current = prior.team();
                    header = prior.header();
                }
                // the team is changed in place from here on: should this attempt not commit, it is dropped
                decoded.remove(teamId);
            }
            boolean created = false;
            List<LedgerEntry> entries = new ArrayList<>();
            for (Job job : teamJobs.getValue()) {
                job.result = null;
                job.failure = null;
                TeamUnit unit = new TeamUnit(teamId, current, id -> {
                    RequestKey key = new RequestKey(teamId, id);
                    if (requests.containsKey(key)) {
                        return Optional.of(requests.get(key));
                    }
                    return Optional.ofNullable(hinted.contains(key) ? recorded.get(key) : lookUp(c, key));
                });
                try {
                    job.result = job.work.apply(unit);
                } catch (SqlFailure e) {
                    throw e;
                } catch (RuntimeException | Error e) {
                    job.failure = e;
                    job.failed = true;
                    throw new JobFailed();
                }
                if (unit.team().isPresent()) {
                    current = unit.team().get();
                    entries.addAll(current.drainPendingLedger());
                    created |= unit.created();
                }
                unit.newRequests().forEach((id, r) -> requests.put(new RequestKey(teamId, id), r));
                events.addAll(unit.events());
            }
            long entriesBefore = before == null ? 0 : before.ledgerEntries();
            if (current != null) {
                String creationJson = prior == null ? TeamCodec.creationJson(current) : prior.creationJson(current);
                String newHeader = TeamCodec.writeHeader(current, creationJson);
                Team.Changes changes = current.drainChanges();
                long version = before == null ? 0 : before.version();
                boolean changed = created || !entries.isEmpty() || !changes.isEmpty() || !newHeader.equals(header);
                if (created) {
                    statements.insertTeam(c, current, newHeader, entries.size());
                } else if (changed) {
                    updated.add(new TeamWrite(current, newHeader, entriesBefore + entries.size(), version));
                }
                long written = changed ? version + 1 : version;
                // parts made by this write come after every part the team has (orders only grow with the version)
                for (TeamCodec.Part p : TeamCodec.changedParts(current, changes, written << 20)) {
                    parts.add(new PartRow(teamId, p));
                }
                long seq = entriesBefore;
                for (LedgerEntry e : entries) {
                    ledger.add(new LedgerRow(teamId, ++seq, e));
                }
                Decoded after = new Decoded(written, current, newHeader, current.creation(), creationJson);
                afterCommit.add(() -> keep(teamId, after));
            }
        }
        if (!updated.isEmpty() || !parts.isEmpty() || !ledger.isEmpty() || !requests.isEmpty()) {
            statements.write(c, updated, parts, ledger, requests);
        }
        if (!events.isEmpty()) {
            // last, so the counter's row is held only for the end of the transaction
            List<StoredEvent> written = statements.appendEvents(c, events);
            afterCommit.add(() -> eventsCommitted.forEach(listener -> listener.accept(written)));
        }
        return afterCommit;
    }

    /** Keeps a team decoded at the version just committed, within the number of teams kept. */
    private void keep(TeamId team, Decoded value) {
        if (decoded.size() >= cachedTeams) {
            // full: make room by dropping some (any) others; they are decoded again when next used
            int drop = Math.max(1, cachedTeams / 10);
            for (var it = decoded.keySet().iterator(); it.hasNext() && drop > 0; drop--) {
                it.next();
                it.remove();
            }
        }
        decoded.put(team, value);
    }

    /** Drops the decoded teams of jobs whose transaction did not commit: their work may have changed them. */
    private void forget(List<Job> jobs) {
        jobs.forEach(j -> decoded.remove(j.team));
    }

    /** A request record the work asked for without saying so beforehand. */
    private RecordedRequest lookUp(Connection c, RequestKey key) {
        try {
            return statements.requests(c, List.of(key)).get(key);
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    @Override
    public List<LedgerEntry> ledger(TeamId team) {
        return read("SELECT kind, entry FROM creditpool_ledger WHERE team_id = ? ORDER BY seq", team.value(),
                r -> TeamCodec.readEntry(r.getString(1), r.getString(2)));
    }

    @Override
    public List<LedgerEntry> ledger(TeamId team, long from, long to) {
        if (from > to) {
            return List.of();
        }
        return read("SELECT kind, entry FROM creditpool_ledger WHERE team_id = ? AND seq BETWEEN " + from + " AND "
                + to + " ORDER BY seq", team.value(), r -> TeamCodec.readEntry(r.getString(1), r.getString(2)));
    }

    @Override
    public long ledgerSize(TeamId team) {
        List<Long> size = read("SELECT ledger_entries FROM creditpool_team WHERE team_id = ?", team.value(),
                r -> r.getLong(1));
        return size.isEmpty() ? 0 : size.get(0);
    }

    @Override
    public List<StoredEvent> events(long after, int limit, String product) {
        String sql = "SELECT id, kind, data FROM creditpool_event WHERE "
                + (product == null ? "" : "product = ? AND ") + "id > ? ORDER BY id LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = BatchStatements.prepare(c, sql)) {
            int i = 0;
            if (product != null) {
                s.setString(++i, product);
            }
            s.setLong(++i, after);
            s.setInt(++i, limit);
            List<StoredEvent> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new StoredEvent(r.getLong(1), BatchStatements.readEvent(r.getString(2), r.getString(3))));
                }
            }
            c.commit();
            return out;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public long lastEventId() {
        return read("SELECT last_id FROM creditpool_event_counter", null, r -> r.getLong(1)).get(0);
    }

    @Override
    public void afterEventsCommitted(java.util.function.Consumer<List<StoredEvent>> listener) {
        eventsCommitted.add(listener);
    }

    /** The purchase rows of every team, found through the index of when they are due, not by reading every part. */
    @Override
    public List<PendingPurchase> pendingPurchases() {
        List<PendingPurchase> all = new ArrayList<>(read("SELECT data FROM creditpool_team_part WHERE due_at IS NOT NULL "
                + "AND kind = ?",
                TeamCodec.PURCHASE, r -> TeamCodec.read(r.getString(1), PendingPurchase.class)));
        all.sort(Comparator.comparing(PendingPurchase::startedAt));
        return all;
    }

    /** The page's links and sessions, in this store's database. */
    @Override
    public PageSessions pageSessions() {
        return pageSessions;
    }

    /** The webhook endpoints and deliveries, in this store's database. */
    @Override
    public Webhooks webhooks() {
        JdbcWebhooks w = webhooks;
        if (w == null) {
            synchronized (this) {
                if (webhooks == null) {
                    webhooks = new JdbcWebhooks(this);
                }
                w = webhooks;
            }
        }
        return w;
    }

    @Override
    public List<TeamId> teams() {
        return read("SELECT team_id FROM creditpool_team ORDER BY team_id", null, r -> TeamId.of(r.getString(1)));
    }

    /** The database server's clock on PostgreSQL, which every instance sharing the store agrees on; else none. */
    @Override
    public Optional<java.time.Instant> databaseTime() {
        String query = dialect().clockQuery();
        if (query == null) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection()) {
            java.time.Instant at;
            try (PreparedStatement s = c.prepareStatement(query); ResultSet r = s.executeQuery()) {
                r.next();
                at = dialect().instant(r, 1);
            }
            c.commit();
            return Optional.of(at);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** From the index on the purchase rows' {@code due_at} (migration V8): a poll reads only what is due. */
    @Override
    public List<io.creditpool.kernel.port.out.DuePurchase> duePurchases(java.time.Instant by, int limit) {
        try (Connection c = dataSource.getConnection()) {
            List<io.creditpool.kernel.port.out.DuePurchase> due = statements.duePurchases(c, by, limit);
            c.commit();
            return due;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public List<TeamRequest> requests(TeamId team) {
        return read("SELECT request_id, fingerprint, decision, decided_at FROM creditpool_request WHERE team_id = ? "
                + "ORDER BY decided_at NULLS FIRST, request_id", team.value(), r -> new TeamRequest(
                        RequestId.of(r.getString(1)), BatchStatements.recorded(r.getString(2), r.getString(3),
                                dialect().instant(r, 4))));
    }

    /** Asks the database: a team's state begins with its plan ({@link TeamCodec#planPrefix}). */
    @Override
    public boolean anyTeamOnPlan(String plan) {
        String pattern = TeamCodec.planPrefix(plan).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        return !read("SELECT team_id FROM creditpool_team WHERE state LIKE ? ESCAPE '!' LIMIT 1", pattern,
                r -> r.getString(1)).isEmpty();
    }

    /**
     * For each team whose stored balance differs from the sum of its ledger's balance changes, a line saying so:
     * the database's own check that the balance can be recomputed from the ledger.
     */
    @Override
    public List<String> ledgerMismatches() {
        // one pass over every team without locks; while commands commit, an engine may read a team's row and its
        // ledger at different moments (H2 takes each table's snapshot when the statement first reads it), so each
        // team that seems off is looked at again under its row's lock, which every writer of the team takes
        List<String> seemingly = read("SELECT t.team_id FROM creditpool_team t "
                + "LEFT JOIN creditpool_ledger l ON l.team_id = t.team_id GROUP BY t.team_id, t.balance "
                + "HAVING t.balance <> COALESCE(SUM(l.balance_change), 0) ORDER BY t.team_id", null,
                r -> r.getString(1));
        List<String> wrong = new ArrayList<>();
        for (String team : seemingly) {
            JdbcWork.inTransaction(this, "the ledger of team " + team, c -> {
                try (PreparedStatement lock = BatchStatements.prepare(c, "SELECT balance FROM creditpool_team "
                        + "WHERE team_id = ?" + dialect().forUpdate());
                        PreparedStatement sum = BatchStatements.prepare(c, "SELECT COALESCE(SUM(balance_change), 0) "
                                + "FROM creditpool_ledger WHERE team_id = ?")) {
                    lock.setString(1, team);
                    sum.setString(1, team);
                    try (ResultSet b = lock.executeQuery(); ResultSet l = sum.executeQuery()) {
                        if (b.next() && l.next() && b.getLong(1) != l.getLong(1)) {
                            wrong.add("team " + team + ": stored balance " + b.getLong(1) + ", ledger sum "
                                    + l.getLong(1));
                        }
                    }
                }
                return null;
            });
        }
        return wrong;
    }

    private interface Row<T> {
        T read(ResultSet r) throws SQLException;
    }

    private <T> List<T> read(String sql, String parameter, Row<T> row) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = BatchStatements.prepare(c, sql)) {
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
     * SQLSTATEs worth another attempt: serialization failure, deadlock, and a lost race to insert a team; on SQLite a
     * snapshot written over by another connection. A timeout (on SQLite, the write lock held elsewhere past the busy
     * timeout) is not retried: the caller hears of it at once.
     */
    static boolean retryable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if ("40001".equals(state) || "40P01".equals(state) || "23505".equals(state) || SqlDialect.staleSnapshot(sql)) {
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

    /** A jittered pause before attempt {@code attempt + 1} of a transaction: up to 2^attempt ms, at most 128. */
    static void backOff(int attempt) {
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
     * Closes the store and removes everything in it: the H2 folder, the SQLite file, or the PostgreSQL schema an
     * {@link StoreSettings#isolated isolated} store was given. For scenario runs and tests; refuses a shared store.
     */
    @Override
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
        if (settings.kind() == StoreSettings.Kind.SQLITE) {
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                try {
                    java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(settings.location() + suffix));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("removing " + settings.location() + suffix, e);
                }
            }
            return;
        }
        java.nio.file.Path folder = java.nio.file.Path.of(settings.location());
        try (var files = java.nio.file.Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("removing " + folder, e);
        }
    }

    /** A command's work threw; its failure is recorded on its job. */
    private static final class JobFailed extends RuntimeException {
        JobFailed() {
            super(null, null, false, false);
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
