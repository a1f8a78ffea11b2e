package io.creditpool.kernel.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A team's budgets answer "what may this member spend" in one place: the spendable figure, the kernel's refusal past
 * a limit or a group's cap, and the alerts a consumption sets off, once per share and month, all from the same usage.
 */
class BudgetsTest {
    private static final Instant JAN_5 = Instant.parse("2026-01-05T00:00:00Z");
    private static final Instant FEB_1 = Instant.parse("2026-02-01T00:00:00Z");
    private static final YearMonth JAN = YearMonth.of(2026, 1);
    private static final YearMonth FEB = YearMonth.of(2026, 2);
    private static final MemberId OLIVIA = MemberId.of("olivia");
    private static final MemberId ALICE = MemberId.of("alice");
    private static final GroupId DESIGN = GroupId.of("design");
    private static final List<Integer> SHIPPED = List.of(80, 100);
    private static final Team.Creation CREATION = new Team.Creation("create acme", Decision.accept(List.of(), 0));

    /** Olivia's team with 10,000 credits; Alice limited to 300 a month, in Design, capped at 1,000. */
    private static Team givenAliceLimitedInDesign() {
        Team team = Team.create(TeamId.of("acme"), "team", 5, OLIVIA, 1, JAN_5, CREATION);
        team.grant(GrantSource.TOP_UP, JAN_5, new GrantTerms(10_000, null, 100, List.of("top-up rule")));
        team.addMember(OLIVIA, ALICE, Role.MEMBER, JAN_5);
        team.setLimit(OLIVIA, ALICE, MemberLimit.of(300), JAN_5);
        team.createGroup(OLIVIA, new Group(DESIGN, "Design", GroupCap.of(1_000)), JAN_5);
        team.moveMember(OLIVIA, ALICE, DESIGN, JAN_5);
        return team;
    }

    private static Member alice(Team team) {
        return team.member(ALICE).orElseThrow();
    }

    /** Alice consumes {@code credits} on {@code at}; answers the alerts it sets off at the shipped levels. */
    private static List<Budgets.Alert> consume(Team team, long credits, Instant at, List<Integer> pool) {
        YearMonth month = BillingCycle.calendarMonthOf(at);
        Budgets.Before before = team.budgets().before(alice(team), team.balance(), month);
        team.consume(alice(team), credits, at, null);
        return team.budgets().alerts(alice(team), before, team.balance(), 10_000, OLIVIA, SHIPPED, pool);
    }

    @Test
    void theLimitIsRefusedBeforeTheGroupsCapAndBothAllowWhatIsLeftExactly() {
        Team team = givenAliceLimitedInDesign();
        Budgets budgets = team.budgets();

        assertThat(budgets.refusal(alice(team), 300, JAN)).isNull();
        assertThat(budgets.refusal(alice(team), 301, JAN)).isEqualTo(DenialCode.MEMBER_LIMIT);

        team.setLimit(OLIVIA, ALICE, MemberLimit.UNLIMITED, JAN_5);
        assertThat(budgets.refusal(alice(team), 1_000, JAN)).isNull();
        assertThat(budgets.refusal(alice(team), 1_001, JAN)).isEqualTo(DenialCode.GROUP_CAP);

        team.setOwnLimit(ALICE, MemberLimit.of(200), JAN_5);
        assertThat(budgets.refusal(alice(team), 201, JAN)).as("her own limit applies when it is lower")
                .isEqualTo(DenialCode.MEMBER_LIMIT);
        assertThat(budgets.spendable(alice(team), team.balance(), JAN))
                .isEqualTo(new Spendable(200, Spendable.Bound.OWN_LIMIT));
    }

    @Test
    void whatIsSpendableAndWhatIsRefusedReadTheSameUsage() {
        Team team = givenAliceLimitedInDesign();
        team.setLimit(OLIVIA, ALICE, MemberLimit.UNLIMITED, JAN_5);
        team.addMember(OLIVIA, MemberId.of("bob"), Role.MEMBER, JAN_5);
        team.moveMember(OLIVIA, MemberId.of("bob"), DESIGN, JAN_5);
        team.consume(team.member(MemberId.of("bob")).orElseThrow(), 700, JAN_5, null);

        Spendable left = team.budgets().spendable(alice(team), team.balance(), JAN);
        assertThat(left).isEqualTo(new Spendable(300, Spendable.Bound.GROUP_CAP));
        assertThat(team.budgets().refusal(alice(team), left.credits(), JAN)).isNull();
        assertThat(team.budgets().refusal(alice(team), left.credits() + 1, JAN)).isEqualTo(DenialCode.GROUP_CAP);
        assertThat(team.budgets().spendable(alice(team), team.balance(), FEB).credits())
                .as("a new month starts the group afresh").isEqualTo(1_000);
    }

