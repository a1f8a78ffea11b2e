package io.creditpool.adapters.jdbc;

import io.creditpool.adapters.store.StoreSettings;

import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Team;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.RecordedRequest;
import org.postgresql.PGStatement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The statements one group-commit transaction runs, in its database's dialect. On H2, which runs inside the JVM, a
 * statement costs little and rows go in JDBC batches. On PostgreSQL each statement is work for a server process that
 * shares the machine, so every step of a transaction is one statement whatever the number of teams in it: the rows
 * travel as arrays and {@code unnest} turns them back into rows (PostgreSQL, CockroachDB and YugabyteDB all have it).
 */
abstract sealed class BatchStatements permits BatchStatements.H2Batches, BatchStatements.PostgresArrays {
    /** A team's row as locked. */
    record Stored(String state, long ledgerEntries) {
    }

    /** A team's new state to write, with its ledger's new length. */
    record TeamWrite(Team team, String state, long ledgerEntries) {
    }

    /** One ledger entry to append, with its number in its team's ledger. */
    record LedgerRow(TeamId team, long seq, LedgerEntry entry) {
    }

    /** A request id on a team. */
    record RequestKey(TeamId team, RequestId id) {
    }

    static BatchStatements of(StoreSettings.Kind kind) {
        return kind == StoreSettings.Kind.POSTGRES ? new PostgresArrays() : new H2Batches();
    }

    /** Locks the rows of {@code teams} in id order (the same order in every instance, so no two deadlock). */
    abstract Map<TeamId, Stored> lock(Connection c, Collection<TeamId> teams) throws SQLException;

    /** The recorded requests among {@code keys}; a key without a record is absent from the answer. */
    abstract Map<RequestKey, RecordedRequest> requests(Connection c, Collection<RequestKey> keys) throws SQLException;

