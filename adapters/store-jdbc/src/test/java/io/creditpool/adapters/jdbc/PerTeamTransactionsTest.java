package io.creditpool.adapters.jdbc;

import io.creditpool.Creditpool;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.out.CreditStore;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code creditpool.store.transactions=per-team}: no transaction spans two teams, even when their commands wait in the
 * same lane at the same time (on PostgreSQL, rows written by one transaction share its {@code xmin}).
 */
class PerTeamTransactionsTest {
    @Test
    void noTransactionWritesTwoTeams() throws Exception {
        System.setProperty("creditpool.store.transactions", "per-team");
        System.setProperty("creditpool.store.lanes", "1");
        StoreSettings store = TestDatabases.postgres();
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
            ((JdbcCreditStore) pool.component(CreditStore.class)).closeAndDiscard();
        } finally {
            System.clearProperty("creditpool.store.transactions");
            System.clearProperty("creditpool.store.lanes");
        }
    }
}
