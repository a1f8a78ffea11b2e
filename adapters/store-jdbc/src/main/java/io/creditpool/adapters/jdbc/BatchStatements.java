package io.creditpool.adapters.jdbc;

import io.creditpool.adapters.store.StoreSettings;

import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Team;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.CreditEvent;
import io.creditpool.kernel.port.out.RecordedRequest;
import io.creditpool.kernel.port.out.StoredEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The statements one group-commit transaction runs, in its database's dialect. On H2 and SQLite, which run inside
 * the JVM's process, a statement costs little and rows go in JDBC batches. On PostgreSQL each statement is work for a server process that
 * shares the machine, so every step of a transaction is one statement whatever the number of teams in it: the rows
 * travel as arrays and {@code unnest} turns them back into rows (PostgreSQL, CockroachDB and YugabyteDB all have it).
 */
abstract sealed class BatchStatements permits BatchStatements.RowBatches, BatchStatements.PostgresArrays {
    final SqlDialect dialect;

    BatchStatements(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /** A team's row as locked: its version and its ledger's length. */
    record Stored(long version, long ledgerEntries) {
    }

    /** A team as read to decode it: its row's settings and its part rows, in the order the team made them. */
    record Loaded(String header, List<TeamCodec.Part> parts) {
    }

    /**
     * A team's new row to write: its settings, its balance, its ledger's new length, and the version it had when it was
     * locked ({@code version + 1} is written).
     */
    record TeamWrite(Team team, String header, long ledgerEntries, long version) {
    }

    /** A part of a team to write, or to delete when its {@code data} is null. */
    record PartRow(TeamId team, TeamCodec.Part part) {
    }

    /** One ledger entry to append, with its number in its team's ledger. */
    record LedgerRow(TeamId team, long seq, LedgerEntry entry) {
    }

    /** A request id on a team. */
    record RequestKey(TeamId team, RequestId id) {
    }

    static BatchStatements of(StoreSettings.Kind kind) {
        SqlDialect dialect = SqlDialect.of(kind);
        return dialect == SqlDialect.POSTGRESQL ? new PostgresArrays() : new RowBatches(dialect);
    }

    /** Locks the rows of {@code teams} in id order (the same order in every instance, so no two deadlock). */
    abstract Map<TeamId, Stored> lock(Connection c, Collection<TeamId> teams) throws SQLException;

    /** The settings and parts of {@code teams}, to decode them: only for teams not kept decoded in memory. */
    Map<TeamId, Loaded> load(Connection c, Collection<TeamId> teams) throws SQLException {
        Map<TeamId, Loaded> loaded = new HashMap<>();
        List<String> ids = teams.stream().map(TeamId::value).sorted().toList();
        String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement s = prepare(c, "SELECT team_id, state FROM creditpool_team WHERE team_id IN ("
                + marks + ")")) {
            bind(s, ids);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    loaded.put(TeamId.of(r.getString(1)), new Loaded(r.getString(2), new ArrayList<>()));
                }
            }
        }
        try (PreparedStatement s = prepare(c, "SELECT team_id, kind, part_key, ord, data FROM creditpool_team_part "
                + "WHERE team_id IN (" + marks + ") ORDER BY team_id, ord")) {
            bind(s, ids);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Loaded team = loaded.get(TeamId.of(r.getString(1)));
                    if (team != null) {
                        team.parts().add(new TeamCodec.Part(r.getString(2), r.getString(3), r.getLong(4),
                                r.getString(5)));
                    }
                }
            }
        }
        return loaded;
    }

    private static void bind(PreparedStatement s, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            s.setString(i + 1, values.get(i));
        }
    }

    /** The recorded requests among {@code keys}; a key without a record is absent from the answer. */
    abstract Map<RequestKey, RecordedRequest> requests(Connection c, Collection<RequestKey> keys) throws SQLException;

    /** The teams locked, and the request records looked up once they are: what a transaction reads first. */
    record Locked(Map<TeamId, Stored> teams, Map<RequestKey, RecordedRequest> requests) {
    }

    /**
     * Locks the teams (as {@link #lock}), then looks up the request records {@code keys} names (as {@link #requests},
     * none when {@code keys} is empty): the records are read only once their teams are locked.
     */
    Locked lockAndLookUp(Connection c, Collection<TeamId> teams, Collection<RequestKey> keys) throws SQLException {
        Map<TeamId, Stored> locked = lock(c, teams);
        return new Locked(locked, keys.isEmpty() ? Map.of() : requests(c, keys));
    }

    /**
     * Writes what a batch changed: the teams' new rows (each team must be there, locked, at the version given), their
     * changed parts (written, or deleted when gone), the ledger entries to append, and the request records to insert
     * or replace.
     */
    abstract void write(Connection c, List<TeamWrite> teams, List<PartRow> parts, List<LedgerRow> ledger,
            Map<RequestKey, RecordedRequest> requests) throws SQLException;

    /**
     * A statement that gives up after {@link StoreSettings#statementTimeoutSeconds()} (a lock held elsewhere for too
     * long, a database that stopped answering): the command then fails with a clear error and changes nothing.
     */
    static PreparedStatement prepare(Connection c, String sql) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        s.setQueryTimeout(StoreSettings.statementTimeoutSeconds());
        return s;
    }

    /** A new team's row, at version 1; its parts are written with the batch's other parts. */
    void insertTeam(Connection c, Team team, String state, long ledgerEntries) throws SQLException {
        try (PreparedStatement s = prepare(c, "INSERT INTO creditpool_team (team_id, state, balance, ledger_entries, "
                + "version) VALUES (?, ?, ?, ?, 1)")) {
            s.setString(1, team.id().value());
            s.setString(2, state);
            s.setLong(3, team.balance());
            s.setLong(4, ledgerEntries);
            s.executeUpdate();
        }
    }

    /**
     * Appends {@code events} to the outbox, numbered after the counter's last id: the counter's row is locked until
     * the transaction ends, so the ids of transactions that commit later are greater.
     */
    List<StoredEvent> appendEvents(Connection c, List<CreditEvent> events) throws SQLException {
        long last;
        try (PreparedStatement s = prepare(c, "SELECT last_id FROM creditpool_event_counter WHERE one_row = 1"
                + dialect.forUpdate()); ResultSet r = s.executeQuery()) {
            r.next();
            last = r.getLong(1);
        }
        List<StoredEvent> written = new ArrayList<>();
        try (PreparedStatement s = prepare(c, "INSERT INTO creditpool_event (id, team_id, product, kind, at, data) "
                + "VALUES (?, ?, ?, ?, ?, ?)")) {
            long id = last;
            for (CreditEvent e : events) {
                written.add(new StoredEvent(++id, e));
                s.setLong(1, id);
                s.setString(2, e.team().value());
                s.setString(3, StoredEvent.productOf(e.team()));
                s.setString(4, e.type());
                dialect.setInstant(s, 5, e.at());
                s.setString(6, TeamCodec.json(e));
                s.addBatch();
            }
            s.executeBatch();
        }
        try (PreparedStatement s = prepare(c, "UPDATE creditpool_event_counter SET last_id = ? WHERE one_row = 1")) {
            s.setLong(1, last + events.size());
            s.executeUpdate();
        }
        return written;
    }

    /** An outbox row's event. */
    static CreditEvent readEvent(String kind, String data) {
        Class<? extends CreditEvent> type = CreditEvent.typeNamed(kind);
        if (type == null) {
            throw new IllegalStateException("the outbox holds an event of unknown kind '" + kind + "'");
        }
        return TeamCodec.read(data, type);
    }

    /**
     * The pending purchases due by {@code by}, soonest first, at most {@code limit}: read from the index on
     * {@code due_at}, without locking (a worker claims each in its team's own transaction).
     */
    List<io.creditpool.kernel.port.out.DuePurchase> duePurchases(Connection c, Instant by, int limit)
            throws SQLException {
        List<io.creditpool.kernel.port.out.DuePurchase> due = new ArrayList<>();
        try (PreparedStatement s = prepare(c, "SELECT team_id, part_key, due_at FROM creditpool_team_part "
                + "WHERE due_at <= ? AND kind = 'purchase' ORDER BY due_at LIMIT ?")) {
            dialect.setInstant(s, 1, by);
            s.setInt(2, limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    due.add(new io.creditpool.kernel.port.out.DuePurchase(TeamId.of(r.getString(1)), r.getString(2),
                            dialect.instant(r, 3)));
                }
            }
        }
        return due;
    }

    private static Map<TeamId, Stored> readLocked(PreparedStatement s) throws SQLException {
        try (ResultSet r = s.executeQuery()) {
            return readLocked(r);
        }
    }

    private static Map<TeamId, Stored> readLocked(ResultSet r) throws SQLException {
        Map<TeamId, Stored> stored = new HashMap<>();
        while (r.next()) {
            stored.put(TeamId.of(r.getString(1)), new Stored(r.getLong(2), r.getLong(3)));
        }
        return stored;
    }

    static RecordedRequest recorded(String fingerprint, String decision) {
        return recorded(fingerprint, decision, null);
    }

    static RecordedRequest recorded(String fingerprint, String decision, Instant at) {
        return new RecordedRequest(fingerprint, decision == null ? null : TeamCodec.read(decision, Decision.class), at);
    }

    private static String decision(RecordedRequest request) {
        return request.decision() == null ? null : TeamCodec.json(request.decision());
    }

    private static void checkAllUpdated(int updated, int expected) {
        if (updated != expected) {
            throw new IllegalStateException("a team vanished or changed version while it was locked");
        }
    }

    /**
     * H2 and SQLite: one statement per row, sent in JDBC batches. On SQLite the lock is the database's write lock,
     * taken by the transaction's first statement ({@link SqlDialect#beginWrite}).
     */
    static final class RowBatches extends BatchStatements {
        RowBatches(SqlDialect dialect) {
            super(dialect);
        }

        @Override
        void write(Connection c, List<TeamWrite> teams, List<PartRow> parts, List<LedgerRow> ledger,
                Map<RequestKey, RecordedRequest> requests) throws SQLException {
            if (!teams.isEmpty()) {
                updateTeams(c, teams);
            }
            if (!parts.isEmpty()) {
                writeParts(c, parts);
            }
            if (!ledger.isEmpty()) {
                appendLedger(c, ledger);
            }
            if (!requests.isEmpty()) {
                saveRequests(c, requests);
            }
        }

        @Override
        Map<TeamId, Stored> lock(Connection c, Collection<TeamId> teams) throws SQLException {
            dialect.beginWrite(c);
            String marks = String.join(", ", Collections.nCopies(teams.size(), "?"));
            try (PreparedStatement s = prepare(c, "SELECT team_id, version, ledger_entries FROM creditpool_team "
                    + "WHERE team_id IN (" + marks + ") ORDER BY team_id" + dialect.forUpdate())) {
                int i = 0;
                for (TeamId team : teams) {
                    s.setString(++i, team.value());
                }
                return readLocked(s);
            }
        }

        @Override
        Map<RequestKey, RecordedRequest> requests(Connection c, Collection<RequestKey> keys) throws SQLException {
            Map<RequestKey, RecordedRequest> found = new HashMap<>();
            try (PreparedStatement s = prepare(c,
                    "SELECT fingerprint, decision FROM creditpool_request WHERE team_id = ? AND request_id = ?")) {
                for (RequestKey key : keys) {
                    s.setString(1, key.team().value());
                    s.setString(2, key.id().value());
                    try (ResultSet r = s.executeQuery()) {
                        if (r.next()) {
                            found.put(key, recorded(r.getString(1), r.getString(2)));
                        }
                    }
                }
            }
            return found;
        }

        private void updateTeams(Connection c, List<TeamWrite> writes) throws SQLException {
            try (PreparedStatement s = prepare(c, "UPDATE creditpool_team SET state = ?, balance = ?, "
                    + "ledger_entries = ?, version = ? WHERE team_id = ? AND version = ?")) {
                for (TeamWrite w : writes) {
                    s.setString(1, w.header());
                    s.setLong(2, w.team().balance());
                    s.setLong(3, w.ledgerEntries());
                    s.setLong(4, w.version() + 1);
                    s.setString(5, w.team().id().value());
                    s.setLong(6, w.version());
                    s.addBatch();
                }
                checkAllUpdated(Arrays.stream(s.executeBatch()).sum(), writes.size());
            }
        }

        /** Updates the parts that have a row, inserts those that have none yet, deletes those that are gone. */
        private void writeParts(Connection c, List<PartRow> parts) throws SQLException {
            List<PartRow> present = parts.stream().filter(p -> p.part().data() != null).toList();
            List<PartRow> gone = parts.stream().filter(p -> p.part().data() == null).toList();
            if (!present.isEmpty()) {
                int[] updated = new int[present.size()];
                // only a purchase has a due time: the other parts' updates leave due_at (and its index) alone
                try (PreparedStatement s = prepare(c, "UPDATE creditpool_team_part SET data = ? "
                        + "WHERE team_id = ? AND kind = ? AND part_key = ?");
                        PreparedStatement due = prepare(c, "UPDATE creditpool_team_part SET data = ?, due_at = ? "
                                + "WHERE team_id = ? AND kind = ? AND part_key = ?")) {
                    List<Integer> plain = new ArrayList<>();
                    List<Integer> timed = new ArrayList<>();
                    for (int i = 0; i < present.size(); i++) {
                        PartRow p = present.get(i);
                        boolean purchase = TeamCodec.PURCHASE.equals(p.part().kind());
                        PreparedStatement into = purchase ? due : s;
                        int n = 0;
                        into.setString(++n, p.part().data());
                        if (purchase) {
                            dialect.setInstant(into, ++n, p.part().dueAt());
                        }
                        into.setString(++n, p.team().value());
                        into.setString(++n, p.part().kind());
                        into.setString(++n, p.part().key());
                        into.addBatch();
                        (purchase ? timed : plain).add(i);
                    }
                    if (!plain.isEmpty()) {
                        int[] counts = s.executeBatch();
                        for (int i = 0; i < counts.length; i++) {
                            updated[plain.get(i)] = counts[i];
                        }
                    }
                    if (!timed.isEmpty()) {
                        int[] counts = due.executeBatch();
                        for (int i = 0; i < counts.length; i++) {
                            updated[timed.get(i)] = counts[i];
                        }
                    }
                }
                try (PreparedStatement s = prepare(c, "INSERT INTO creditpool_team_part "
                        + "(team_id, kind, part_key, ord, data, due_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                    boolean any = false;
                    for (int i = 0; i < present.size(); i++) {
                        if (updated[i] == 0) {
                            PartRow p = present.get(i);
                            s.setString(1, p.team().value());
                            s.setString(2, p.part().kind());
                            s.setString(3, p.part().key());
                            s.setLong(4, p.part().order());
                            s.setString(5, p.part().data());
                            dialect.setInstant(s, 6, p.part().dueAt());
                            s.addBatch();
                            any = true;
                        }
                    }
                    if (any) {
                        s.executeBatch();
                    }
                }
            }
            if (!gone.isEmpty()) {
                try (PreparedStatement s = prepare(c, "DELETE FROM creditpool_team_part "
                        + "WHERE team_id = ? AND kind = ? AND part_key = ?")) {
                    for (PartRow p : gone) {
                        s.setString(1, p.team().value());
                        s.setString(2, p.part().kind());
                        s.setString(3, p.part().key());
                        s.addBatch();
                    }
                    s.executeBatch();
                }
            }
        }

        private void appendLedger(Connection c, List<LedgerRow> rows) throws SQLException {
            try (PreparedStatement s = prepare(c, "INSERT INTO creditpool_ledger "
                    + "(team_id, seq, at, kind, balance_change, entry) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (LedgerRow row : rows) {
                    LedgerEntry e = row.entry();
                    s.setString(1, row.team().value());
                    s.setLong(2, row.seq());
                    dialect.setInstant(s, 3, e.at());
                    s.setString(4, TeamCodec.kind(e));
                    s.setLong(5, e.balanceChange());
                    s.setString(6, TeamCodec.json(e));
                    s.addBatch();
                }
                s.executeBatch();
            }
        }

        private void saveRequests(Connection c, Map<RequestKey, RecordedRequest> requests) throws SQLException {
            try (PreparedStatement s = prepare(c, dialect == SqlDialect.SQLITE
                    ? "INSERT INTO creditpool_request (team_id, request_id, fingerprint, decision, decided_at) "
                            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (team_id, request_id) DO UPDATE "
                            + "SET fingerprint = excluded.fingerprint, decision = excluded.decision, "
                            + "decided_at = excluded.decided_at"
                    : "MERGE INTO creditpool_request (team_id, request_id, fingerprint, decision, decided_at) "
                            + "KEY (team_id, request_id) VALUES (?, ?, ?, ?, ?)")) {
                for (Map.Entry<RequestKey, RecordedRequest> r : requests.entrySet()) {
                    s.setString(1, r.getKey().team().value());
                    s.setString(2, r.getKey().id().value());
                    s.setString(3, r.getValue().fingerprint());
                    s.setString(4, decision(r.getValue()));
                    dialect.setInstant(s, 5, r.getValue().at());
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
    }

    /**
     * PostgreSQL and its kin: one statement per step, the rows as arrays. Statements are prepared on the server once
     * per connection and planned on every execution ({@code plan_cache_mode = force_custom_plan}, set by the store
     * on each connection), for the arrays' actual lengths and the tables' actual sizes: a plan kept from a
     * connection's first minutes, when the tables were small, would scan a whole table that has since grown (a
     * request-id lookup took 30 ms per batch within a minute), while parsing every statement afresh cost a single
     * caller some 0.7 ms a transaction.
     */
    static final class PostgresArrays extends BatchStatements {
        PostgresArrays() {
            super(SqlDialect.POSTGRESQL);
        }

        private static final String LOCK = "SELECT team_id, version, ledger_entries FROM creditpool_team "
                + "WHERE team_id = ANY (?) ORDER BY team_id FOR UPDATE";
        private static final String REQUESTS = "SELECT r.team_id, r.request_id, r.fingerprint, r.decision "
                + "FROM creditpool_request r JOIN unnest(?::varchar[], ?::varchar[]) AS k(team_id, request_id) "
                + "ON r.team_id = k.team_id AND r.request_id = k.request_id";

        @Override
        Map<TeamId, Stored> lock(Connection c, Collection<TeamId> teams) throws SQLException {
            try (PreparedStatement s = prepare(c, LOCK)) {
                s.setArray(1, c.createArrayOf("varchar", teams.stream().map(TeamId::value).toArray()));
                return readLocked(s);
            }
        }

        @Override
        Map<RequestKey, RecordedRequest> requests(Connection c, Collection<RequestKey> keys) throws SQLException {
            try (PreparedStatement s = prepare(c, REQUESTS)) {
                setKeys(c, s, 1, keys);
                try (ResultSet r = s.executeQuery()) {
                    return readRequests(r);
                }
            }
        }

        /**
         * Both in one round trip: the two statements go to the server together and run one after the other, so the
         * request records are read (in a snapshot of their own, taken when their statement starts) once the lock is
         * held, as when they are sent one at a time.
         */
        @Override
        Locked lockAndLookUp(Connection c, Collection<TeamId> teams, Collection<RequestKey> keys) throws SQLException {
            if (keys.isEmpty()) {
                return new Locked(lock(c, teams), Map.of());
            }
            try (PreparedStatement s = prepare(c, LOCK + "; " + REQUESTS)) {
                // every locked row read before the look-up runs, whatever fetch size the store's URL sets
                s.setFetchSize(0);
                s.setArray(1, c.createArrayOf("varchar", teams.stream().map(TeamId::value).toArray()));
                setKeys(c, s, 2, keys);
                if (!s.execute()) {
                    throw new SQLException("locking the teams gave no rows to read");
                }
                Map<TeamId, Stored> locked;
                try (ResultSet r = s.getResultSet()) {
                    locked = readLocked(r);
                }
                if (!s.getMoreResults()) {
                    throw new SQLException("looking up the request records gave no rows to read");
                }
                try (ResultSet r = s.getResultSet()) {
                    return new Locked(locked, readRequests(r));
                }
            }
        }

        private static void setKeys(Connection c, PreparedStatement s, int first, Collection<RequestKey> keys)
                throws SQLException {
            s.setArray(first, c.createArrayOf("varchar", keys.stream().map(k -> k.team().value()).toArray()));
            s.setArray(first + 1, c.createArrayOf("varchar", keys.stream().map(k -> k.id().value()).toArray()));
        }

        private static Map<RequestKey, RecordedRequest> readRequests(ResultSet r) throws SQLException {
            Map<RequestKey, RecordedRequest> found = new HashMap<>();
            while (r.next()) {
                found.put(new RequestKey(TeamId.of(r.getString(1)), RequestId.of(r.getString(2))),
                        recorded(r.getString(3), r.getString(4)));
            }
            return found;
        }

        /**
         * One statement for all the writes (data-modifying common table expressions), so a batch's transaction is
         * three round trips whatever its size: lock with the request records, write, commit.
         */
        @Override
        void write(Connection c, List<TeamWrite> teams, List<PartRow> parts, List<LedgerRow> ledger,
                Map<RequestKey, RecordedRequest> requests) throws SQLException {
            List<PartRow> present = parts.stream().filter(p -> p.part().data() != null).toList();
            List<PartRow> gone = parts.stream().filter(p -> p.part().data() == null).toList();
            try (PreparedStatement s = prepare(c, "WITH teams AS (UPDATE creditpool_team AS t SET state = w.state, "
                    + "balance = w.balance, ledger_entries = w.ledger_entries, version = w.version + 1 "
                    + "FROM unnest(?::varchar[], ?::varchar[], ?::bigint[], ?::bigint[], ?::bigint[]) "
                    + "AS w(team_id, state, balance, ledger_entries, version) "
                    + "WHERE t.team_id = w.team_id AND t.version = w.version RETURNING 1), "
                    + "parts AS (INSERT INTO creditpool_team_part (team_id, kind, part_key, ord, data, due_at) "
                    + "SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::bigint[], ?::varchar[], "
                    + "?::timestamptz[]) "
                    + "ON CONFLICT (team_id, kind, part_key) DO UPDATE SET data = excluded.data, "
                    + "due_at = excluded.due_at), "
                    + "gone AS (DELETE FROM creditpool_team_part AS p "
                    + "USING unnest(?::varchar[], ?::varchar[], ?::varchar[]) AS g(team_id, kind, part_key) "
                    + "WHERE p.team_id = g.team_id AND p.kind = g.kind AND p.part_key = g.part_key), "
                    + "ledger AS (INSERT INTO creditpool_ledger (team_id, seq, at, kind, balance_change, entry) "
                    + "SELECT * FROM unnest(?::varchar[], ?::bigint[], ?::timestamptz[], ?::varchar[], ?::bigint[], "
                    + "?::varchar[])), "
                    + "requests AS (INSERT INTO creditpool_request (team_id, request_id, fingerprint, decision, "
                    + "decided_at) SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], "
                    + "?::timestamptz[]) ON CONFLICT (team_id, request_id) DO UPDATE "
                    + "SET fingerprint = excluded.fingerprint, decision = excluded.decision, "
                    + "decided_at = excluded.decided_at) "
                    + "SELECT count(*) FROM teams")) {
                int i = 0;
                s.setArray(++i, array(c, "varchar", teams, w -> w.team().id().value()));
                s.setArray(++i, array(c, "varchar", teams, TeamWrite::header));
                s.setArray(++i, array(c, "bigint", teams, w -> w.team().balance()));
                s.setArray(++i, array(c, "bigint", teams, TeamWrite::ledgerEntries));
                s.setArray(++i, array(c, "bigint", teams, TeamWrite::version));
                s.setArray(++i, array(c, "varchar", present, p -> p.team().value()));
                s.setArray(++i, array(c, "varchar", present, p -> p.part().kind()));
                s.setArray(++i, array(c, "varchar", present, p -> p.part().key()));
                s.setArray(++i, array(c, "bigint", present, p -> p.part().order()));
                s.setArray(++i, array(c, "varchar", present, p -> p.part().data()));
                s.setArray(++i, array(c, "varchar", present, p -> p.part().dueAt() == null ? null
                        : p.part().dueAt().toString()));
                s.setArray(++i, array(c, "varchar", gone, p -> p.team().value()));
                s.setArray(++i, array(c, "varchar", gone, p -> p.part().kind()));
                s.setArray(++i, array(c, "varchar", gone, p -> p.part().key()));
                s.setArray(++i, array(c, "varchar", ledger, r -> r.team().value()));
                s.setArray(++i, array(c, "bigint", ledger, LedgerRow::seq));
                s.setArray(++i, array(c, "varchar", ledger, r -> r.entry().at().toString()));
                s.setArray(++i, array(c, "varchar", ledger, r -> TeamCodec.kind(r.entry())));
                s.setArray(++i, array(c, "bigint", ledger, r -> r.entry().balanceChange()));
                s.setArray(++i, array(c, "varchar", ledger, r -> TeamCodec.json(r.entry())));
                List<Map.Entry<RequestKey, RecordedRequest>> recorded = List.copyOf(requests.entrySet());
                s.setArray(++i, array(c, "varchar", recorded, r -> r.getKey().team().value()));
                s.setArray(++i, array(c, "varchar", recorded, r -> r.getKey().id().value()));
                s.setArray(++i, array(c, "varchar", recorded, r -> r.getValue().fingerprint()));
                s.setArray(++i, array(c, "varchar", recorded, r -> decision(r.getValue())));
                s.setArray(++i, array(c, "varchar", recorded, r -> r.getValue().at() == null ? null
                        : r.getValue().at().toString()));
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    checkAllUpdated(r.getInt(1), teams.size());
                }
            }
        }

        private static <T> java.sql.Array array(Connection c, String type, List<T> rows, Function<T, Object> column)
                throws SQLException {
            return c.createArrayOf(type, rows.stream().map(column).toArray());
        }
    }
}
