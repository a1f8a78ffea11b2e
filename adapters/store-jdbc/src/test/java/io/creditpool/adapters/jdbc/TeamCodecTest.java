package io.creditpool.adapters.jdbc;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.GrantTerms;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Team;
import io.creditpool.kernel.domain.TeamId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The stored forms of teams and ledger entries: what is written reads back the same, and older forms still read. */
class TeamCodecTest {
    private static final Instant JAN_1 = Instant.parse("2026-01-01T00:00:00Z");
    private static final TeamId ACME = TeamId.of("acme");
    private static final MemberId OLIVIA = MemberId.of("olivia");

    private static Team givenTeamHoldingCredits() {
        Team team = Team.create(ACME, "team", 2, OLIVIA, 1, JAN_1,
                new Team.Creation("create acme", Decision.accept(List.of(), 1000)));
        team.startCycle(team.cycle(), new GrantTerms(1000, team.cycle().end(), 0, List.of("plan rule")));
        team.grant(GrantSource.TOP_UP, JAN_1, new GrantTerms(100, null, 100, List.of("top-up rule")));
        team.reserve(team.owner(), 1050, JAN_1, JAN_1.plusSeconds(900), RequestId.of("gen-1"));
        team.reserve(team.owner(), 20, JAN_1, JAN_1.plusSeconds(60), RequestId.of("gen-2"));
        team.settle(RequestId.of("gen-2"), OLIVIA, LedgerEntry.Ending.SETTLED, 5, JAN_1.plusSeconds(30), null);
        return team;
    }

    @Test
    void aRecordedDecisionKeepsItsRuleSetVersionAndOneRecordedBeforeVersionsReadsWithout() {
        Decision stamped = Decision.accept(List.of("A rule"), 45).stampedWith("3f2a9c1b0d4e");
        assertThat(TeamCodec.read(TeamCodec.json(stamped), Decision.class)).isEqualTo(stamped);

        String older = "{\"accepted\":true,\"denial\":null,\"reason\":\"\",\"rules\":[\"A rule\"],\"balance\":45}";
        Decision read = TeamCodec.read(older, Decision.class);
        assertThat(read.rulesVersion()).isEmpty();
        assertThat(read.rules()).containsExactly("A rule");
    }

    @Test
    void openReservationsAreWrittenWithTheTeamAndReadBack() {
        Team team = givenTeamHoldingCredits();

        Team read = TeamCodec.readTeam(ACME, TeamCodec.write(team));

        assertThat(TeamCodec.write(team)).as("the plan first: the store finds a plan's teams by it")
                .startsWith(TeamCodec.planPrefix("team"));
        assertThat(read.reservations()).containsExactlyElementsOf(team.reservations());
        assertThat(read.held()).isEqualTo(1050);
        assertThat(read.balance()).isEqualTo(team.balance()).isEqualTo(45);
        assertThat(TeamCodec.write(read)).isEqualTo(TeamCodec.write(team));
        // the plan grant the reservation emptied is opened again from what the reservation kept of it
        read.settle(RequestId.of("gen-1"), OLIVIA, LedgerEntry.Ending.RELEASED, 0, JAN_1.plusSeconds(60), null);
        assertThat(read.credits(GrantSource.PLAN)).isEqualTo(1000);
        assertThat(read.grants().get(0).expiresAt()).isEqualTo(team.cycle().end());
        read.checkBalance();
    }

    @Test
    void aTeamStoredBeforeReservationsExistedReadsWithNone() throws Exception {
        Team team = Team.create(ACME, "team", 2, OLIVIA, 1, JAN_1,
                new Team.Creation("create acme", Decision.accept(List.of(), 1000)));
        team.startCycle(team.cycle(), new GrantTerms(1000, team.cycle().end(), 0, List.of("plan rule")));
        ObjectNode stored = (ObjectNode) JsonMapper.builder().build().readTree(TeamCodec.write(team));
        stored.remove("reservations");
        assertThat(stored.toString()).doesNotContain("reservations");

        Team read = TeamCodec.readTeam(ACME, stored.toString());

        assertThat(read.reservations()).isEmpty();
        assertThat(read.balance()).isEqualTo(1000);
        assertThat(TeamCodec.write(read)).isEqualTo(TeamCodec.write(team));
    }

    @Test
    void reservationLedgerEntriesHaveKindsThatFitTheColumnAndReadBackEqual() {
        List<LedgerEntry> entries = givenTeamHoldingCredits().drainPendingLedger().stream()
                .filter(e -> e instanceof LedgerEntry.CreditsReserved || e instanceof LedgerEntry.ReservationSettled)
                .toList();
        assertThat(entries).hasSize(3);

        for (LedgerEntry e : entries) {
            String kind = TeamCodec.kind(e);
            assertThat(kind).hasSizeLessThanOrEqualTo(16).isIn("reserved", "settled");
            assertThat(TeamCodec.readEntry(kind, TeamCodec.json(e))).isEqualTo(e);
        }
    }

    @Test
    void aHeaderWrittenWithItsCreationDecisionWrittenBeforeIsTheHeaderAndReadsBackTheTeam() throws Exception {
        Team team = givenTeamHoldingCredits();
        String creation = TeamCodec.creationJson(team);

        String header = TeamCodec.writeHeader(team, creation);

        var mapper = JsonMapper.builder().build();
        assertThat(mapper.readTree(header).get("creationDecision")).as("the decision as an object, not a string")
                .isEqualTo(mapper.readTree(creation));
        Team read = TeamCodec.readTeam(ACME, header, TeamCodec.allParts(team));
        assertThat(read.creation()).isEqualTo(team.creation());
        assertThat(TeamCodec.writeHeader(read)).isEqualTo(header);
        assertThat(TeamCodec.write(read)).isEqualTo(TeamCodec.write(team));
    }

    @Test
    void aTeamWithoutACreationDecisionWritesItsHeaderWithNone() {
        Team team = Team.create(ACME, "team", 2, OLIVIA, 1, JAN_1, new Team.Creation("create acme", null));

        String header = TeamCodec.writeHeader(team, TeamCodec.creationJson(team));

        assertThat(header).contains("\"creationDecision\":null");
        assertThat(TeamCodec.readTeam(ACME, header, TeamCodec.allParts(team)).creation().decision()).isNull();
    }
}
