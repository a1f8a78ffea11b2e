package io.creditpool.adapters.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves a store into another, on any two of the databases: every team with its parts, its whole ledger and its
 * request records, the API keys, the event outbox, the webhook endpoints and their deliveries, and the store's
 * installation id (the copy is the same installation: its purchase keys and its charges at the processor stay its
 * own, so the old store must not be used once the copy is in service). The target must be a new store: it is
 * written in one transaction, and refused if it holds a team or an API key already. Nothing is recomputed: balances,
 * ledgers and request records arrive as they were, so an audit of the copy passes where the original's did.
 */
public final class StoreCopy {
    /** Rows written per JDBC batch. */
    private static final int BATCH = 500;

    /**
     * Every table, its columns in the order copied, and which of them are times (kept as each database keeps time).
     * A table whose one row the schema makes ({@code one_row}) has that row replaced.
     */
    private static final Map<String, List<String>> TABLES = new LinkedHashMap<>();
    private static final Set<String> TIMES = Set.of("at", "decided_at", "due_at", "created_at", "revoked_at",
            "deleted_at", "next_at", "lease_until", "first_at", "last_at", "expires_at", "previous_until");
    private static final Set<String> ONE_ROW = Set.of("creditpool_installation", "creditpool_event_counter",
            "creditpool_webhook_cursor");

    static {
        TABLES.put("creditpool_installation", List.of("one_row", "id", "created_at"));
        TABLES.put("creditpool_team", List.of("team_id", "state", "balance", "ledger_entries", "version"));
        TABLES.put("creditpool_team_part", List.of("team_id", "kind", "part_key", "ord", "data", "due_at"));
        TABLES.put("creditpool_ledger", List.of("team_id", "seq", "at", "kind", "balance_change", "entry"));
        TABLES.put("creditpool_request", List.of("team_id", "request_id", "fingerprint", "decision", "decided_at"));
        TABLES.put("creditpool_api_key", List.of("key_id", "product", "secret_hash", "created_at", "revoked_at",
                "scope"));
        TABLES.put("creditpool_event_counter", List.of("one_row", "last_id"));
        TABLES.put("creditpool_event", List.of("id", "team_id", "product", "kind", "at", "data"));
        TABLES.put("creditpool_webhook", List.of("id", "product", "url", "events", "secret", "after_event",
                "created_at", "deleted_at", "previous_secret", "previous_until"));
        TABLES.put("creditpool_webhook_cursor", List.of("one_row", "last_event"));
        TABLES.put("creditpool_webhook_delivery", List.of("endpoint_id", "event_id", "state", "attempts", "next_at",
                "lease_until", "lease_token", "first_at", "last_at", "last_status", "last_error"));
        TABLES.put("creditpool_page_link", List.of("token_hash", "product", "team_id", "team_name", "member_id",
                "return_url", "expires_at"));
        TABLES.put("creditpool_page_session", List.of("id_hash", "product", "team_id", "team_name", "member_id",
                "return_url", "csrf", "expires_at", "flash_ok", "flash_text"));
    }

    /** How many rows of each table were copied. */
    public record Copied(Map<String, Long> rows) {
        public long of(String table) {
            return rows.getOrDefault(table, 0L);
        }
    }

    /** Thrown when the target is not a new store; nothing was written. */
    public static final class TargetNotEmpty extends IllegalStateException {
        TargetNotEmpty(String message) {
            super(message);
        }
    }

    private StoreCopy() {
    }

    /** Copies everything in {@code from} into the new store {@code to}, in one transaction on {@code to}. */
    public static Copied copy(JdbcCreditStore from, JdbcCreditStore to) {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection source = from.dataSource().getConnection();
                Connection target = to.dataSource().getConnection()) {
            try {
                to.dialect().beginWrite(target);
                for (String table : List.of("creditpool_team", "creditpool_api_key")) {
                    try (PreparedStatement s = target.prepareStatement("SELECT COUNT(*) FROM " + table);
                            ResultSet r = s.executeQuery()) {
                        r.next();
                        if (r.getLong(1) > 0) {
                            throw new TargetNotEmpty("the store at " + to.settings() + " is not new (its " + table
                                    + " has " + r.getLong(1) + " row(s)): a store is copied only into a new one; "
                                    + "nothing was written");
                        }
                    }
                }
                for (Map.Entry<String, List<String>> table : TABLES.entrySet()) {
                    counts.put(table.getKey(), copyTable(source, from.dialect(), target, to.dialect(),
                            table.getKey(), table.getValue()));
                }
                target.commit();
                source.commit();
            } catch (SQLException | RuntimeException e) {
                target.rollback();
                source.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new io.creditpool.kernel.port.out.StoreUnavailableException("copying " + from.settings() + " to "
                    + to.settings() + " failed: " + e.getMessage() + " (SQLSTATE " + e.getSQLState()
                    + "); nothing was written to " + to.settings(), e);
        }
        return new Copied(Collections.unmodifiableMap(counts));
    }

    private static long copyTable(Connection source, SqlDialect sourceDialect, Connection target,
            SqlDialect targetDialect, String table, List<String> columns) throws SQLException {
        if (ONE_ROW.contains(table)) {
            // the new store made its own one row (its installation id, a counter at zero): the original's replaces it
            try (PreparedStatement s = target.prepareStatement("DELETE FROM " + table)) {
                s.executeUpdate();
            }
        }
        String names = String.join(", ", columns);
        String marks = String.join(", ", Collections.nCopies(columns.size(), "?"));
        long copied = 0;
        try (PreparedStatement read = source.prepareStatement("SELECT " + names + " FROM " + table);
                PreparedStatement write = target.prepareStatement("INSERT INTO " + table + " (" + names
                        + ") VALUES (" + marks + ")")) {
            read.setFetchSize(BATCH);
            try (ResultSet r = read.executeQuery()) {
                while (r.next()) {
                    for (int i = 0; i < columns.size(); i++) {
                        String column = columns.get(i);
                        if (TIMES.contains(column)) {
                            targetDialect.setInstant(write, i + 1, sourceDialect.instant(r, i + 1));
                        } else {
                            Object value = r.getObject(i + 1);
                            if (value == null) {
                                write.setObject(i + 1, null); // of the column's own type
                            } else if (value instanceof Number n && !(value instanceof java.math.BigDecimal)) {
                                write.setLong(i + 1, n.longValue());
                            } else {
                                write.setString(i + 1, value.toString());
                            }
                        }
                    }
                    write.addBatch();
                    if (++copied % BATCH == 0) {
                        write.executeBatch();
                    }
                }
            }
            if (copied % BATCH != 0) {
                write.executeBatch();
            }
        }
        return copied;
    }
}
