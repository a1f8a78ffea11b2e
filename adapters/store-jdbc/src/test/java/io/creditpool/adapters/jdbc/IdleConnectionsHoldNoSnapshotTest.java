package io.creditpool.adapters.jdbc;

import io.creditpool.Creditpool;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.out.CreditStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's idle connections to PostgreSQL hold no transaction open. One that did (the statement that sets up
 * each new connection, left uncommitted) kept a snapshot that stopped PostgreSQL from pruning the row versions every
 * command leaves behind: a busy team's row grew a chain of thousands of versions that every command read through,
 * and a single caller's command took ten times the naive update.
 */
class IdleConnectionsHoldNoSnapshotTest {
    private final String application = "creditpool-idle-" + UUID.randomUUID().toString().substring(0, 8);
    private Creditpool pool;

    @AfterEach
    void discard() {
        if (pool != null) {
            ((JdbcCreditStore) pool.component(CreditStore.class)).closeAndDiscard();
        }
    }

    @Test
    void noConnectionOfTheStoreIsIdleInATransaction() throws Exception {
        String url = TestDatabases.postgresUrl();
        StoreSettings store = StoreSettings.postgres(url + (url.contains("?") ? "&" : "?") + "ApplicationName="
                + application, null, null).isolated("test_idle_" + application.substring(application.length() - 8)
                .replace('-', '_'));
        pool = Creditpool.builder().store(store).build();
        pool.createTeam(new CreateTeamCommand(TeamId.of("acme"), "team", 5, MemberId.of("owner"), 1, null));
        for (int i = 0; i < 20; i++) {
            assertThat(pool.consume("acme", "owner", 1, "gen-" + i).accepted()).isTrue();
        }
        // the pool opens its connections in the background: wait until it holds several that have been open a while
        // (a background worker's transaction may be between two statements at any moment, but never for seconds)
        List<String> states = List.of();
        for (int i = 0; i < 600 && states.size() < 4; i++) {
            Thread.sleep(100);
            states = states(url);
        }
        assertThat(states).as("the store's connections open for over 5 s, as PostgreSQL sees them")
                .hasSizeGreaterThanOrEqualTo(4);
        assertThat(states).as("no connection sat for seconds inside a transaction it opened")
                .noneMatch("idle in transaction"::equals);
    }

    /**
     * The state of each of the store's connections open for over 5 s: {@code idle}, {@code active}, and
     * {@code idle in transaction} when it has sat in a transaction for over 5 s.
     */
    private List<String> states(String url) throws Exception {
        List<String> states = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement s = c.prepareStatement("SELECT CASE WHEN state = 'idle in transaction' "
                     + "AND state_change > now() - interval '5 seconds' THEN 'in a transaction, briefly' ELSE state "
                     + "END FROM pg_stat_activity WHERE application_name = ? "
                     + "AND backend_start < now() - interval '5 seconds'")) {
            s.setString(1, application);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    states.add(r.getString(1));
                }
            }
        }
        return states;
    }
}
