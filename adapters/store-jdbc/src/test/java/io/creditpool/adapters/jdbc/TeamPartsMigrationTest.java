package io.creditpool.adapters.jdbc;

import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.Team;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.InviteMemberCommand;
import io.creditpool.kernel.port.in.ReserveCreditsCommand;
import io.creditpool.kernel.port.in.SetMemberLimitCommand;
import io.creditpool.kernel.port.in.TeamMetrics;
import io.creditpool.kernel.port.out.CreditStore;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store written before teams were kept in rows (schema version 5: each team's whole state as one JSON document)
 * opens with everything it held: members in their order, limits, usage, grants, a reservation, auto top-up settings;
 * the ledger and the balance add up, and the team takes new commands.
 */
class TeamPartsMigrationTest {
    private static final TeamId ACME = TeamId.of("acme");
    private static final MemberId OLIVIA = MemberId.of("olivia");
    private static final Plan ENT = new Plan("ent", Tier.ENTERPRISE, 500, 4, "USD");

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aStoreOfWholeTeamDocumentsMigratesWithItsDataAndAuditsClean(String kind) throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        // a team with something of every part, made in memory
        Team team;
        List<LedgerEntry> ledger;
        TeamMetrics expected;
        try (Creditpool memory = Creditpool.builder().clock(clock).plans(List.of(ENT)).build()) {
            memory.createTeam(new CreateTeamCommand(ACME, "ent", 4, OLIVIA, 1, null));
            for (String name : List.of("zoe", "alice", "mia")) {
                memory.invite(new InviteMemberCommand(ACME, OLIVIA, MemberId.of(name), Role.MEMBER,
                        RequestId.of("invite-" + name)));
            }
            memory.setLimit(new SetMemberLimitCommand(ACME, OLIVIA, MemberId.of("alice"), MemberLimit.of(300), null));
            memory.configureAutoTopUp(new ConfigureAutoTopUpCommand(ACME, OLIVIA, true, 100, 1000, 5000L, null));
            memory.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 1000, RequestId.of("top-up-1")));
            memory.consume("acme", "alice", 120, "gen-1");
            memory.consume("acme", "zoe", 900, "gen-2");
            memory.reserve(new ReserveCreditsCommand(ACME, MemberId.of("mia"), 50, Duration.ofMinutes(30),
                    RequestId.of("job-1")));
            team = memory.component(CreditStore.class).inTransaction(ACME, u -> u.team().orElseThrow().copy());
            ledger = memory.ledger(ACME);
            expected = memory.metrics(ACME).orElseThrow();
        }
        assertThat(team.reservations()).hasSize(1);
        assertThat(team.grants()).hasSizeGreaterThan(1);

        StoreSettings store = TestDatabases.of(kind);
        try (Connection c = TestDatabases.connect(store)) {
            atSchemaVersion5(store);
            writeAsOneDocument(c, team, ledger);
        }

        try (Creditpool pool = Creditpool.builder().store(store).clock(clock).plans(List.of(ENT)).build()) {
            JdbcCreditStore jdbc = (JdbcCreditStore) pool.component(CreditStore.class);
            assertThat(jdbc.ledgerMismatches()).isEmpty();
            assertThat(pool.audit(ACME)).isEmpty();
            TeamMetrics migrated = pool.metrics(ACME).orElseThrow();
            assertThat(migrated).isEqualTo(expected);
            Team read = jdbc.inTransaction(ACME, u -> u.team().orElseThrow().copy());
            assertThat(read.members()).containsExactlyElementsOf(team.members());
            assertThat(read.usage()).isEqualTo(team.usage());
            assertThat(read.grants()).extracting(g -> g.id() + ":" + g.remaining())
                    .containsExactlyElementsOf(team.grants().stream().map(g -> g.id() + ":" + g.remaining()).toList());
            assertThat(read.reservations()).containsExactlyElementsOf(team.reservations());
            assertThat(read.autoTopUp()).isEqualTo(team.autoTopUp());
            assertThat(pool.ledger(ACME)).isEqualTo(ledger);

            // and it goes on: a consumption, the reservation settled, a new member
            assertThat(pool.consume("acme", "alice", 100, "gen-3").accepted()).isTrue();
            assertThat(pool.settle("acme", "mia", "job-1", 20, null).accepted()).isTrue();
            assertThat(pool.invite(new InviteMemberCommand(ACME, OLIVIA, MemberId.of("kai"), Role.ADMIN, null))
                    .denied()).as("4 seats are taken").isTrue();
            assertThat(pool.audit(ACME)).isEmpty();
            assertThat(jdbc.ledgerMismatches()).isEmpty();
            assertThat(pool.metrics(ACME).orElseThrow().balance()).isEqualTo(expected.balance() - 100 + 30);
            jdbc.closeAndDiscard();
        }
    }

    /** The schema as Creditpool made it up to version 5, the last that kept a team as one document. */
    private static void atSchemaVersion5(StoreSettings store) {
        String user = store.kind() == StoreSettings.Kind.POSTGRES ? "postgres" : "";
        var configuration = Flyway.configure().dataSource(store.jdbcUrl(), user, user);
        if (store.schema() != null) {
            configuration.schemas(store.schema());
        }
        configuration.locations("classpath:io/creditpool/adapters/jdbc/migration/common",
                        "classpath:io/creditpool/adapters/jdbc/migration/"
                                + (store.kind() == StoreSettings.Kind.H2 ? "h2" : "postgresql"))
                .table("creditpool_schema_history").target("5").load().migrate();
    }

    /** The rows version 5 wrote: the team's state as one document, its ledger, its request ids. */
    private static void writeAsOneDocument(Connection c, Team team, List<LedgerEntry> ledger) throws Exception {
        String schema = c.getSchema();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO creditpool_team (team_id, state, balance, "
                + "ledger_entries) VALUES (?, ?, ?, ?)")) {
            s.setString(1, team.id().value());
            s.setString(2, TeamCodec.write(team));
            s.setLong(3, team.balance());
            s.setLong(4, ledger.size());
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO creditpool_ledger (team_id, seq, at, kind, "
                + "balance_change, entry) VALUES (?, ?, ?, ?, ?, ?)")) {
            long seq = 0;
            for (LedgerEntry e : ledger) {
                s.setString(1, team.id().value());
                s.setLong(2, ++seq);
                s.setObject(3, e.at().atOffset(ZoneOffset.UTC));
                s.setString(4, TeamCodec.kind(e));
                s.setLong(5, e.balanceChange());
                s.setString(6, TeamCodec.json(e));
                s.addBatch();
            }
            s.executeBatch();
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM creditpool_team");
                ResultSet r = s.executeQuery()) {
            r.next();
            assertThat(r.getLong(1)).as("teams written in schema " + schema).isEqualTo(1);
        }
    }
}
