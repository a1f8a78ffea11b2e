package io.creditpool.adapters.store;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which store keeps the teams: {@code memory}, {@code sqlite:PATH} (a database file; SQLite in WAL mode),
 * {@code h2:PATH} (a folder; H2 in file mode) or {@code postgres:JDBC-URL} (user and password in the URL or in {@code CREDITPOOL_DB_USER} /
 * {@code CREDITPOOL_DB_PASSWORD}). Read from the system property {@code creditpool.store} or the environment
 * variable {@code CREDITPOOL_STORE}.
 */
public record StoreSettings(Kind kind, String location, String user, String password, String schema) {
    public static final String PROPERTY = "creditpool.store";
    public static final String VARIABLE = "CREDITPOOL_STORE";
    public static final StoreSettings MEMORY = new StoreSettings(Kind.MEMORY, "", null, null, null);

    public enum Kind {
        MEMORY, SQLITE, H2, POSTGRES
    }

    /** The store the system property or the environment names, if either does. */
    public static Optional<StoreSettings> configured() {
        return configured(System.getProperties(), System.getenv());
    }

    static Optional<StoreSettings> configured(Map<Object, Object> properties, Map<String, String> environment) {
        Object property = properties.get(PROPERTY);
        String value = property != null ? property.toString() : environment.get(VARIABLE);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(parse(value, environment.get("CREDITPOOL_DB_USER"),
                environment.get("CREDITPOOL_DB_PASSWORD")));
    }

    /**
     * Parses {@code memory}, {@code sqlite:PATH}, {@code h2:PATH} or {@code postgres:JDBC-URL}; anything else names
     * the setting.
     */
    public static StoreSettings parse(String value, String user, String password) {
        String text = value.trim();
        if (text.equals("memory")) {
            return MEMORY;
        }
        int colon = text.indexOf(':');
        String kind = colon < 0 ? text : text.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = colon < 0 ? "" : text.substring(colon + 1);
        if (kind.equals("sqlite") && !rest.isBlank()) {
            return new StoreSettings(Kind.SQLITE, rest, null, null, null);
        }
        if (kind.equals("h2") && !rest.isBlank()) {
            return new StoreSettings(Kind.H2, rest, null, null, null);
        }
        if (kind.equals("postgres") && rest.startsWith("jdbc:postgresql:")) {
            return new StoreSettings(Kind.POSTGRES, rest, user, password, null);
        }
        throw new IllegalArgumentException(PROPERTY + " / " + VARIABLE + ": '" + value + "' is not a store; use "
                + "memory, sqlite:PATH (a database file), h2:PATH (a folder) or "
                + "postgres:jdbc:postgresql://HOST:PORT/DATABASE");
    }

    /** SQLite in the database file {@code file} (created with its folders if missing), in WAL mode. */
    public static StoreSettings sqlite(Path file) {
        return new StoreSettings(Kind.SQLITE, file.toString(), null, null, null);
    }

    /**
     * Where {@code serve}, {@code keys}, {@code audit}, {@code recover} and {@code ledger export} keep teams when no
     * store is configured: the folder {@code ./data}, as {@link #inFolder} reads it.
     */
    public static final Path DEFAULT_FOLDER = Path.of("data");

    /**
     * The store kept in {@code folder} by the default embedded engine, SQLite ({@code folder/creditpool.db}, chosen
     * by the store benchmark: see the README), except a folder that holds an H2 store and no SQLite one
     * ({@code creditpool.mv.db}, the default before SQLite): that store keeps opening as H2, migrating nothing.
     * {@code ./creditpool store copy} moves it.
     */
    public static StoreSettings inFolder(Path folder) {
        Path sqlite = folder.resolve(SQLITE_FILE);
        if (!java.nio.file.Files.exists(sqlite) && java.nio.file.Files.exists(folder.resolve(H2_FILE))) {
            return h2(folder);
        }
        return sqlite(sqlite);
    }

    /** The file of the default SQLite store in a folder. */
    public static final String SQLITE_FILE = "creditpool.db";
    /** The file H2 keeps a store's data in, in the store's folder. */
    public static final String H2_FILE = "creditpool.mv.db";

    /**
     * Whether the store has been made: its file (SQLite) or its folder's data file (H2) is there. A database server's
     * store (PostgreSQL) and the memory store answer true: whether a database is there is for the server to say.
     */
    public boolean exists() {
        return switch (kind) {
            case SQLITE -> java.nio.file.Files.exists(Path.of(location));
            case H2 -> java.nio.file.Files.exists(Path.of(location).resolve(H2_FILE));
            case POSTGRES, MEMORY -> true;
        };
    }

    public static StoreSettings h2(Path folder) {
        return new StoreSettings(Kind.H2, folder.toString(), null, null, null);
    }

