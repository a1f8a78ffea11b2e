package io.creditpool.adapters.jdbc;

import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.GrantTerms;
import io.creditpool.kernel.domain.Group;
import io.creditpool.kernel.domain.GroupCap;
import io.creditpool.kernel.domain.GroupId;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.Member;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.Team;
import io.creditpool.kernel.domain.TeamId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Groups kept in the team's own parts (no new table): a group and its usage are rows of their own, members name their
 * group and own limit in theirs, and all read back equal; members and reservations stored before groups read as in
 * none.
 */
class GroupPartsTest {
    private static final Instant JAN_5 = Instant.parse("2026-01-05T00:00:00Z");
    private static final TeamId ACME = TeamId.of("acme");
    private static final MemberId OLIVIA = MemberId.of("olivia");
    private static final MemberId ALICE = MemberId.of("alice");
    private static final GroupId DESIGN = GroupId.of("design");

    private static Team givenTeamWithAGroup() {
        Team team = Team.create(ACME, "team", 3, OLIVIA, 1, JAN_5,
                new Team.Creation("create acme", Decision.accept(List.of(), 0)));
        team.grant(GrantSource.TOP_UP, JAN_5, new GrantTerms(1_000, null, 100, List.of("top-up rule")));
        team.addMember(OLIVIA, ALICE, Role.MEMBER, JAN_5);
        team.setLimit(OLIVIA, ALICE, MemberLimit.of(300), JAN_5);
        team.setOwnLimit(ALICE, MemberLimit.of(200), JAN_5);
        team.createGroup(OLIVIA, new Group(DESIGN, "Design \"core\" team", GroupCap.of(500)), JAN_5);
        team.moveMember(OLIVIA, ALICE, DESIGN, JAN_5);
        team.consume(team.member(ALICE).orElseThrow(), 120, JAN_5, null);
        team.reserve(team.member(ALICE).orElseThrow(), 30, JAN_5, JAN_5.plusSeconds(600), RequestId.of("r1"));
        return team;
    }

    @Test
    void groupsTheirUsageAndMembersGroupsAndOwnLimitsReadBackFromTheirParts() {
        Team team = givenTeamWithAGroup();
        List<TeamCodec.Part> parts = TeamCodec.allParts(team);

        assertThat(parts).extracting(TeamCodec.Part::kind).contains(TeamCodec.GROUP, TeamCodec.GROUP_USAGE);
        assertThat(parts).allSatisfy(p -> assertThat(p.kind().length()).as("fits the kind column").isLessThanOrEqualTo(16));
        Team read = TeamCodec.readTeam(ACME, TeamCodec.writeHeader(team), parts);

        assertThat(read.groups()).containsExactly(new Group(DESIGN, "Design \"core\" team", GroupCap.of(500)));
        assertThat(read.groupUsageIn(DESIGN, YearMonth.of(2026, 1))).isEqualTo(150);
        assertThat(read.membersOf(DESIGN)).containsExactly(ALICE);
        Member alice = read.member(ALICE).orElseThrow();
        assertThat(alice.limit()).isEqualTo(MemberLimit.of(300));
        assertThat(alice.ownLimit()).isEqualTo(MemberLimit.of(200));
        assertThat(read.reservation(RequestId.of("r1")).orElseThrow().group()).isEqualTo(DESIGN);
        assertThat(TeamCodec.allParts(read)).isEqualTo(parts);
    }

    @Test
    void aChangedGroupAndAGroupDeletedWithItsUsageGoneAreNamedAsParts() {
        Team team = givenTeamWithAGroup();
        team.drainChanges();

        team.deleteGroup(OLIVIA, DESIGN, Instant.parse("2026-02-01T00:00:00Z"));

        List<TeamCodec.Part> changed = TeamCodec.changedParts(team, team.drainChanges(), 0);
        assertThat(changed).extracting(p -> p.kind() + ":" + p.key() + ":" + (p.data() == null ? "gone" : "kept"))
                .containsExactly("group:design:gone", "group-usage:design:gone", "member:alice:kept");
    }

    @Test
    void ledgerEntriesOfAGroupReadBackEqualAndOlderOnesReadInNoGroup() {
        Team team = givenTeamWithAGroup();
        for (LedgerEntry e : team.drainPendingLedger()) {
            assertThat(TeamCodec.readEntry(TeamCodec.kind(e), TeamCodec.json(e))).isEqualTo(e);
        }
        String older = "{\"at\":\"2026-01-05T00:00:00Z\",\"member\":{\"value\":\"alice\"},\"credits\":5,"
                + "\"draws\":[],\"limit\":{\"credits\":-1},\"requestId\":null}";
        LedgerEntry.CreditsConsumed read = (LedgerEntry.CreditsConsumed) TeamCodec.readEntry("consumed", older);
        assertThat(read.group()).isNull();
        assertThat(read.groupCap()).isNull();
        String member = "{\"id\":{\"value\":\"alice\"},\"role\":\"MEMBER\",\"limit\":{\"credits\":300}}";
        Member m = TeamCodec.read(member, Member.class);
        assertThat(m.group()).isNull();
        assertThat(m.ownLimit()).isEqualTo(MemberLimit.UNLIMITED);
    }
}
