package io.creditpool.kernel.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Groups in a team: what their members spend counts against the group in the calendar month it was spent in, held
 * credits included; moving a member moves none of it; a deleted group's usage stays counted until the month ends.
 */
class TeamGroupsTest {
    private static final Instant JAN_5 = Instant.parse("2026-01-05T00:00:00Z");
    private static final Instant FEB_1 = Instant.parse("2026-02-01T00:00:00Z");
    private static final YearMonth JAN = YearMonth.of(2026, 1);
    private static final YearMonth FEB = YearMonth.of(2026, 2);
    private static final MemberId OLIVIA = MemberId.of("olivia");
    private static final MemberId ALICE = MemberId.of("alice");
    private static final MemberId BOB = MemberId.of("bob");
    private static final GroupId DESIGN = GroupId.of("design");
    private static final GroupId RESEARCH = GroupId.of("research");
    private static final Team.Creation CREATION = new Team.Creation("create acme", Decision.accept(List.of(), 0));

    private static Team givenTeamWithDesignAndResearch() {
        Team team = Team.create(TeamId.of("acme"), "team", 5, OLIVIA, 1, JAN_5, CREATION);
        team.grant(GrantSource.TOP_UP, JAN_5, new GrantTerms(10_000, null, 100, List.of("top-up rule")));
        team.addMember(OLIVIA, ALICE, Role.MEMBER, JAN_5);
        team.addMember(OLIVIA, BOB, Role.MEMBER, JAN_5);
        team.createGroup(OLIVIA, new Group(DESIGN, "Design", GroupCap.of(1_000)), JAN_5);
        team.createGroup(OLIVIA, new Group(RESEARCH, "Research", GroupCap.UNLIMITED), JAN_5);
        team.moveMember(OLIVIA, ALICE, DESIGN, JAN_5);
        team.moveMember(OLIVIA, BOB, DESIGN, JAN_5);
        team.drainChanges();
        team.drainPendingLedger();
        return team;
    }

    private static Member member(Team team, MemberId id) {
        return team.member(id).orElseThrow();
    }

    @Test
    void whatMembersSpendCountsAgainstTheirGroupAndTheLedgerNamesTheGroupAndItsCap() {
        Team team = givenTeamWithDesignAndResearch();

        LedgerEntry.CreditsConsumed spent = team.consume(member(team, ALICE), 300, JAN_5.plusSeconds(60), null);
        team.consume(member(team, BOB), 200, JAN_5.plusSeconds(120), null);
        team.consume(member(team, OLIVIA), 50, JAN_5.plusSeconds(180), null);

        assertThat(team.groupUsageIn(DESIGN, JAN)).isEqualTo(500);
        assertThat(team.groupUsageIn(RESEARCH, JAN)).isZero();
        assertThat(spent.group()).isEqualTo(DESIGN);
        assertThat(spent.groupCap()).isEqualTo(GroupCap.of(1_000));
        assertThat(team.consume(member(team, OLIVIA), 1, JAN_5.plusSeconds(200), null).group())
                .as("the owner is in no group").isNull();
    }

    @Test
    void aGroupsUsageResetsOnTheFirstOfTheMonth() {
        Team team = givenTeamWithDesignAndResearch();
        team.consume(member(team, ALICE), 300, JAN_5, null);

        assertThat(team.groupUsageIn(DESIGN, FEB)).isZero();
        team.consume(member(team, ALICE), 10, FEB_1, null);
        assertThat(team.groupUsageIn(DESIGN, FEB)).isEqualTo(10);
    }

