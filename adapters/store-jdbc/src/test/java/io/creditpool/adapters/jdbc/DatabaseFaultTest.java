package io.creditpool.adapters.jdbc;

import io.creditpool.adapters.store.StoreSettings;

import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.out.StoreUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A database that goes away: a clear error, never a half-applied change, and the next call after it is back works. */
class DatabaseFaultTest {
    private static final TeamId ACME = TeamId.of("acme");

    @BeforeAll
    static void failFast() {
        System.setProperty("creditpool.store.connect-timeout-ms", "5000");
    }

    @AfterAll
    static void restore() {
        System.clearProperty("creditpool.store.connect-timeout-ms");
    }

    @Test
    void aDatabaseThatIsDownGivesAClearErrorChangesNothingAndTheNextCallAfterItIsBackWorks() throws Exception {
        String direct = TestDatabases.postgresUrl();
        int port = URI.create(direct.substring("jdbc:".length())).getPort();
        try (TcpProxy proxy = new TcpProxy(port)) {
            StoreSettings store = StoreSettings.postgres(direct.replace(":" + port + "/", ":" + proxy.port() + "/"),
                    null, null).isolated("fault_" + System.nanoTime());
            try (Creditpool pool = Creditpool.builder().store(store)
                    .clock(new ManualClock(Instant.parse("2026-01-01T00:00:00Z")))
                    .plans(List.of(new Plan("p", Tier.STANDARD, 500, 1, "USD"))).build()) {
                pool.createTeam(new CreateTeamCommand(ACME, "p", 2, MemberId.of("olivia"), 1, null));
                assertThat(pool.consume("acme", "olivia", 100, "gen-1").accepted()).isTrue();

                proxy.cut();
                assertThatThrownBy(() -> pool.consume("acme", "olivia", 100, "gen-2"))
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("the credit store at postgres:")
                        .hasMessageContaining("nothing was changed");

                proxy.restore();
                Decision again = pool.consume("acme", "olivia", 100, "gen-2");
                assertThat(again.accepted()).isTrue();
                assertThat(again.balance()).as("gen-2 applied once, after the database came back").isEqualTo(800);
                assertThat(pool.audit(ACME)).isEmpty();
            }
        }
    }

    @Test
    void aStoreThatCannotBeReachedAtStartIsAClearError() {
        StoreSettings nowhere = StoreSettings.postgres("jdbc:postgresql://127.0.0.1:1/none", "x", "y");
        assertThatThrownBy(() -> JdbcCreditStore.open(nowhere)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("cannot prepare the database at postgres:jdbc:postgresql://127.0.0.1:1/none");
    }

    @Test
    void aStoreSettingThatIsNotAStoreNamesTheSetting() {
        assertThatThrownBy(() -> StoreSettings.parse("mysql:whatever", null, null))
                .hasMessageContaining("creditpool.store / CREDITPOOL_STORE: 'mysql:whatever' is not a store");
        assertThat(StoreSettings.parse("postgres:jdbc:postgresql://h/db?password=secret", null, null).toString())
                .doesNotContain("secret");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"sqlite", "h2", "postgres"})
    void aStatementThatWaitsTooLongGivesAClearErrorAndChangesNothing(String kind) throws Exception {
        System.setProperty("creditpool.store.statement-timeout-s", "1");
        StoreSettings store = TestDatabases.of(kind);
        try (Creditpool pool = Creditpool.builder().store(store)
                .clock(new ManualClock(Instant.parse("2026-01-01T00:00:00Z")))
                .plans(List.of(new Plan("p", Tier.STANDARD, 500, 1, "USD"))).build();
                var other = TestDatabases.connect(store)) {
            pool.createTeam(new CreateTeamCommand(ACME, "p", 2, MemberId.of("olivia"), 1, null));
            other.setAutoCommit(false);
            try (var s = other.createStatement()) {
                if (kind.equals("sqlite")) {
                    // SQLite has no row locks: the other connection holds the database's write lock
                    s.executeUpdate("UPDATE creditpool_team SET version = version WHERE team_id = 'acme'");
                } else {
                    s.executeQuery("SELECT * FROM creditpool_team WHERE team_id = 'acme' FOR UPDATE").close();
                }
            }
            long started = System.nanoTime();
            assertThatThrownBy(() -> pool.consume("acme", "olivia", 100, "gen-1"))
                    .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("nothing was changed");
            assertThat((System.nanoTime() - started) / 1_000_000).as("ms until the caller hears").isLessThan(5_000);
            other.rollback();

            Decision after = pool.consume("acme", "olivia", 100, "gen-1");
            assertThat(after.accepted()).isTrue();
            assertThat(after.balance()).isEqualTo(900);
            assertThat(pool.audit(ACME)).isEmpty();
        } finally {
            System.clearProperty("creditpool.store.statement-timeout-s");
        }
    }
}
