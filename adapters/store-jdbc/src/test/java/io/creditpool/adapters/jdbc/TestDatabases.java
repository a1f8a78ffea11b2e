package io.creditpool.adapters.jdbc;

import io.creditpool.adapters.store.StoreSettings;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.UUID;

/**
 * Real databases for tests: a PostgreSQL server started once per test JVM from the binaries that ship as a Maven
 * artifact (no installation), and H2 in file mode in a temporary folder. Each call gives a store of its own.
 */
public final class TestDatabases {
    private static EmbeddedPostgres postgres;
    private static EmbeddedPostgres durable;

    private TestDatabases() {
    }

    /** The JDBC URL of the shared PostgreSQL server, started on first use and stopped when the JVM exits. */
    public static synchronized String postgresUrl() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("starting PostgreSQL for the tests", e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting anyway
                }
            }));
        }
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    /**
     * The JDBC URL of a second PostgreSQL server that writes every commit to disk before it answers ({@code fsync},
     * {@code synchronous_commit} and {@code full_page_writes} on, as in production; the shared one runs with them
     * off, as the embedded server does by default), for the benchmarks.
     */
    public static synchronized String durablePostgresUrl() {
        if (durable == null) {
            try {
                durable = EmbeddedPostgres.builder().setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on").setServerConfig("full_page_writes", "on")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("starting PostgreSQL with fsync on", e);
            }
            EmbeddedPostgres started = durable;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting anyway
                }
            }));
        }
        return durable.getJdbcUrl("postgres", "postgres");
    }

    /** A PostgreSQL store of its own: a fresh schema on the shared server. */
    public static StoreSettings postgres() {
        return StoreSettings.postgres(postgresUrl(), null, null).isolated("test_" + id());
    }

    /** An H2 store of its own, in a fresh temporary folder. */
    public static StoreSettings h2() {
        try {
            return StoreSettings.h2(Files.createTempDirectory("creditpool-h2-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A SQLite store of its own, in a fresh temporary folder. */
    public static StoreSettings sqlite() {
        try {
            return StoreSettings.sqlite(Files.createTempDirectory("creditpool-sqlite-").resolve("creditpool.db"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The settings for a store kind by name: memory, sqlite, h2, postgres or postgres-fsync. */
    public static StoreSettings of(String kind) {
        return switch (kind) {
            case "memory" -> StoreSettings.MEMORY;
            case "sqlite" -> sqlite();
            case "h2" -> h2();
            case "postgres" -> postgres();
            case "postgres-fsync" -> StoreSettings.postgres(durablePostgresUrl(), null, null).isolated("test_" + id());
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** A plain JDBC connection to a test store, for tests that look at or tamper with the tables directly. */
    public static java.sql.Connection connect(StoreSettings store) throws java.sql.SQLException {
        String user = store.kind() == StoreSettings.Kind.POSTGRES ? "postgres" : "";
        return java.sql.DriverManager.getConnection(store.jdbcUrl(), user, user);
    }

    private static String id() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
