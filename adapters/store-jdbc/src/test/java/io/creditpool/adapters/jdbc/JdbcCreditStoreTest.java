package io.creditpool.adapters.jdbc;

import io.creditpool.adapters.store.StoreSettings;

import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.InviteMemberCommand;
import io.creditpool.kernel.port.in.SetMemberLimitCommand;
import io.creditpool.kernel.port.in.TeamMetrics;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.TeamRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JDBC store on H2 in file mode and on PostgreSQL: what is stored survives a restart, exactly. */
class JdbcCreditStoreTest {
    private static final TeamId ACME = TeamId.of("acme");
    private static final MemberId OLIVIA = MemberId.of("olivia");
    private static final MemberId ALICE = MemberId.of("alice");
    private static final Plan ENT = new Plan("ent", Tier.ENTERPRISE, 500, 2, "USD");

    private static Creditpool open(StoreSettings store, ManualClock clock) {
        // no worker threads: what is stored is what the test settled, before it looks
        return Creditpool.builder().store(store).clock(clock).plans(List.of(ENT)).synchronousPurchases().build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void everythingStoredSurvivesARestartAndTheLedgerAddsUp(String kind) {
        StoreSettings store = TestDatabases.of(kind);
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        TeamMetrics before;
        List<LedgerEntry> ledgerBefore;
        Decision firstConsumption;
        try (Creditpool pool = open(store, clock)) {
            assertThat(pool.component(CreditStore.class)).isInstanceOf(JdbcCreditStore.class);
            pool.createTeam(new CreateTeamCommand(ACME, "ent", 3, OLIVIA, 1, null));
            pool.invite(new InviteMemberCommand(ACME, OLIVIA, ALICE, Role.MEMBER, null));
            pool.setLimit(new SetMemberLimitCommand(ACME, OLIVIA, ALICE, MemberLimit.of(400), null));
            firstConsumption = pool.consume("acme", "alice", 300, "gen-1");
            pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 1000, io.creditpool.kernel.domain.RequestId.of("buy-1")));
            pool.configureAutoTopUp(new ConfigureAutoTopUpCommand(ACME, OLIVIA, true, 2000, 500, null));
            pool.consume("acme", "olivia", 1000, null);     // 2200 -> 1200: below 2000, orders 500
            pool.settlePurchases();                           // the workers' round: charged and granted
            clock.advance(Duration.ofDays(40));              // a refresh
            before = pool.metrics(ACME).orElseThrow();
            ledgerBefore = pool.ledger(ACME);
            assertThat(pool.audit(ACME)).isEmpty();
        }
        try (Creditpool pool = open(store, clock)) {
            assertThat(pool.metrics(ACME)).contains(before);
            assertThat(pool.ledger(ACME)).isEqualTo(ledgerBefore);
            assertThat(pool.consume("acme", "alice", 300, "gen-1")).as("a replay after the restart")
                    .isEqualTo(firstConsumption);
            assertThat(pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 5, io.creditpool.kernel.domain.RequestId.of(
                    "buy-1"))).denial()).isEqualTo(DenialCode.REQUEST_CONFLICT);
            assertThat(pool.audit(ACME)).isEmpty();
            JdbcCreditStore jdbc = (JdbcCreditStore) pool.component(CreditStore.class);
            assertThat(jdbc.ledgerMismatches()).isEmpty();
            assertThat(jdbc.teams()).containsExactly(ACME);
            jdbc.closeAndDiscard();
        }
        assertThat(before.topUps()).isEqualTo(2);
        assertThat(before.balance()).isEqualTo(1500 + 1000 + 500);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void aTeamsRequestsAreKeptWithTheirTimeDeniedOnesToo(String kind) {
        StoreSettings store = TestDatabases.of(kind);
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (Creditpool pool = open(store, clock)) {
            pool.createTeam(new CreateTeamCommand(ACME, "ent", 1, OLIVIA, 1, null));
            clock.advance(Duration.ofHours(1));
            Decision denied = pool.consume("acme", "olivia", 600, "gen-1");
            clock.advance(Duration.ofHours(1));
            pool.consume("acme", "olivia", 100, "gen-2");
            pool.consume("acme", "olivia", 1, null);

            List<TeamRequest> requests = pool.component(CreditStore.class).requests(ACME);

            assertThat(requests).extracting(r -> r.id().value()).containsExactly("gen-1", "gen-2");
            assertThat(requests.get(0).recorded().decision()).isEqualTo(denied);
            assertThat(requests.get(0).recorded().decision().denial()).isEqualTo(DenialCode.INSUFFICIENT_CREDITS);
            assertThat(requests.get(0).recorded().at()).isEqualTo(Instant.parse("2026-01-01T01:00:00Z"));
            assertThat(requests.get(1).recorded().at()).isEqualTo(Instant.parse("2026-01-01T02:00:00Z"));
            assertThat(requests.get(1).recorded().fingerprint()).contains("credits=100");
            ((JdbcCreditStore) pool.component(CreditStore.class)).closeAndDiscard();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void theDatabaseTellsWhetherAnyTeamIsOnAPlan(String kind) {
        StoreSettings store = TestDatabases.of(kind);
        try (Creditpool pool = open(store, new ManualClock(Instant.parse("2026-01-01T00:00:00Z")))) {
            CreditStore jdbc = pool.component(CreditStore.class);
            assertThat(jdbc.anyTeamOnPlan("ent")).isFalse();
            pool.createTeam(new CreateTeamCommand(ACME, "ent", 3, OLIVIA, 1, null));

            assertThat(jdbc.anyTeamOnPlan("ent")).isTrue();
            assertThat(jdbc.anyTeamOnPlan("en")).as("a plan whose name begins another's").isFalse();
            assertThat(jdbc.anyTeamOnPlan("e%")).as("no pattern in a plan's name").isFalse();
            assertThat(jdbc.anyTeamOnPlan("team")).isFalse();
            ((JdbcCreditStore) jdbc).closeAndDiscard();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void openReservationsAndTheirLedgerSurviveARestart(String kind) {
        StoreSettings store = TestDatabases.of(kind);
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        TeamMetrics before;
        List<LedgerEntry> ledgerBefore;
        Decision firstSettle;
        try (Creditpool pool = open(store, clock)) {
            pool.createTeam(new CreateTeamCommand(ACME, "ent", 2, OLIVIA, 1, null));
            pool.invite(new InviteMemberCommand(ACME, OLIVIA, ALICE, Role.MEMBER, null));
            pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 100, null));
            assertThat(pool.reserve("acme", "alice", 1050, Duration.ofHours(1), "gen-1").accepted()).isTrue();
            assertThat(pool.reserve("acme", "olivia", 30, Duration.ofMinutes(5), "gen-2").accepted()).isTrue();
            assertThat(pool.reserve("acme", "olivia", 10, null, "gen-3").accepted()).isTrue();
            firstSettle = pool.settle("acme", "olivia", "gen-2", 20, "done-2");
            assertThat(firstSettle.accepted()).isTrue();
            before = pool.metrics(ACME).orElseThrow();
            ledgerBefore = pool.ledger(ACME);
            assertThat(before.held()).isEqualTo(1060);
            assertThat(pool.audit(ACME)).isEmpty();
        }
        try (Creditpool pool = open(store, clock)) {
            assertThat(pool.metrics(ACME)).contains(before);
            assertThat(pool.ledger(ACME)).isEqualTo(ledgerBefore);
            assertThat(pool.settle("acme", "olivia", "gen-2", 20, "done-2")).as("a replay after the restart")
                    .isEqualTo(firstSettle);
            // gen-1 emptied the plan grant, which is opened again with what comes back
            assertThat(pool.settle("acme", "alice", "gen-1", 50, null).accepted()).isTrue();
            clock.advance(Duration.ofMinutes(20));           // gen-3 runs out and releases itself
            TeamMetrics after = pool.metrics(ACME).orElseThrow();
            assertThat(after.held()).isZero();
            assertThat(after.balance()).isEqualTo(1100 - 50 - 20);
            assertThat(after.member(ALICE).usageThisMonth()).isEqualTo(50);
            assertThat(pool.audit(ACME)).isEmpty();
            JdbcCreditStore jdbc = (JdbcCreditStore) pool.component(CreditStore.class);
            assertThat(jdbc.ledgerMismatches()).isEmpty();
            jdbc.closeAndDiscard();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void aStoreKeepsTheInstallationIdItWasGivenAndTwoStoresNeverShareOne(String kind) throws Exception {
        StoreSettings first = TestDatabases.of(kind);
        StoreSettings second = TestDatabases.of(kind);
        String id;
        try (JdbcCreditStore store = JdbcCreditStore.open(first)) {
            id = store.installationId();
        }
        assertThat(id).matches("[0-9a-f-]{36}");
        try (JdbcCreditStore again = JdbcCreditStore.open(first); JdbcCreditStore other = JdbcCreditStore.open(second)) {
            assertThat(again.installationId()).as("reopened").isEqualTo(id);
            assertThat(other.installationId()).as("another store").isNotEqualTo(id).matches("[0-9a-f-]{36}");
        }
        try (var c = TestDatabases.connect(first); var s = c.createStatement();
             var r = s.executeQuery("SELECT COUNT(*), MIN(id) FROM creditpool_installation")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getInt(1)).isEqualTo(1);
            assertThat(r.getString(2)).isEqualTo(id);
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO creditpool_installation (one_row, id, created_at) "
                    + "VALUES (2, 'another', CURRENT_TIMESTAMP)")).as("one row at most")
                    .isInstanceOf(java.sql.SQLException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void aStoreMadeBeforeInstallationIdsGetsOneAtItsFirstOpen(String kind) throws Exception {
        StoreSettings store = TestDatabases.of(kind);
        JdbcCreditStore.open(store).close();
        try (var c = TestDatabases.connect(store); var s = c.createStatement()) {
            s.executeUpdate("DELETE FROM creditpool_installation");
        }
        try (JdbcCreditStore reopened = JdbcCreditStore.open(store)) {
            assertThat(reopened.installationId()).matches("[0-9a-f-]{36}");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void aDatabaseWithANewerSchemaIsRefusedWithAClearMessage(String kind) throws Exception {
        StoreSettings store = TestDatabases.of(kind);
        JdbcCreditStore.open(store).close();
        try (var c = TestDatabases.connect(store); var s = c.createStatement()) {
            s.executeUpdate("INSERT INTO \"creditpool_schema_history\" (\"installed_rank\", \"version\", \"description\", "
                    + "\"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\") VALUES (99, '99', 'from the future', "
                    + "'SQL', 'V99__future.sql', 0, 'test', 0, TRUE)");
        }
        assertThatThrownBy(() -> JdbcCreditStore.open(store)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has schema version 99, newer than the newest this Creditpool knows (")
                .hasMessageMatching("(?s).*knows \\([0-9]+\\).*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void theDatabaseRefusesANegativeBalanceWhateverWritesIt(String kind) throws Exception {
        StoreSettings store = TestDatabases.of(kind);
        try (Creditpool pool = open(store, new ManualClock(Instant.parse("2026-01-01T00:00:00Z")))) {
            pool.createTeam(new CreateTeamCommand(ACME, "ent", 1, OLIVIA, 1, null));
        }
        try (var c = TestDatabases.connect(store); var s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE creditpool_team SET balance = -1"))
                    .isInstanceOf(java.sql.SQLException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void theDatabaseRefusesToChangeOrRemoveALedgerEntry(String kind) throws Exception {
        StoreSettings store = TestDatabases.of(kind);
        try (Creditpool pool = open(store, new ManualClock(Instant.parse("2026-01-01T00:00:00Z")))) {
            pool.createTeam(new CreateTeamCommand(ACME, "ent", 1, OLIVIA, 1, null));
            pool.consume("acme", "olivia", 10, null);
        }
        try (var c = TestDatabases.connect(store); var s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM creditpool_ledger WHERE kind = 'consumed'"))
                    .isInstanceOf(java.sql.SQLException.class).hasMessageContaining("ledger is append-only");
            assertThatThrownBy(() -> s.executeUpdate("UPDATE creditpool_ledger SET balance_change = 0"))
                    .isInstanceOf(java.sql.SQLException.class).hasMessageContaining("ledger is append-only");
            try (var r = s.executeQuery("SELECT COUNT(*) FROM creditpool_ledger")) {
                r.next();
                assertThat(r.getLong(1)).isEqualTo(3);    // team created, plan credits granted, consumed
            }
        }
    }
}
