package io.creditpool.adapters.jdbc;

import io.creditpool.adapters.store.StoreSettings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What differs between the databases a store runs on, outside the batch statements: how a point in time is kept,
 * how a transaction takes the right to write, and where the migrations are.
 *
 * <p>SQLite has one writer at a time and no row locks: a transaction that will write takes the database's write lock
 * with its first statement ({@link #beginWrite}), waiting up to the busy timeout for another connection or process
 * to finish, so it never reads a state that another writer changes before it commits. It has no time type either: a
 * time is kept as text of a fixed width in UTC ({@code 2026-12-07T02:11:07.123456789Z}), whose order as text is its
 * order in time, so comparisons and indexes on it work as on the other databases.
 */
enum SqlDialect {
    H2("h2"), POSTGRESQL("postgresql"), SQLITE("sqlite");

    private static final DateTimeFormatter SQLITE_TIME = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final String migrations;

    SqlDialect(String migrations) {
        this.migrations = migrations;
    }

    static SqlDialect of(StoreSettings.Kind kind) {
        return switch (kind) {
            case H2 -> H2;
            case POSTGRES -> POSTGRESQL;
            case SQLITE -> SQLITE;
            case MEMORY -> throw new IllegalArgumentException("the memory store has no SQL dialect");
        };
    }

    /**
     * The Flyway locations: the migrations every database shares, then this database's own. SQLite has a schema of
     * its own from its first version (the current shape, in one migration), as it cannot run the shared migrations'
     * {@code ALTER TABLE ... ADD CONSTRAINT}.
     */
    String[] migrationLocations() {
        String base = "classpath:io/creditpool/adapters/jdbc/migration/";
        return this == SQLITE ? new String[] {base + migrations}
                : new String[] {base + "common", base + migrations};
    }

    /** Binds a point in time (or null). */
    void setInstant(PreparedStatement s, int index, Instant at) throws SQLException {
        if (this == SQLITE) {
            s.setString(index, at == null ? null : SQLITE_TIME.format(at));
        } else if (at == null) {
            s.setNull(index, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            s.setObject(index, at.atOffset(ZoneOffset.UTC));
        }
    }

    /** Reads a point in time (or null). */
    Instant instant(ResultSet r, int column) throws SQLException {
        if (this == SQLITE) {
            String text = r.getString(column);
            return text == null ? null : Instant.parse(text);
        }
        OffsetDateTime at = r.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    /**
     * The query that reads the database's own clock, where instances on several machines share the database (a
     * server); null for SQLite and H2, whose files live on one machine and whose every process reads its clock.
     */
    String clockQuery() {
        return this == POSTGRESQL ? "SELECT clock_timestamp()" : null;
    }

    /** Appended to a {@code SELECT} that locks the rows it reads; SQLite's write lock already covers them. */
    String forUpdate() {
        return this == SQLITE ? "" : " FOR UPDATE";
    }

    /**
     * Called first in a transaction that will write. On SQLite, a statement that writes nothing but starts a write
     * transaction, so the lock is taken (waiting for other writers) before anything is read; elsewhere nothing: rows
     * are locked as they are read.
     */
    void beginWrite(Connection c) throws SQLException {
        if (this == SQLITE) {
            // nothing of this transaction has run yet, but the connection may hold a read snapshot from before (the
            // pool's check that the connection is alive reads the database): a connection that holds one is not
            // let to wait for the write lock, so it is let go first
            c.rollback();
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE creditpool_installation SET id = id WHERE 0 = 1");
            }
        }
    }

    /**
     * SQLite's answer to a transaction that read a state another connection wrote over before this one could write:
     * it changed nothing and may run again (as a serialization failure elsewhere). A write lock held past the busy
     * timeout is not this: that is a timeout, and the caller hears of it at once.
     */
    static boolean staleSnapshot(SQLException e) {
        return e instanceof org.sqlite.SQLiteException sqlite
                && sqlite.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT;
    }
}
