package io.creditpool.kernel.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TeamTest {
    private static final Instant JAN_1 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant FEB_1 = Instant.parse("2026-02-01T00:00:00Z");
    private static final MemberId OLIVIA = MemberId.of("olivia");
    private static final Team.Creation CREATION = new Team.Creation("create acme", Decision.accept(List.of(), 0));

    private static GrantTerms expiring(long credits, Instant at) {
        return new GrantTerms(credits, at, 0, List.of("plan rule"));
    }

    private static GrantTerms forever(long credits) {
        return new GrantTerms(credits, null, 100, List.of("top-up rule"));
    }

    private static Team givenTeamWithPlanCredits(long credits) {
        Team team = Team.create(TeamId.of("acme"), "team", 3, OLIVIA, 1, JAN_1, CREATION);
        team.startCycle(team.cycle(), expiring(credits, team.cycle().end()));
        return team;
    }

    private static Member olivia(Team team) {
        return team.member(OLIVIA).orElseThrow();
    }

    @Test
    void aConsumptionSpendsPlanCreditsBeforeTopUpsAndTopUpsOldestFirst() {
        Team team = givenTeamWithPlanCredits(100);
        Grant older = team.grant(GrantSource.TOP_UP, JAN_1.plusSeconds(10), forever(50));
        Grant newer = team.grant(GrantSource.AUTO_TOP_UP, JAN_1.plusSeconds(20), forever(50));

        LedgerEntry.CreditsConsumed spent = team.consume(olivia(team), 170, JAN_1.plusSeconds(30), null);

        assertThat(spent.draws()).extracting(LedgerEntry.Draw::source, LedgerEntry.Draw::credits).containsExactly(
                org.assertj.core.groups.Tuple.tuple(GrantSource.PLAN, 100L),
                org.assertj.core.groups.Tuple.tuple(GrantSource.TOP_UP, 50L),
                org.assertj.core.groups.Tuple.tuple(GrantSource.AUTO_TOP_UP, 20L));
        assertThat(spent.draws().get(1).grantId()).isEqualTo(older.id());
        assertThat(team.grants()).singleElement().satisfies(g -> {
            assertThat(g.id()).isEqualTo(newer.id());
            assertThat(g.remaining()).isEqualTo(30);
        });
        assertThat(team.balance()).isEqualTo(30);
    }

    @Test
    void aGrantThatExpiresSoonerIsSpentFirstAtTheSamePriority() {
        Team team = Team.create(TeamId.of("acme"), "team", 3, OLIVIA, 1, JAN_1, CREATION);
        team.grant(GrantSource.PLAN, JAN_1, expiring(10, FEB_1.plusSeconds(100)));
        Grant sooner = team.grant(GrantSource.PLAN, JAN_1, expiring(10, FEB_1));
        LedgerEntry.CreditsConsumed spent = team.consume(olivia(team), 5, JAN_1, null);
        assertThat(spent.draws()).singleElement().extracting(LedgerEntry.Draw::grantId).isEqualTo(sooner.id());
    }

    @Test
    void expiredCreditsAreNeverSpentAndTheirExpiryIsDatedAtTheirEnd() {
        Team team = givenTeamWithPlanCredits(100);
        team.grant(GrantSource.TOP_UP, JAN_1, forever(30));
        team.drainPendingLedger();

        team.expireDueBy(FEB_1.plusSeconds(3600));

        assertThat(team.balance()).isEqualTo(30);
        assertThat(team.pendingLedger()).singleElement().isEqualTo(
                new LedgerEntry.CreditsExpired(FEB_1, 1, GrantSource.PLAN, 100));
        assertThatThrownBy(() -> team.consume(olivia(team), 31, FEB_1, null))
                .isInstanceOf(IllegalStateException.class);
        assertThat(team.balance()).isEqualTo(30);
    }

    @Test
    void theBalanceNeverGoesBelowZero() {
        Team team = givenTeamWithPlanCredits(10);
        assertThatThrownBy(() -> team.consume(olivia(team), 11, JAN_1, null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exceeds the balance");
        assertThat(team.balance()).isEqualTo(10);
    }

    @Test
    void usageCountsPerCalendarMonthAndStartsAgainEachMonth() {
        Team team = givenTeamWithPlanCredits(100);
        team.grant(GrantSource.TOP_UP, JAN_1, forever(100));
        team.consume(olivia(team), 30, Instant.parse("2026-01-31T23:00:00Z"), null);
        team.consume(olivia(team), 20, Instant.parse("2026-02-01T01:00:00Z"), null);
        assertThat(team.usageIn(OLIVIA, java.time.YearMonth.of(2026, 2))).isEqualTo(20);
        assertThat(team.usageIn(OLIVIA, java.time.YearMonth.of(2026, 1))).isZero();
    }

    @Test
    void aCopyIsIndependentOfTheOriginal() {
        Team team = givenTeamWithPlanCredits(100);
        Team copy = team.copy();
        copy.consume(copy.member(OLIVIA).orElseThrow(), 40, JAN_1, null);
        assertThat(team.balance()).isEqualTo(100);
        assertThat(team.grants().get(0).remaining()).isEqualTo(100);
        assertThat(copy.balance()).isEqualTo(60);
    }

    @Test
    void aCopyKeepsItsOwnReservations() {
        Team team = givenTeamWithPlanCredits(100);
        team.reserve(olivia(team), 60, JAN_1, JAN_1.plusSeconds(600), RequestId.of("gen-1"));
        Team copy = team.copy();

        copy.settle(RequestId.of("gen-1"), OLIVIA, LedgerEntry.Ending.SETTLED, 10, JAN_1.plusSeconds(60), null);

        assertThat(team.reservations()).singleElement().extracting(Reservation::credits).isEqualTo(60L);
        assertThat(team.balance()).isEqualTo(40);
        assertThat(team.usageIn(OLIVIA, java.time.YearMonth.of(2026, 1))).isEqualTo(60);
        assertThat(copy.reservations()).isEmpty();
        assertThat(copy.balance()).isEqualTo(90);
        assertThat(copy.usageIn(OLIVIA, java.time.YearMonth.of(2026, 1))).isEqualTo(10);
    }

    @Test
    void aReservationIsEndedOnceAndNeverSpendsMoreThanItHolds() {
        Team team = givenTeamWithPlanCredits(100);
        RequestId gen = RequestId.of("gen-1");
        team.reserve(olivia(team), 60, JAN_1, JAN_1.plusSeconds(600), gen);
        assertThatThrownBy(() -> team.reserve(olivia(team), 1, JAN_1, JAN_1.plusSeconds(600), gen))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> team.settle(gen, OLIVIA, LedgerEntry.Ending.SETTLED, 61, JAN_1, null))
                .isInstanceOf(IllegalStateException.class);

        team.settle(gen, OLIVIA, LedgerEntry.Ending.SETTLED, 60, JAN_1, null);

        assertThatThrownBy(() -> team.settle(gen, OLIVIA, LedgerEntry.Ending.RELEASED, 0, JAN_1, null))
                .isInstanceOf(IllegalStateException.class);
        assertThat(team.balance()).isEqualTo(40);
        team.checkBalance();
    }

    @Test
    void aCommandNeverRunsBeforeAnInstantTheTeamHasSeen() {
        Team team = givenTeamWithPlanCredits(100);
        assertThat(team.observe(FEB_1)).isEqualTo(FEB_1);
        assertThat(team.observe(FEB_1.minusSeconds(1))).as("a stale clock reading").isEqualTo(FEB_1);
        assertThat(team.lastSeen()).isEqualTo(FEB_1);
    }

    @Test
    void creditsGivenBackLowerOnlyTheUsageOfTheMonthTheyWereCountedIn() {
        Usage january = new Usage(java.time.YearMonth.of(2026, 1), 100);
        assertThat(january.minus(java.time.YearMonth.of(2026, 1), 30).credits()).isEqualTo(70);
        assertThat(january.minus(java.time.YearMonth.of(2025, 12), 30)).isEqualTo(january);
        assertThatThrownBy(() -> january.minus(java.time.YearMonth.of(2026, 1), 101))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void usageIsNeverMovedBackToAnEarlierMonth() {
        Usage february = new Usage(java.time.YearMonth.of(2026, 2), 100);
        assertThatThrownBy(() -> february.plus(java.time.YearMonth.of(2026, 1), 10))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void savingAutoTopUpSettingsAgainKeepsItDisarmedUntilThePoolRecovers() {
        AutoTopUp fired = AutoTopUp.configured(true, 500, 100).withArmed(false);
        assertThat(AutoTopUp.configured(true, 500, 100).replacing(fired).armed()).isFalse();
        assertThat(AutoTopUp.configured(true, 500, 100).replacing(AutoTopUp.OFF).armed()).isTrue();
        assertThat(AutoTopUp.OFF.replacing(fired)).isEqualTo(AutoTopUp.OFF);
    }

    @Test
    void whatAutoTopUpSpentThisBillingMonthCountsWhateverHappensToTheSettings() {
        AutoTopUp spent = AutoTopUp.configured(true, 500, 100, 1_000L).paid(600);

        AutoTopUp off = AutoTopUp.OFF.replacing(spent);
        AutoTopUp onAgain = AutoTopUp.configured(true, 500, 100, 1_000L).replacing(off);
        AutoTopUp changed = AutoTopUp.configured(true, 300, 200, 2_000L).replacing(onAgain);

        assertThat(off.enabled()).isFalse();
        assertThat(off.spentThisCycle()).isEqualTo(600);
        assertThat(onAgain.spentThisCycle()).isEqualTo(600);
        assertThat(onAgain.withinCap(400)).isTrue();
        assertThat(onAgain.withinCap(401)).isFalse();
        assertThat(changed.spentThisCycle()).isEqualTo(600);
        assertThat(off.newMonth()).as("only a new billing month starts from nothing").isEqualTo(AutoTopUp.OFF);
        assertThat(onAgain.newMonth().spentThisCycle()).isZero();
    }

    @Test
    void theBalanceCheckCatchesADriftBetweenGrantsAndBalance() {
        Team team = givenTeamWithPlanCredits(100);
        team.checkBalance();
        Team restored = Team.restore(team.id(), "team", 3, 1, JAN_1, team.cycle(), team.members(),
                List.of(Grant.restore(1, GrantSource.PLAN, 100, -5, JAN_1, FEB_1, 0)), java.util.Map.of(),
                AutoTopUp.OFF, List.of(), 2, 1, JAN_1, CREATION);
        assertThatThrownBy(restored::checkBalance).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("negative");
    }
}