    @Test
    void movingAMemberMidMonthMovesNoneOfWhatSheSpent() {
        Team team = givenTeamWithDesignAndResearch();
        team.consume(member(team, ALICE), 300, JAN_5.plusSeconds(60), null);

        team.moveMember(OLIVIA, ALICE, RESEARCH, JAN_5.plusSeconds(120));
        team.consume(member(team, ALICE), 40, JAN_5.plusSeconds(180), null);

        assertThat(team.groupUsageIn(DESIGN, JAN)).as("stays with the group it was spent in").isEqualTo(300);
        assertThat(team.groupUsageIn(RESEARCH, JAN)).isEqualTo(40);
        assertThat(team.usageIn(ALICE, JAN)).isEqualTo(340);
        assertThat(team.membersOf(DESIGN)).containsExactly(BOB);
        assertThat(team.membersOf(RESEARCH)).containsExactly(ALICE);
        assertThat(team.pendingLedger()).filteredOn(e -> e instanceof LedgerEntry.SettingChanged)
                .singleElement().isEqualTo(new LedgerEntry.SettingChanged(JAN_5.plusSeconds(120), OLIVIA,
                        "group of alice", "research"));
    }

    @Test
    void heldCreditsCountInTheGroupAndComeBackToTheGroupTheyWereHeldIn() {
        Team team = givenTeamWithDesignAndResearch();
        LedgerEntry.CreditsReserved held = team.reserve(member(team, ALICE), 400, JAN_5, JAN_5.plusSeconds(600),
                RequestId.of("r1"));
        assertThat(held.group()).isEqualTo(DESIGN);
        assertThat(team.groupUsageIn(DESIGN, JAN)).isEqualTo(400);

        team.moveMember(OLIVIA, ALICE, RESEARCH, JAN_5.plusSeconds(60));
        team.settle(RequestId.of("r1"), ALICE, LedgerEntry.Ending.SETTLED, 150, JAN_5.plusSeconds(120), null);

        assertThat(team.groupUsageIn(DESIGN, JAN)).isEqualTo(150);
        assertThat(team.groupUsageIn(RESEARCH, JAN)).isZero();
    }

    @Test
    void aDeletedGroupsUsageStaysCountedUntilTheMonthEndsAndItsMembersAreInNoGroup() {
        Team team = givenTeamWithDesignAndResearch();
        team.consume(member(team, ALICE), 700, JAN_5, null);
        team.drainChanges();

        int moved = team.deleteGroup(OLIVIA, DESIGN, JAN_5.plusSeconds(60));

        assertThat(moved).isEqualTo(2);
        assertThat(team.group(DESIGN)).isEmpty();
        assertThat(member(team, ALICE).group()).isNull();
        assertThat(member(team, BOB).group()).isNull();
        assertThat(team.membersOf(DESIGN)).isEmpty();
        Team.Changes changes = team.drainChanges();
        assertThat(changes.members()).containsExactlyInAnyOrder(ALICE, BOB);
        assertThat(changes.groups()).containsExactly(DESIGN);
        assertThat(changes.groupUsage()).as("kept as it was").isEmpty();
        // made again the same month: it goes on from what it had used, so deleting is no way around a cap
        team.createGroup(OLIVIA, new Group(DESIGN, "Design", GroupCap.of(1_000)), JAN_5.plusSeconds(120));
        assertThat(team.groupUsageIn(DESIGN, JAN)).isEqualTo(700);
    }

    @Test
    void aGroupDeletedInALaterMonthLetsGoOfItsOldUsage() {
        Team team = givenTeamWithDesignAndResearch();
        team.consume(member(team, ALICE), 700, JAN_5, null);

        team.deleteGroup(OLIVIA, DESIGN, FEB_1);

        assertThat(team.groupUsage()).doesNotContainKey(DESIGN);
        assertThat(team.drainChanges().groupUsage()).containsExactly(DESIGN);
    }

