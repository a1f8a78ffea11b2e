package io.creditpool.adapters;

import com.google.inject.AbstractModule;
import io.creditpool.adapters.memory.InMemoryCreditStore;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.InviteMemberCommand;
import io.creditpool.kernel.port.in.ReleaseReservationCommand;
import io.creditpool.kernel.port.in.ReserveCreditsCommand;
import io.creditpool.kernel.port.in.SettleReservationCommand;
import io.creditpool.kernel.port.in.TeamMetrics;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.TeamUnit;
import io.creditpool.kernel.service.KernelRules;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static io.creditpool.adapters.Given.ACME;
import static io.creditpool.adapters.Given.ALICE;
import static io.creditpool.adapters.Given.ENT;
import static io.creditpool.adapters.Given.OLIVIA;
import static io.creditpool.adapters.Given.STD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Reservations for long generations: credits held count against the pool and the member's limit, the real cost is
 * settled and the rest goes back to the grants it came from, and a reservation nobody ends releases itself.
 */
class ReservationTest {
    private static final MemberId BOB = MemberId.of("bob");

    private static Decision reserve(Given given, MemberId member, long credits, Duration holdFor, String id) {
        Decision decision = given.pool.reserve(new ReserveCreditsCommand(ACME, member, credits, holdFor,
                RequestId.of(id)));
        given.pool.settlePurchases();
        return decision;
    }

    private static Decision settle(Given given, MemberId member, String reservation, long credits, String id) {
        return given.pool.settle(new SettleReservationCommand(ACME, member, RequestId.of(reservation), credits,
                RequestId.ofNullable(id)));
    }

    private static Decision release(Given given, MemberId member, String reservation) {
        return given.pool.release(new ReleaseReservationCommand(ACME, member, RequestId.of(reservation), null));
    }

    private static <T extends LedgerEntry> List<T> ledger(Given given, Class<T> type) {
        return given.pool.ledger(ACME).stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void heldCreditsLeaveTheBalanceAndCountInUsageUntilSettledThenOnlyTheCostIsSpent() {
        Given given = Given.creditpool().team(STD, 2);                  // 1000 plan credits

        assertThat(reserve(given, ALICE, 300, Duration.ofMinutes(10), "gen-1").accepted()).isTrue();
        TeamMetrics holding = given.metrics();
        assertThat(holding.balance()).isEqualTo(700);
        assertThat(holding.held()).isEqualTo(300);
        assertThat(holding.heldBy(ALICE)).isEqualTo(300);
        assertThat(holding.member(ALICE).usageThisMonth()).isEqualTo(300);
        assertThat(holding.reservations()).singleElement().satisfies(r -> {
            assertThat(r.reservation()).isEqualTo(RequestId.of("gen-1"));
            assertThat(r.expiresAt()).isEqualTo(Given.JAN_1.plus(Duration.ofMinutes(10)));
        });
        given.assertGuaranteesHold();

        Decision settled = settle(given, ALICE, "gen-1", 120, null);

        assertThat(settled.accepted()).isTrue();
        assertThat(settled.balance()).isEqualTo(880);
        TeamMetrics after = given.metrics();
        assertThat(after.balance()).isEqualTo(880);
        assertThat(after.planCredits()).isEqualTo(880);
        assertThat(after.held()).isZero();
        assertThat(after.reservations()).isEmpty();
        assertThat(after.member(ALICE).usageThisMonth()).isEqualTo(120);
        LedgerEntry.ReservationSettled entry = ledger(given, LedgerEntry.ReservationSettled.class).get(0);
        assertThat(entry.ending()).isEqualTo(LedgerEntry.Ending.SETTLED);
        assertThat(entry.consumed()).isEqualTo(120);
        assertThat(entry.balanceChange()).isEqualTo(180);
        assertThat(entry.by()).isEqualTo(ALICE);
        assertThat(ledger(given, LedgerEntry.CreditsReserved.class)).singleElement()
                .satisfies(r -> assertThat(r.balanceChange()).isEqualTo(-300));
        given.assertGuaranteesHold();
    }

    @Test
    void theCostIsTakenFromTheSoonestExpiringCreditsHeldAndTheRestGoesBackToItsGrants() {
        Given given = Given.creditpool().team(STD, 2);
        given.pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 500, null));
        given.consume(OLIVIA, 900, null);                                // 100 plan + 500 top-up left

        reserve(given, ALICE, 400, null, "gen-1");                        // 100 plan + 300 top-up held
        settle(given, ALICE, "gen-1", 150, null);

