package io.creditpool.adapters.jdbc;

import io.creditpool.Creditpool;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.out.CreditStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import io.creditpool.kernel.domain.LedgerEntry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One team a transaction: with {@code creditpool.store.transactions=per-team} or {@code serializable}, or on a database
 * whose transactions are serializable by its own setting (as a distributed SQL engine's are), no transaction spans
 * two teams, even when their commands wait in the same lane at the same time (on PostgreSQL, rows written by one
 * transaction share its {@code xmin}); on the database that refuses a share of commits with 40001, every command
 * still applies once.
 */
class PerTeamTransactionsTest {
    @ParameterizedTest
    @CsvSource({"per-team,postgres", "serializable,postgres", ",postgres-serializable"})
    void noTransactionWritesTwoTeams(String transactions, String kind) throws Exception {
        if (transactions != null) {
            System.setProperty("creditpool.store.transactions", transactions);
        }
        System.setProperty("creditpool.store.lanes", "1");
        long refusedBefore = refusals(kind);
        StoreSettings store = TestDatabases.of(kind);
        try (Creditpool pool = Creditpool.builder().store(store).build()) {
            List<String> teams = List.of("a", "b", "c", "d");
            for (String t : teams) {
                pool.createTeam(new CreateTeamCommand(TeamId.of(t), "team", 3, MemberId.of("owner"), 1, null));
            }
            ExecutorService callers = Executors.newFixedThreadPool(16);
            List<Future<Boolean>> done = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String team = teams.get(i % teams.size());
                String id = "gen-" + i;
                done.add(callers.submit(() -> pool.consume(team, "owner", 1, id).accepted()));
            }
            for (Future<Boolean> f : done) {
                assertThat(f.get()).isTrue();
            }
            callers.shutdown();
            try (Connection c = TestDatabases.connect(store); PreparedStatement s = c.prepareStatement(
                    "SELECT count(*) FROM creditpool_ledger a JOIN creditpool_ledger b "
                            + "ON a.xmin = b.xmin AND a.team_id < b.team_id");
                    ResultSet r = s.executeQuery()) {
                r.next();
                assertThat(r.getLong(1)).as("ledger rows of two teams written by one transaction").isZero();
            }
            assertThat(((JdbcCreditStore) pool.component(CreditStore.class)).ledgerMismatches()).isEmpty();
            assertThat(pool.ledger(TeamId.of("a")).stream().filter(e -> e instanceof LedgerEntry.CreditsConsumed))
                    .as("each of team a's 100 consumptions applied once").hasSize(100);
            if (kind.equals("postgres-serializable")) {
                assertThat(refusalsOnceCounted(kind, refusedBefore + 10))
                        .as("commits the database refused with 40001 (and the store retried)")
                        .isGreaterThan(refusedBefore + 10);
            }
            ((JdbcCreditStore) pool.component(CreditStore.class)).closeAndDiscard();
        } finally {
            System.clearProperty("creditpool.store.transactions");
            System.clearProperty("creditpool.store.lanes");
        }
    }

    /** The transactions the serializable test database rolled back so far (its refusals among them); 0 elsewhere. */
    private static long refusals(String kind) throws Exception {
        if (!kind.equals("postgres-serializable")) {
            return 0;
        }
        try (Connection c = java.sql.DriverManager.getConnection(TestDatabases.serializablePostgresUrl(), "postgres",
                "postgres"); PreparedStatement q = c.prepareStatement("SELECT xact_rollback FROM pg_stat_database "
                        + "WHERE datname = current_database()")) {
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** The rollbacks once the server's statistics (reported within a second or so) show more than {@code than}. */
    private static long refusalsOnceCounted(String kind, long than) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        long seen = refusals(kind);
        while (seen <= than && System.nanoTime() < deadline) {
            Thread.sleep(100);
            seen = refusals(kind);
        }
        return seen;
    }

    @Test
    void aTransactionsSettingThatIsNoneOfTheThreeIsRefusedNamingIt() {
        System.setProperty("creditpool.store.transactions", "optimistic");
        try {
            assertThatThrownBy(() -> Creditpool.builder().store(TestDatabases.postgres()).build())
                    .hasMessageContaining("creditpool.store.transactions").hasMessageContaining("optimistic");
        } finally {
            System.clearProperty("creditpool.store.transactions");
        }
    }
}