    @Test
    void aConsumptionNamesItsGroupsUsageAsChangedAndGroupChangesNameTheGroup() {
        Team team = givenTeamWithDesignAndResearch();

        team.consume(member(team, ALICE), 10, JAN_5, null);
        Team.Changes spent = team.drainChanges();
        assertThat(spent.groupUsage()).containsExactly(DESIGN);
        assertThat(spent.groups()).isEmpty();
        assertThat(spent.members()).isEmpty();

        team.changeGroup(OLIVIA, DESIGN, "Product design", GroupCap.of(500), JAN_5);
        Team.Changes changed = team.drainChanges();
        assertThat(changed.groups()).containsExactly(DESIGN);
        assertThat(changed.members()).isEmpty();
        assertThat(team.group(DESIGN).orElseThrow()).isEqualTo(new Group(DESIGN, "Product design", GroupCap.of(500)));
        assertThat(team.pendingLedger()).last().isEqualTo(new LedgerEntry.SettingChanged(JAN_5, OLIVIA,
                "group design", "name \"Product design\", cap 500"));
    }

    @Test
    void aRemovedMemberLeavesHerGroupAndComesBackInNone() {
        Team team = givenTeamWithDesignAndResearch();

        team.removeMember(OLIVIA, ALICE, JAN_5);
        team.addMember(OLIVIA, ALICE, Role.MEMBER, JAN_5);

        assertThat(team.membersOf(DESIGN)).containsExactly(BOB);
        assertThat(member(team, ALICE).group()).isNull();
    }

    @Test
    void aCopyAndARestoredTeamKeepGroupsTheirUsageAndWhoIsInThem() {
        Team team = givenTeamWithDesignAndResearch();
        team.consume(member(team, ALICE), 300, JAN_5, null);

        Team copy = team.copy();
        Team restored = Team.restore(team.id(), "team", 5, 1, JAN_5, team.cycle(), team.members(), team.grants(),
                team.usage(), team.autoTopUp(), team.pendingPurchases(), team.reservations(), team.groups(),
                team.groupUsage(), team.nextGrantId(), team.nextIntentId(), team.lastSeen(), CREATION);

        for (Team t : List.of(copy, restored)) {
            assertThat(t.groups()).containsExactlyElementsOf(team.groups());
            assertThat(t.groupUsageIn(DESIGN, JAN)).isEqualTo(300);
            assertThat(t.membersOf(DESIGN)).containsExactlyInAnyOrder(ALICE, BOB);
        }
        copy.consume(member(copy, BOB), 5, JAN_5, null);
        assertThat(team.groupUsageIn(DESIGN, JAN)).as("the copy is its own").isEqualTo(300);
    }

    @Test
    void aGroupNameIsTrimmedAndOneThatIsBlankTooLongOrHoldsALineBreakIsRefusedNamingTheField() {
        assertThat(new Group(DESIGN, "  Design  ", GroupCap.UNLIMITED).name()).isEqualTo("Design");
        assertThatThrownBy(() -> new Group(DESIGN, " ", GroupCap.UNLIMITED))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("name"));
        assertThatThrownBy(() -> new Group(DESIGN, "x".repeat(101), GroupCap.UNLIMITED))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("name"));
        assertThatThrownBy(() -> new Group(DESIGN, "a\nb", GroupCap.UNLIMITED))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("name"));
    }

    @Test
    void aCapBelowZeroIsRefusedNamingTheCap() {
        assertThatThrownBy(() -> GroupCap.of(-1))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("cap");
                    assertThat(e.reason()).contains("zero or more");
                });
        assertThatThrownBy(() -> new GroupCap(-7)).isInstanceOf(InvalidInputException.class);
        assertThat(GroupCap.of(0).leftAfter(0)).isZero();
        assertThat(GroupCap.of(100).leftAfter(130)).as("never below zero").isZero();
    }

    @Test
    void aMemberCannotBeMovedIntoAGroupTheTeamDoesNotHave() {
        Team team = givenTeamWithDesignAndResearch();
        assertThatThrownBy(() -> team.moveMember(OLIVIA, ALICE, GroupId.of("nope"), JAN_5))
                .isInstanceOf(IllegalStateException.class);
        assertThat(member(team, ALICE).group()).isEqualTo(DESIGN);
    }
}
