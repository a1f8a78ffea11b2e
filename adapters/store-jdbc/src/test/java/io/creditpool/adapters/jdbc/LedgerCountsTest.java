package io.creditpool.adapters.jdbc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.TeamMetrics;
import io.creditpool.kernel.port.out.CreditStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A team's figures (how many top-ups and charges its ledger holds) are kept with the team as they happen, so reading
 * them does not read the team's history; a team stored before they were kept has them counted from its ledger on its
 * first read, once, and stored.
 */
class LedgerCountsTest {
    private static final TeamId ACME = TeamId.of("acme");
    private static final MemberId OLIVIA = MemberId.of("olivia");
    private static final Plan ENT = new Plan("ent", Tier.ENTERPRISE, 500, 4, "USD");
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void figuresAreKeptWithTheTeamAndCountedOnceForATeamStoredWithoutThem(String kind) throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        StoreSettings store = TestDatabases.of(kind);
        try (Creditpool pool = Creditpool.builder().store(store).clock(clock).plans(List.of(ENT)).build()) {
            pool.createTeam(new CreateTeamCommand(ACME, "ent", 4, OLIVIA, 1, null));
            pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 1000, RequestId.of("top-up-1")));
            pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 500, RequestId.of("top-up-2")));
            pool.consume("acme", "olivia", 10, "gen-1");
            TeamMetrics m = pool.metrics(ACME).orElseThrow();
            assertThat(m.topUps()).isEqualTo(2);
            assertThat(m.charges()).isEqualTo(2);
            assertThat(stored(store)).as("kept in the team's row").containsEntry("topUps", 2L)
                    .containsEntry("charges", 2L);
            assertThat(pool.audit(ACME)).isEmpty();
        }

        // the team as a store written before these figures were kept holds it: without them
        try (Connection c = TestDatabases.connect(store)) {
            ObjectNode header = (ObjectNode) JSON.readTree(header(c));
            header.remove("topUps");
            header.remove("charges");
            try (PreparedStatement s = c.prepareStatement("UPDATE creditpool_team SET state = ?, version = version + 1 "
                    + "WHERE team_id = ?")) {
                s.setString(1, JSON.writeValueAsString(header));
                s.setString(2, ACME.value());
                assertThat(s.executeUpdate()).isEqualTo(1);
            }
        }
        assertThat(stored(store)).doesNotContainKeys("topUps", "charges");

        try (Creditpool pool = Creditpool.builder().store(store).clock(clock).plans(List.of(ENT)).build()) {
            TeamMetrics m = pool.metrics(ACME).orElseThrow();
            assertThat(m.topUps()).as("counted from the ledger").isEqualTo(2);
            assertThat(m.charges()).isEqualTo(2);
            assertThat(stored(store)).as("and kept from then on").containsEntry("topUps", 2L)
                    .containsEntry("charges", 2L);
            pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 100, RequestId.of("top-up-3")));
            assertThat(pool.metrics(ACME).orElseThrow().topUps()).isEqualTo(3);
            assertThat(stored(store)).containsEntry("topUps", 3L).containsEntry("charges", 3L);
            assertThat(pool.audit(ACME)).isEmpty();
            ((JdbcCreditStore) pool.component(CreditStore.class)).closeAndDiscard();
        }
    }

    private static java.util.Map<String, Object> stored(StoreSettings store) throws Exception {
        try (Connection c = TestDatabases.connect(store)) {
            java.util.Map<String, Object> fields = new java.util.HashMap<>();
            JSON.readTree(header(c)).fields().forEachRemaining(f -> fields.put(f.getKey(),
                    f.getValue().isNumber() ? (Object) f.getValue().asLong() : f.getValue().toString()));
            return fields;
        }
    }

    private static String header(Connection c) throws Exception {
        try (PreparedStatement s = c.prepareStatement("SELECT state FROM creditpool_team WHERE team_id = ?")) {
            s.setString(1, ACME.value());
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                return r.getString(1);
            }
        }
    }
}