    /**
     * Writes what a batch changed: the teams' new states (each team must be there, locked), the ledger entries to
     * append, and the request records to insert or replace.
     */
    abstract void write(Connection c, List<TeamWrite> teams, List<LedgerRow> ledger,
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

    static void insertTeam(Connection c, Team team, String state, long ledgerEntries) throws SQLException {
        try (PreparedStatement s = prepare(c,
                "INSERT INTO creditpool_team (team_id, state, balance, ledger_entries) VALUES (?, ?, ?, ?)")) {
            s.setString(1, team.id().value());
            s.setString(2, state);
            s.setLong(3, team.balance());
            s.setLong(4, ledgerEntries);
            s.executeUpdate();
        }
    }

    private static Map<TeamId, Stored> readLocked(PreparedStatement s) throws SQLException {
        Map<TeamId, Stored> stored = new HashMap<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                stored.put(TeamId.of(r.getString(1)), new Stored(r.getString(2), r.getLong(3)));
            }
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
            throw new IllegalStateException("a team vanished while it was locked");
        }
    }

    /** H2: one statement per row, sent in JDBC batches. */
    static final class H2Batches extends BatchStatements {
        @Override
        void write(Connection c, List<TeamWrite> teams, List<LedgerRow> ledger,
                Map<RequestKey, RecordedRequest> requests) throws SQLException {
            if (!teams.isEmpty()) {
                updateTeams(c, teams);
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
            String marks = String.join(", ", Collections.nCopies(teams.size(), "?"));
            try (PreparedStatement s = prepare(c, "SELECT team_id, state, ledger_entries FROM creditpool_team "
                    + "WHERE team_id IN (" + marks + ") ORDER BY team_id FOR UPDATE")) {
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

        private static void updateTeams(Connection c, List<TeamWrite> writes) throws SQLException {
            try (PreparedStatement s = prepare(c,
                    "UPDATE creditpool_team SET state = ?, balance = ?, ledger_entries = ? WHERE team_id = ?")) {
                for (TeamWrite w : writes) {
                    s.setString(1, w.state());
                    s.setLong(2, w.team().balance());
                    s.setLong(3, w.ledgerEntries());
                    s.setString(4, w.team().id().value());
                    s.addBatch();
                }
                checkAllUpdated(Arrays.stream(s.executeBatch()).sum(), writes.size());
            }
        }

        private static void appendLedger(Connection c, List<LedgerRow> rows) throws SQLException {
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

        private static void saveRequests(Connection c, Map<RequestKey, RecordedRequest> requests) throws SQLException {
            try (PreparedStatement s = prepare(c, "MERGE INTO creditpool_request (team_id, request_id, fingerprint, "
                    + "decision, decided_at) KEY (team_id, request_id) VALUES (?, ?, ?, ?, ?)")) {
                for (Map.Entry<RequestKey, RecordedRequest> r : requests.entrySet()) {
                    s.setString(1, r.getKey().team().value());
                    s.setString(2, r.getKey().id().value());
                    s.setString(3, r.getValue().fingerprint());
                    s.setString(4, decision(r.getValue()));
                    s.setObject(5, r.getValue().at() == null ? null : r.getValue().at().atOffset(ZoneOffset.UTC));
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
    }

    /** PostgreSQL and its kin: one statement per step, the rows as arrays. */
    static final class PostgresArrays extends BatchStatements {
        /**
         * A statement planned afresh on every execution, for the array's actual length and the tables' actual
         * sizes. A plan kept from a connection's first minutes, when the tables were small, would scan a whole
         * table that has since grown (a request-id lookup that took 30 ms per batch within a minute).
         */
        private static PreparedStatement planned(Connection c, String sql) throws SQLException {
            PreparedStatement s = prepare(c, sql);
            if (s.isWrapperFor(PGStatement.class)) {
                s.unwrap(PGStatement.class).setPrepareThreshold(0);
            }
            return s;
        }

        @Override
        Map<TeamId, Stored> lock(Connection c, Collection<TeamId> teams) throws SQLException {
            try (PreparedStatement s = planned(c, "SELECT team_id, state, ledger_entries FROM creditpool_team "
                    + "WHERE team_id = ANY (?) ORDER BY team_id FOR UPDATE")) {
                s.setArray(1, c.createArrayOf("varchar", teams.stream().map(TeamId::value).toArray()));
                return readLocked(s);
            }
        }

        @Override
        Map<RequestKey, RecordedRequest> requests(Connection c, Collection<RequestKey> keys) throws SQLException {
            Map<RequestKey, RecordedRequest> found = new HashMap<>();
            try (PreparedStatement s = planned(c, "SELECT r.team_id, r.request_id, r.fingerprint, r.decision "
                    + "FROM creditpool_request r JOIN unnest(?::varchar[], ?::varchar[]) AS k(team_id, request_id) "
                    + "ON r.team_id = k.team_id AND r.request_id = k.request_id")) {
                s.setArray(1, c.createArrayOf("varchar", keys.stream().map(k -> k.team().value()).toArray()));
                s.setArray(2, c.createArrayOf("varchar", keys.stream().map(k -> k.id().value()).toArray()));
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        found.put(new RequestKey(TeamId.of(r.getString(1)), RequestId.of(r.getString(2))),
                                recorded(r.getString(3), r.getString(4)));
                    }
                }
            }
            return found;
        }

        /**
         * One statement for all the writes (data-modifying common table expressions), so a batch's transaction is
         * four round trips whatever its size: lock, request records, write, commit.
         */
        @Override
        void write(Connection c, List<TeamWrite> teams, List<LedgerRow> ledger,
                Map<RequestKey, RecordedRequest> requests) throws SQLException {
            try (PreparedStatement s = planned(c, "WITH teams AS (UPDATE creditpool_team AS t SET state = w.state, "
                    + "balance = w.balance, ledger_entries = w.ledger_entries "
                    + "FROM unnest(?::varchar[], ?::varchar[], ?::bigint[], ?::bigint[]) "
                    + "AS w(team_id, state, balance, ledger_entries) WHERE t.team_id = w.team_id RETURNING 1), "
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
                s.setArray(++i, array(c, "varchar", teams, TeamWrite::state));
                s.setArray(++i, array(c, "bigint", teams, w -> w.team().balance()));
                s.setArray(++i, array(c, "bigint", teams, TeamWrite::ledgerEntries));
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
