package io.creditpool.adapters.store;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which store keeps the teams: {@code memory}, {@code h2:PATH} (a folder; H2 in file mode) or
 * {@code postgres:JDBC-URL} (user and password in the URL or in {@code CREDITPOOL_DB_USER} /
 * {@code CREDITPOOL_DB_PASSWORD}). Read from the system property {@code creditpool.store} or the environment
 * variable {@code CREDITPOOL_STORE}.
 */
public record StoreSettings(Kind kind, String location, String user, String password, String schema) {
    public static final String PROPERTY = "creditpool.store";
    public static final String VARIABLE = "CREDITPOOL_STORE";
    public static final StoreSettings MEMORY = new StoreSettings(Kind.MEMORY, "", null, null, null);

    public enum Kind {
        MEMORY, H2, POSTGRES
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

    /** Parses {@code memory}, {@code h2:PATH} or {@code postgres:JDBC-URL}; anything else names the setting. */
    public static StoreSettings parse(String value, String user, String password) {
        String text = value.trim();
        if (text.equals("memory")) {
            return MEMORY;
        }
        int colon = text.indexOf(':');
        String kind = colon < 0 ? text : text.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = colon < 0 ? "" : text.substring(colon + 1);
        if (kind.equals("h2") && !rest.isBlank()) {
            return new StoreSettings(Kind.H2, rest, null, null, null);
        }
        if (kind.equals("postgres") && rest.startsWith("jdbc:postgresql:")) {
            return new StoreSettings(Kind.POSTGRES, rest, user, password, null);
        }
        throw new IllegalArgumentException(PROPERTY + " / " + VARIABLE + ": '" + value + "' is not a store; use "
                + "memory, h2:PATH (a folder) or postgres:jdbc:postgresql://HOST:PORT/DATABASE");
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
     * A store of the same kind that shares nothing with this one, named {@code name}: a sub-folder for H2, a
     * schema of its own for PostgreSQL. Scenario runs use one each, so that their teams never meet.
     */
    public StoreSettings isolated(String name) {
        return switch (kind) {
            case MEMORY -> this;
            case H2 -> new StoreSettings(Kind.H2, Path.of(location).resolve(name).toString(), null, null, null);
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

    /** How long one statement may take, waiting for a lock included: {@code creditpool.store.statement-timeout-s}. */
    public static int statementTimeoutSeconds() {
        return Integer.getInteger("creditpool.store.statement-timeout-s", 10);
    }

    @Override
    public String toString() {
        // never print a password that came in the URL
        return kind == Kind.MEMORY ? "memory" : kind.name().toLowerCase(Locale.ROOT) + ":"
                + location.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