        LedgerEntry.ReservationSettled entry = ledger(given, LedgerEntry.ReservationSettled.class).get(0);
        assertThat(entry.consumedDraws()).extracting(LedgerEntry.Draw::source, LedgerEntry.Draw::credits)
                .containsExactly(tuple(GrantSource.PLAN, 100L), tuple(GrantSource.TOP_UP, 50L));
        assertThat(entry.releasedDraws()).extracting(LedgerEntry.Draw::source, LedgerEntry.Draw::credits)
                .containsExactly(tuple(GrantSource.TOP_UP, 250L));
        assertThat(given.metrics().planCredits()).isZero();
        assertThat(given.metrics().topUpCredits()).isEqualTo(450);
        given.assertGuaranteesHold();
    }

    @Test
    void aGrantAReservationEmptiedIsOpenedAgainWhenItsCreditsComeBack() {
        Given given = Given.creditpool().team(STD, 2);
        given.pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 100, null));

        reserve(given, ALICE, 1050, null, "gen-1");                       // the plan grant reaches 0 and closes
        assertThat(given.metrics().grants()).singleElement()
                .satisfies(g -> assertThat(g.source()).isEqualTo(GrantSource.TOP_UP));
        assertThat(release(given, ALICE, "gen-1").accepted()).isTrue();

        TeamMetrics after = given.metrics();
        assertThat(after.grants()).extracting(TeamMetrics.GrantBalance::source, TeamMetrics.GrantBalance::remaining)
                .containsExactly(tuple(GrantSource.PLAN, 1000L), tuple(GrantSource.TOP_UP, 100L));
        assertThat(after.grants().get(0).expiresAt()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(after.member(ALICE).usageThisMonth()).isZero();
        // burn order is as before: the plan credits are spent first again
        given.consume(ALICE, 10, null);
        assertThat(given.metrics().planCredits()).isEqualTo(990);
        given.assertGuaranteesHold();
    }

    @Test
    void settlingMoreThanTheReservationHoldsIsInvalidInputAndChangesNothing() {
        Given given = Given.creditpool().team(STD, 2);
        reserve(given, ALICE, 100, null, "gen-1");

        Decision over = settle(given, ALICE, "gen-1", 101, null);

        assertThat(over.denial()).isEqualTo(DenialCode.INVALID_INPUT);
        assertThat(over.reason()).startsWith("amount:").contains("100");
        assertThat(given.metrics().held()).isEqualTo(100);
        assertThat(given.metrics().balance()).isEqualTo(900);
        assertThatThrownBy(() -> settle(given, ALICE, "gen-1", -1, null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("amount"));
        given.assertGuaranteesHold();
    }

    @Test
    void aReservationIsSettledOnceAndAnUnknownOneIsNamed() {
        Given given = Given.creditpool().team(STD, 2);
        reserve(given, ALICE, 100, null, "gen-1");
        assertThat(settle(given, ALICE, "gen-1", 100, null).accepted()).isTrue();

        Decision again = settle(given, ALICE, "gen-1", 0, null);
        Decision released = release(given, ALICE, "gen-1");
        Decision unknown = release(given, ALICE, "gen-9");

        for (Decision d : List.of(again, released, unknown)) {
            assertThat(d.denial()).isEqualTo(DenialCode.INVALID_INPUT);
            assertThat(d.reason()).startsWith("reservation: no open reservation");
            assertThat(d.rules()).containsExactly(KernelRules.SETTLE_ONCE_WITHIN_HOLD);
        }
        assertThat(given.metrics().balance()).isEqualTo(900);
        assertThat(given.metrics().member(ALICE).usageThisMonth()).isEqualTo(100);
        assertThat(ledger(given, LedgerEntry.ReservationSettled.class)).hasSize(1);
        given.assertGuaranteesHold();
    }

    @Test
    void heldCreditsCountAgainstTheMembersLimit() {
        Given given = Given.creditpool().team(STD, 2).limit(ALICE, 300);
        reserve(given, ALICE, 250, null, "gen-1");

        Decision consumption = given.consume(ALICE, 100, null);
        Decision reservation = reserve(given, ALICE, 51, null, "gen-2");

        assertThat(consumption.denial()).isEqualTo(DenialCode.MEMBER_LIMIT);
        assertThat(reservation.denial()).isEqualTo(DenialCode.MEMBER_LIMIT);
        assertThat(reserve(given, ALICE, 50, null, "gen-3").accepted()).as("exactly the limit").isTrue();
        release(given, ALICE, "gen-1");
        assertThat(given.consume(ALICE, 100, null).accepted()).as("released credits no longer count").isTrue();
        assertThat(given.metrics().member(ALICE).usageThisMonth()).isEqualTo(150);
        given.assertGuaranteesHold();
    }

    @Test
    void heldCreditsCountAgainstThePool() {
        Given given = Given.creditpool().team(STD, 2);
        reserve(given, OLIVIA, 900, null, "gen-1");

        Decision consumption = given.consume(ALICE, 101, null);
        Decision reservation = reserve(given, ALICE, 101, null, "gen-2");

        assertThat(consumption.denial()).isEqualTo(DenialCode.INSUFFICIENT_CREDITS);
        assertThat(reservation.denial()).isEqualTo(DenialCode.INSUFFICIENT_CREDITS);
        assertThat(given.consume(ALICE, 100, null).accepted()).isTrue();
        assertThat(given.metrics().balance()).isZero();
        assertThat(given.metrics().held()).isEqualTo(900);
        given.assertGuaranteesHold();
    }

    @Test
    void onlyTheMemberWhoReservedTheOwnerAndAdminsSettleOrRelease() {
        Given given = Given.creditpool().team(STD, 3);
        given.pool.invite(new InviteMemberCommand(ACME, OLIVIA, BOB, Role.MEMBER, null));
        reserve(given, ALICE, 100, null, "gen-1");
        reserve(given, ALICE, 100, null, "gen-2");

        Decision byBob = settle(given, BOB, "gen-1", 10, null);
        Decision releasedByBob = release(given, BOB, "gen-2");

        assertThat(byBob.denial()).isEqualTo(DenialCode.NOT_ALLOWED);
        assertThat(byBob.reason()).startsWith("member: bob is a member and may not settle a reservation of alice");
        assertThat(byBob.rules()).containsExactly(KernelRules.RESERVER_SETTLES);
        assertThat(releasedByBob.denial()).isEqualTo(DenialCode.NOT_ALLOWED);
        assertThat(given.metrics().held()).isEqualTo(200);
        assertThat(settle(given, OLIVIA, "gen-1", 10, null).accepted()).as("the owner").isTrue();
        given.pool.changeRole(new io.creditpool.kernel.port.in.ChangeRoleCommand(ACME, OLIVIA, BOB, Role.ADMIN,
                null));
        assertThat(release(given, BOB, "gen-2").accepted()).as("an admin").isTrue();
        assertThat(ledger(given, LedgerEntry.ReservationSettled.class)).extracting(LedgerEntry.ReservationSettled::by)
                .containsExactly(OLIVIA, BOB);
        assertThat(given.metrics().member(ALICE).usageThisMonth()).isEqualTo(10);
        assertThat(settle(given, MemberId.of("zed"), "gen-1", 1, null).denial()).isEqualTo(DenialCode.UNKNOWN_MEMBER);
        given.assertGuaranteesHold();
    }

    @Test
    void requestIdsMakeReservingAndSettlingIdempotent() {
        Given given = Given.creditpool().team(STD, 2);
        Decision reserved = reserve(given, ALICE, 300, Duration.ofMinutes(5), "gen-1");
        assertThat(reserve(given, ALICE, 300, Duration.ofMinutes(5), "gen-1")).isEqualTo(reserved);
        assertThat(given.metrics().held()).as("held once").isEqualTo(300);
        assertThat(reserve(given, ALICE, 301, Duration.ofMinutes(5), "gen-1").denial())
                .isEqualTo(DenialCode.REQUEST_CONFLICT);

        Decision settled = settle(given, ALICE, "gen-1", 120, "done-1");
        Decision replay = settle(given, ALICE, "gen-1", 120, "done-1");

        assertThat(replay).isEqualTo(settled);
        assertThat(settle(given, ALICE, "gen-1", 130, "done-1").denial()).isEqualTo(DenialCode.REQUEST_CONFLICT);
        assertThat(given.metrics().balance()).isEqualTo(880);
        assertThat(ledger(given, LedgerEntry.ReservationSettled.class)).hasSize(1);
        given.assertGuaranteesHold();
    }

    @Test
    void aReservationNeedsARequestIdAndAHoldOfASecondToADay() {
        assertThatThrownBy(() -> new ReserveCreditsCommand(ACME, ALICE, 1, null, null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("id"));
        for (Duration bad : List.of(Duration.ZERO, Duration.ofMillis(999), Duration.ofHours(24).plusSeconds(1),
                Duration.ofMinutes(-5))) {
            assertThatThrownBy(() -> new ReserveCreditsCommand(ACME, ALICE, 1, bad, RequestId.of("r")))
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            e -> assertThat(e.field()).isEqualTo("hold-for"));
        }
        assertThat(new ReserveCreditsCommand(ACME, ALICE, 1, null, RequestId.of("r")).holdFor())
                .isEqualTo(Duration.ofMinutes(15));
        assertThat(new ReserveCreditsCommand(ACME, ALICE, 1, Duration.ofHours(24), RequestId.of("r")).holdFor())
                .isEqualTo(Duration.ofHours(24));
        assertThatThrownBy(() -> new ReserveCreditsCommand(ACME, ALICE, 0, null, RequestId.of("r")))
                .hasMessageStartingWith("amount:");
    }

    @Test
    void aReservationNobodyEndsReleasesItselfDatedAtItsExpiry() {
        Given given = Given.creditpool().team(STD, 2);
        reserve(given, ALICE, 300, Duration.ofMinutes(10), "gen-1");

        given.clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        assertThat(given.metrics().held()).as("one second before its expiry").isEqualTo(300);
        given.clock.advance(Duration.ofHours(2));

        TeamMetrics after = given.metrics();
        assertThat(after.held()).isZero();
        assertThat(after.balance()).isEqualTo(1000);
        assertThat(after.member(ALICE).usageThisMonth()).isZero();
        assertThat(ledger(given, LedgerEntry.ReservationSettled.class)).singleElement().satisfies(e -> {
            assertThat(e.ending()).isEqualTo(LedgerEntry.Ending.EXPIRED);
            assertThat(e.at()).isEqualTo(Given.JAN_1.plus(Duration.ofMinutes(10)));
            assertThat(e.by()).isNull();
        });
        assertThat(settle(given, ALICE, "gen-1", 10, null).denial()).isEqualTo(DenialCode.INVALID_INPUT);
        given.assertGuaranteesHold();
    }

    @Test
    void creditsGivenBackAfterTheirCycleEndedExpireAtOnceAndLastMonthsUsageStays() {
        Given given = Given.creditpool().team(STD, 2);                    // cycle ends Feb 1, 00:00
        given.clock.advanceTo(Instant.parse("2026-01-31T23:00:00Z"));
        reserve(given, ALICE, 300, Duration.ofHours(2), "gen-1");
        given.clock.advanceTo(Instant.parse("2026-02-01T00:30:00Z"));
        assertThat(given.metrics().balance()).as("the new cycle's plan credits").isEqualTo(1000);

        settle(given, ALICE, "gen-1", 100, null);

        TeamMetrics after = given.metrics();
        assertThat(after.balance()).as("the 200 released went back to January's credits, which have expired")
                .isEqualTo(1000);
        assertThat(after.member(ALICE).usageThisMonth()).isZero();
        List<LedgerEntry> ledger = given.pool.ledger(ACME);
        LedgerEntry last = ledger.get(ledger.size() - 1);
        assertThat(last).isEqualTo(new LedgerEntry.CreditsExpired(Instant.parse("2026-02-01T00:30:00Z"), 1,
                GrantSource.PLAN, 200));
        given.assertGuaranteesHold();
    }

    @Test
    void releasedCreditsGoBackToTheirGrantWhileItLastsAndUsageThisMonthGoesDown() {
        Given given = Given.creditpool().team(STD, 2);
        given.clock.advanceTo(Instant.parse("2026-01-20T00:00:00Z"));
        reserve(given, ALICE, 300, Duration.ofHours(1), "gen-1");
        given.consume(ALICE, 50, null);
        release(given, ALICE, "gen-1");

        assertThat(given.metrics().balance()).isEqualTo(950);
        assertThat(given.metrics().member(ALICE).usageThisMonth()).isEqualTo(50);
        given.assertGuaranteesHold();
    }

    @Test
    void aReservationThatTakesThePoolBelowTheThresholdBuysTheAutoTopUpLikeAConsumption() {
        Given given = Given.creditpool().team(ENT, 2);
        given.pool.configureAutoTopUp(new ConfigureAutoTopUpCommand(ACME, OLIVIA, true, 500, 1000, null));

        Decision d = reserve(given, ALICE, 600, null, "gen-1");

        assertThat(d.accepted()).isTrue();
        assertThat(given.metrics().topUps()).isEqualTo(1);
        assertThat(given.metrics().balance()).isEqualTo(400 + 1000);
        release(given, ALICE, "gen-1");
        assertThat(given.metrics().balance()).isEqualTo(2000);
        given.assertGuaranteesHold();
    }

    /**
     * Guarantee 9 with reservations: reservations that run out while nobody looks, across cycle ends, leave the same
     * state and ledger as a team looked at every few minutes.
     */
    @Test
    void reservationsThatRunOutWhileTheTeamIsIdleGiveTheSameStateAndLedgerAsOnTime() {
        Given onTime = Given.creditpool();
        Given late = Given.creditpool();
        Instant nearTheEnd = Instant.parse("2026-01-31T23:00:00Z");
        for (Given g : List.of(onTime, late)) {
            g.pool.createTeam(new CreateTeamCommand(ACME, STD.name(), 2, OLIVIA, 1, null));
            g.pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 200, null));
            g.clock.advanceTo(nearTheEnd);
            reserve(g, OLIVIA, 1100, Duration.ofHours(1), "at-the-end");     // runs out exactly as the cycle ends
            reserve(g, OLIVIA, 50, Duration.ofMinutes(30), "before-the-end");
            reserve(g, OLIVIA, 40, Duration.ofHours(2), "after-the-end");
        }
        Random random = new Random(7);
        Instant end = nearTheEnd.plus(Duration.ofDays(3));
        while (onTime.clock.now().isBefore(end)) {
            onTime.clock.advance(Duration.ofMinutes(1 + random.nextInt(40)));
            onTime.metrics();
        }
        late.clock.advanceTo(onTime.clock.now());

        assertThat(late.metrics()).isEqualTo(onTime.metrics());
        assertThat(late.ledgerOfAnyStore(ACME)).isEqualTo(onTime.ledgerOfAnyStore(ACME));
        assertThat(late.metrics().held()).isZero();
        assertThat(late.metrics().topUpCredits()).isEqualTo(200);
        assertThat(late.metrics().planCredits()).isEqualTo(1000);
        late.assertGuaranteesHold();
    }

    @Test
    void theAuditFindsAReservationSettledTwiceAndHeldCreditsTheLedgerDoesNotExplain() {
        List<Function<List<LedgerEntry>, List<LedgerEntry>>> tampering = new ArrayList<>();
        Given given = Given.creditpool(b -> b.override(new AbstractModule() {
            @Override
            protected void configure() {
                bind(CreditStore.class).toInstance(new TamperedLedger(new InMemoryCreditStore(), tampering));
            }
        })).team(STD, 2);
        reserve(given, ALICE, 300, null, "gen-1");
        settle(given, ALICE, "gen-1", 100, null);
        reserve(given, ALICE, 50, null, "gen-2");
        given.assertGuaranteesHold();

        tampering.add(ledger -> {
            List<LedgerEntry> twice = new ArrayList<>(ledger);
            ledger.stream().filter(e -> e instanceof LedgerEntry.ReservationSettled).findFirst().ifPresent(twice::add);
            return twice;
        });
        assertThat(given.pool.audit(ACME)).anySatisfy(w -> assertThat(w).contains("gen-1 was settled more than once"))
                .anySatisfy(w -> assertThat(w).contains("balance 850 but the ledger sums to 1050"));

        tampering.set(0, ledger -> ledger.stream().filter(e -> !(e instanceof LedgerEntry.CreditsReserved r
                && r.reservation().value().equals("gen-2"))).toList());
        assertThat(given.pool.audit(ACME)).anySatisfy(w -> assertThat(w).startsWith("open reservations {gen-2=50}"));
    }

    /** A store whose ledger reads are changed by the test, to show that the audit notices. */
    private record TamperedLedger(CreditStore store, List<Function<List<LedgerEntry>, List<LedgerEntry>>> tampering)
            implements CreditStore {
        @Override
        public <T> T inTransaction(TeamId team, Function<TeamUnit, T> work) {
            return store.inTransaction(team, work);
        }

        @Override
        public List<LedgerEntry> ledger(TeamId team) {
            List<LedgerEntry> ledger = store.ledger(team);
            for (Function<List<LedgerEntry>, List<LedgerEntry>> change : tampering) {
                ledger = change.apply(ledger);
            }
            return ledger;
        }

        @Override
        public String installationId() {
            return store.installationId();
        }

        @Override
        public List<TeamId> teams() {
            return store.teams();
        }
    }
}