    public static StoreSettings postgres(String jdbcUrl, String user, String password) {
        return new StoreSettings(Kind.POSTGRES, jdbcUrl, user, password, null);
    }

    public boolean persistent() {
        return kind != Kind.MEMORY;
    }

    /**
     * A store of the same kind that shares nothing with this one, named {@code name}: a sub-folder for H2, a file
     * beside the database file for SQLite ({@code PATH.name}), a schema of its own for PostgreSQL. Scenario runs use one each, so that their teams never meet.
     */
    public StoreSettings isolated(String name) {
        return switch (kind) {
            case MEMORY -> this;
            case H2 -> new StoreSettings(Kind.H2, Path.of(location).resolve(name).toString(), null, null, null);
            case SQLITE -> new StoreSettings(Kind.SQLITE, location + "." + name, null, null, null);
            case POSTGRES -> new StoreSettings(Kind.POSTGRES, location + (location.contains("?") ? "&" : "?")
                    + "currentSchema=" + name, user, password, name);
        };
    }

    /** The JDBC URL: for H2 a database file {@code creditpool} in the folder. */
    public String jdbcUrl() {
        return switch (kind) {
            // WRITE_DELAY=0: a commit is written out before it is answered, so a killed process loses nothing
            // it answered (H2 otherwise writes committed changes up to half a second later).
            // With H2_AUTO_SERVER: the first process to open the file serves it to the others over TCP (H2's mixed
            // mode, with a secret kept in the lock file), so keys, audit and ledger export work while serve runs;
            // H2 then closes the file when the JVM exits (it allows no other way with AUTO_SERVER)
            case H2 -> "jdbc:h2:file:" + Path.of(location).toAbsolutePath().resolve("creditpool")
                    + (h2AutoServer() ? ";AUTO_SERVER=TRUE" : ";DB_CLOSE_ON_EXIT=FALSE")
                    + ";WRITE_DELAY=0;LOCK_TIMEOUT=" + statementTimeoutSeconds() * 1000;
            // the pragmas (WAL, synchronous, busy timeout) are set on each connection by the store
            case SQLITE -> "jdbc:sqlite:" + Path.of(location).toAbsolutePath();
            case POSTGRES -> location;
            case MEMORY -> throw new IllegalStateException("the memory store has no JDBC URL");
        };
    }

    /**
     * System property: {@code true} opens H2 stores in H2's mixed mode, so several processes use one folder at once
     * (the {@code ./creditpool} command line sets it, so {@code keys}, {@code audit} and {@code ledger export} work
     * while {@code serve} runs); default false: one process at a time, the file kept open until it is closed.
     */
    public static final String H2_AUTO_SERVER = "creditpool.store.h2-auto-server";

    private static boolean h2AutoServer() {
        return Boolean.parseBoolean(System.getProperty(H2_AUTO_SERVER, "false"));
    }

    /**
     * System property: how SQLite stores commit, {@code FULL} (the default: the write-ahead log is flushed to disk at
     * every commit, so a power loss loses nothing that was answered) or {@code NORMAL} (flushed at checkpoints only: a
     * killed process loses nothing, a power loss may lose the last commits).
     */
    public static final String SQLITE_SYNCHRONOUS = "creditpool.store.sqlite.synchronous";

    /** {@code FULL} or {@code NORMAL}: {@link #SQLITE_SYNCHRONOUS}; anything else names the setting. */
    public static String sqliteSynchronous() {
        String value = System.getProperty(SQLITE_SYNCHRONOUS, "FULL").trim().toUpperCase(Locale.ROOT);
        if (!value.equals("FULL") && !value.equals("NORMAL")) {
            throw new IllegalArgumentException(SQLITE_SYNCHRONOUS + ": '" + System.getProperty(SQLITE_SYNCHRONOUS)
                    + "' is not a setting; use FULL (every commit on disk) or NORMAL (on disk at checkpoints)");
        }
        return value;
    }

    /** How long one statement may take, waiting for a lock included: {@code creditpool.store.statement-timeout-s}. */
    public static int statementTimeoutSeconds() {
        return Integer.getInteger("creditpool.store.statement-timeout-s", 10);
    }

    /**
     * The setting that names this store, as {@link #parse} reads it ({@code sqlite:PATH}, {@code h2:PATH},
     * {@code postgres:URL} or {@code memory}), for a process of its own: unlike {@link #toString()} it keeps a
     * password that came in the URL.
     */
    public String setting() {
        return kind == Kind.MEMORY ? "memory" : kind.name().toLowerCase(Locale.ROOT) + ":" + location;
    }

    @Override
    public String toString() {
        // never print a password that came in the URL
        return kind == Kind.MEMORY ? "memory" : kind.name().toLowerCase(Locale.ROOT) + ":"
                + location.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