    @Test
    void oneConsumptionCrossingBothSharesTellsTheLimitsThenTheGroups() {
        Team team = givenAliceLimitedInDesign();
        team.setLimit(OLIVIA, ALICE, MemberLimit.of(1_000), JAN_5);

        List<Budgets.Alert> told = consume(team, 1_000, JAN_5, List.of());

        assertThat(told).extracting(Budgets.Alert::kind, Budgets.Alert::percent).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Budgets.Kind.LIMIT, 80),
                org.assertj.core.groups.Tuple.tuple(Budgets.Kind.LIMIT, 100),
                org.assertj.core.groups.Tuple.tuple(Budgets.Kind.GROUP_CAP, 80),
                org.assertj.core.groups.Tuple.tuple(Budgets.Kind.GROUP_CAP, 100));
        assertThat(told.get(2).group()).isEqualTo(DESIGN);
        assertThat(told.get(0)).isEqualTo(new Budgets.Alert(Budgets.Kind.LIMIT, ALICE, null, 80, 1_000, 1_000, false));
    }

    @Test
    void aShareIsToldOnceAMonthEvenWhenHeldCreditsGoBackAndAreSpentAgain() {
        Team team = givenAliceLimitedInDesign();
        RequestId hold = RequestId.of("r1");
        Budgets.Before before = team.budgets().before(alice(team), team.balance(), JAN);
        team.reserve(alice(team), 250, JAN_5, JAN_5.plusSeconds(600), hold);
        assertThat(team.budgets().alerts(alice(team), before, team.balance(), 10_000, OLIVIA, SHIPPED, List.of()))
                .extracting(Budgets.Alert::percent).containsExactly(80);

        team.settle(hold, ALICE, LedgerEntry.Ending.RELEASED, 0, JAN_5.plusSeconds(60), null);
        assertThat(team.usageIn(ALICE, JAN)).as("given back").isZero();

        assertThat(consume(team, 250, JAN_5.plusSeconds(120), List.of())).as("80 percent was told this month")
                .isEmpty();
        assertThat(consume(team, 50, JAN_5.plusSeconds(180), List.of())).extracting(Budgets.Alert::percent)
                .containsExactly(100);
        assertThat(consume(team, 250, FEB_1, List.of())).as("a new month is measured afresh")
                .extracting(Budgets.Alert::percent).containsExactly(80);
    }

    @Test
    void herOwnLimitIsNamedWhenItIsTheOneReachedAndACapOfNothingIsNeverReached() {
        Team team = givenAliceLimitedInDesign();
        team.setOwnLimit(ALICE, MemberLimit.of(100), JAN_5);
        team.changeGroup(OLIVIA, DESIGN, null, GroupCap.of(0), JAN_5);
        team.changeGroup(OLIVIA, DESIGN, null, GroupCap.UNLIMITED, JAN_5);

        List<Budgets.Alert> told = consume(team, 100, JAN_5, List.of());

        assertThat(told).extracting(Budgets.Alert::percent, Budgets.Alert::ownLimit, Budgets.Alert::of)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(80, true, 100L),
                        org.assertj.core.groups.Tuple.tuple(100, true, 100L));
        assertThat(Budgets.standing(0, 0, SHIPPED)).isZero();
        assertThat(Budgets.reached(0, 5, 0, 100)).isFalse();
    }

    @Test
    void thePoolTellsTheOwnerItsHighestShareFirstAndNoLevelsTellNothing() {
        Team team = givenAliceLimitedInDesign();
        team.setLimit(OLIVIA, ALICE, MemberLimit.UNLIMITED, JAN_5);
        team.changeGroup(OLIVIA, DESIGN, null, GroupCap.UNLIMITED, JAN_5);

        assertThat(consume(team, 7_000, JAN_5, List.of(10, 30))).extracting(Budgets.Alert::percent)
                .containsExactly(30);
        List<Budgets.Alert> told = consume(team, 3_000, JAN_5.plusSeconds(60), List.of(0, 10, 30));
        assertThat(told).extracting(Budgets.Alert::kind, Budgets.Alert::member, Budgets.Alert::percent)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Budgets.Kind.POOL, OLIVIA, 10),
                        org.assertj.core.groups.Tuple.tuple(Budgets.Kind.POOL, OLIVIA, 0));

        Team quiet = givenAliceLimitedInDesign();
        Budgets.Before before = quiet.budgets().before(alice(quiet), quiet.balance(), JAN);
        quiet.consume(alice(quiet), 300, JAN_5, null);
        assertThat(quiet.budgets().alerts(alice(quiet), before, quiet.balance(), 10_000, OLIVIA, List.of(),
                List.of())).isEmpty();
    }

    @Test
    void aMemberMayLowerHerLimitOrLetGoOfHersButNeverRaiseItAboveTheAdmins() {
        Team team = givenAliceLimitedInDesign();    // the admin's limit: 300
        assertThat(Budgets.mayLimitHerself(alice(team), MemberLimit.of(300))).isTrue();
        assertThat(Budgets.mayLimitHerself(alice(team), MemberLimit.of(0))).isTrue();
        assertThat(Budgets.mayLimitHerself(alice(team), MemberLimit.UNLIMITED)).as("none of her own").isTrue();
        assertThat(Budgets.mayLimitHerself(alice(team), MemberLimit.of(301))).isFalse();

        team.setLimit(OLIVIA, ALICE, MemberLimit.UNLIMITED, JAN_5);
        assertThat(Budgets.mayLimitHerself(alice(team), MemberLimit.of(1_000_000))).isTrue();
    }

    @Test
    void aCopysBudgetsAreItsOwn() {
        Team team = givenAliceLimitedInDesign();
        Team copy = team.copy();

        copy.consume(copy.member(ALICE).orElseThrow(), 100, JAN_5, null);
        copy.deleteGroup(OLIVIA, DESIGN, JAN_5);

        assertThat(team.usageIn(ALICE, JAN)).isZero();
        assertThat(team.groupUsageIn(DESIGN, JAN)).isZero();
        assertThat(team.membersOf(DESIGN)).containsExactly(ALICE);
        assertThat(copy.groupUsageIn(DESIGN, JAN)).as("kept until the month ends").isEqualTo(100);
        assertThat(copy.membersOf(DESIGN)).isEmpty();
    }
}
