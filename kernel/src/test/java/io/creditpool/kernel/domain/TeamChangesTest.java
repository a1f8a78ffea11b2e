package io.creditpool.kernel.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A team names the parts each change touched, so a store writes those and nothing else of a big team. */
class TeamChangesTest {
    private static final Instant JAN_1 = Instant.parse("2026-01-01T00:00:00Z");
    private static final MemberId OLIVIA = MemberId.of("olivia");
    private static final Team.Creation CREATION = new Team.Creation("create acme", Decision.accept(List.of(), 0));

    private static Team givenBigTeamWithCredits(int members) {
        Team team = Team.create(TeamId.of("acme"), "team", members + 1, OLIVIA, 1, JAN_1, CREATION);
        for (int i = 0; i < members; i++) {
            team.addMember(OLIVIA, MemberId.of("m" + i), Role.MEMBER, JAN_1);
        }
        team.startCycle(team.cycle(), new GrantTerms(1_000, team.cycle().end(), 0, List.of("plan rule")));
        team.grant(GrantSource.TOP_UP, JAN_1, new GrantTerms(500, null, 100, List.of("top-up rule")));
        team.drainChanges();
        return team;
    }

    @Test
    void aConsumptionTouchesTheMembersUsageAndTheGrantsItDrewFromOnly() {
        Team team = givenBigTeamWithCredits(500);
        Member m7 = team.member(MemberId.of("m7")).orElseThrow();
        long planGrant = team.grants().get(0).id();

        team.consume(m7, 40, JAN_1.plusSeconds(60), RequestId.of("gen-1"));

        Team.Changes changes = team.drainChanges();
        assertThat(changes.usage()).containsExactly(MemberId.of("m7"));
        assertThat(changes.grants()).containsExactly(planGrant);
        assertThat(changes.members()).isEmpty();
        assertThat(changes.reservations()).isEmpty();
        assertThat(changes.purchases()).isEmpty();
        assertThat(team.drainChanges().isEmpty()).as("taken once").isTrue();
    }

    @Test
    void aConsumptionAcrossTwoGrantsNamesBothAndAnEmptiedGrantIsNamedThoughItIsGone() {
        Team team = givenBigTeamWithCredits(3);
        List<Long> ids = team.grants().stream().map(Grant::id).toList();

        team.consume(team.member(OLIVIA).orElseThrow(), 1_200, JAN_1.plusSeconds(60), null);

        assertThat(team.drainChanges().grants()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(team.openGrant(ids.get(0))).as("the plan grant is drawn to 0 and closed").isEmpty();
        assertThat(team.openGrant(ids.get(1)).orElseThrow().remaining()).isEqualTo(300);
    }

    @Test
    void membershipChangesNameTheMemberAndReservationsTheirIdAndGrants() {
        Team team = givenBigTeamWithCredits(10);
        team.setLimit(OLIVIA, MemberId.of("m1"), MemberLimit.of(100), JAN_1);
        team.removeMember(OLIVIA, MemberId.of("m2"), JAN_1);
        assertThat(team.drainChanges().members()).containsExactlyInAnyOrder(MemberId.of("m1"), MemberId.of("m2"));

        RequestId job = RequestId.of("job-1");
        Instant at = JAN_1.plusSeconds(60);
        team.reserve(team.member(MemberId.of("m3")).orElseThrow(), 50, at, at.plus(Duration.ofMinutes(5)), job);
        Team.Changes reserved = team.drainChanges();
        assertThat(reserved.reservations()).containsExactly(job);
        assertThat(reserved.usage()).containsExactly(MemberId.of("m3"));

        team.settle(job, MemberId.of("m3"), LedgerEntry.Ending.SETTLED, 20, at.plusSeconds(1), null);
        Team.Changes settled = team.drainChanges();
        assertThat(settled.reservations()).containsExactly(job);
        assertThat(settled.grants()).containsExactly(team.grants().get(0).id());
        assertThat(settled.usage()).containsExactly(MemberId.of("m3"));
        assertThat(team.reservation(job)).isEmpty();
    }

    @Test
    void expiryAndAPurchaseNameTheirParts() {
        Team team = givenBigTeamWithCredits(1);
        long planGrant = team.grants().get(0).id();
        team.expireDueBy(team.cycle().end());
        assertThat(team.drainChanges().grants()).containsExactly(planGrant);

        String key = team.newPurchaseKey();
        team.startPurchase(PendingPurchase.start(team.id(), key, GrantSource.TOP_UP, 100, new Money(100, "USD"),
                new GrantTerms(100, null, 100, List.of("top-up rule")), OLIVIA, List.of(), null, "fp", JAN_1));
        team.finishPurchase(key);
        assertThat(team.drainChanges().purchases()).containsExactly(key);
    }
}
