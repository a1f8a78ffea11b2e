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

    private static String serializable;

    /**
     * The JDBC URL of a database on the shared server that behaves as a distributed SQL engine's contract says
     * (CockroachDB, YugabyteDB): every transaction SERIALIZABLE ({@code default_transaction_isolation}, which the store
     * finds and answers with one team a transaction), and a share of them refused with SQLSTATE 40001, which the
     * client must retry. The refusals come from the database itself: an event trigger gives every
     * {@code creditpool_team} table any migration creates a deferred constraint trigger that fails one transaction in
     * four at its commit (by its transaction id, so a retry, a new transaction, may pass).
     */
    public static synchronized String serializablePostgresUrl() {
        if (serializable == null) {
            String admin = postgresUrl();
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(admin, "postgres", "postgres");
                    java.sql.Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE creditpool_serializable");
                s.execute("ALTER DATABASE creditpool_serializable SET default_transaction_isolation = 'serializable'");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("making the serializable test database", e);
            }
            String url = admin.replaceFirst("/postgres(\\?|$)", "/creditpool_serializable$1");
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "postgres", "postgres");
                    java.sql.Statement s = c.createStatement()) {
                s.execute("""
                        CREATE FUNCTION public.creditpool_refuse_some() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN
                          IF txid_current() % 4 = 0 THEN
                            RAISE EXCEPTION 'could not serialize access (a refusal the test database makes)'
                              USING ERRCODE = 'serialization_failure';
                          END IF;
                          RETURN NULL;
                        END $$""");
                s.execute("""
                        CREATE FUNCTION public.creditpool_attach_refusals() RETURNS event_trigger LANGUAGE plpgsql AS $$
                        DECLARE r record;
                        BEGIN
                          FOR r IN SELECT * FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE TABLE' LOOP
                            IF r.object_identity LIKE '%.creditpool_team' THEN
                              EXECUTE format('CREATE CONSTRAINT TRIGGER creditpool_refuse_some AFTER INSERT OR UPDATE '
                                || 'ON %s DEFERRABLE INITIALLY DEFERRED FOR EACH ROW '
                                || 'EXECUTE FUNCTION public.creditpool_refuse_some()', r.object_identity);
                            END IF;
                          END LOOP;
                        END $$""");
                s.execute("CREATE EVENT TRIGGER creditpool_attach_refusals ON ddl_command_end "
                        + "EXECUTE FUNCTION public.creditpool_attach_refusals()");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("making the serializable test database refuse some commits", e);
            }
            serializable = url;
        }
        return serializable;
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

    /**
     * The settings for a store kind by name: memory, sqlite, h2, postgres, postgres-fsync or postgres-serializable
     * (see {@link #serializablePostgresUrl()}).
     */
    public static StoreSettings of(String kind) {
        return switch (kind) {
            case "memory" -> StoreSettings.MEMORY;
            case "sqlite" -> sqlite();
            case "h2" -> h2();
            case "postgres" -> postgres();
            case "postgres-fsync" -> StoreSettings.postgres(durablePostgresUrl(), null, null).isolated("test_" + id());
            case "postgres-serializable" -> StoreSettings.postgres(serializablePostgresUrl(), null, null)
                    .isolated("test_" + id());
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
