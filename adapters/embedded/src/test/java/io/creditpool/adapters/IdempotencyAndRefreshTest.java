package io.creditpool.adapters;

import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.TeamMetrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import static io.creditpool.adapters.Given.ACME;
import static io.creditpool.adapters.Given.ALICE;
import static io.creditpool.adapters.Given.ENT;
import static io.creditpool.adapters.Given.OLIVIA;
import static io.creditpool.adapters.Given.STD;
import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyAndRefreshTest {
    @Test
    void aReplayedConsumptionReturnsTheFirstDecisionAndChangesNothing() {
        Given given = Given.creditpool().team(STD, 2);
        Decision first = given.consume(ALICE, 120, "gen-1");
        int ledgerSize = given.pool.ledger(ACME).size();

        Decision replay = given.consume(ALICE, 120, "gen-1");

        assertThat(replay).isEqualTo(first);
        assertThat(given.metrics().balance()).isEqualTo(880);
        assertThat(given.pool.ledger(ACME)).hasSize(ledgerSize);
    }

    @Test
    void aReplayOfADenialIsTheSameDenialEvenWhenItWouldNowBeAccepted() {
        Given given = Given.creditpool().team(STD, 2);
        Decision first = given.consume(ALICE, 5000, "gen-1");
        given.pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 10_000, null));

        assertThat(given.consume(ALICE, 5000, "gen-1")).isEqualTo(first);
        assertThat(first.denial()).isEqualTo(DenialCode.INSUFFICIENT_CREDITS);
        assertThat(given.metrics().balance()).isEqualTo(11_000);
    }

    @Test
    void theSameRequestIdWithOtherContentIsAConflictThatChangesNothing() {
        Given given = Given.creditpool().team(STD, 2);
        given.consume(ALICE, 120, "gen-1");

        Decision conflict = given.consume(ALICE, 121, "gen-1");

        assertThat(conflict.denial()).isEqualTo(DenialCode.REQUEST_CONFLICT);
        assertThat(conflict.reason()).startsWith("id:");
        assertThat(given.metrics().balance()).isEqualTo(880);
    }

    @Test
    void creatingATeamTwiceIsAReplayAndWithOtherTermsAConflict() {
        Given given = Given.creditpool().team(STD, 2);
        CreateTeamCommand same = new CreateTeamCommand(ACME, STD.name(), 2, OLIVIA, 1, null);

        assertThat(given.pool.createTeam(same).accepted()).isTrue();
        assertThat(given.pool.createTeam(new CreateTeamCommand(ACME, STD.name(), 9, OLIVIA, 1, null)).denial())
                .isEqualTo(DenialCode.REQUEST_CONFLICT);
        assertThat(given.metrics().seatsTotal()).isEqualTo(2);
        assertThat(given.metrics().balance()).isEqualTo(1000);
    }

    @Test
    void anUnknownTeamOrPlanIsDeniedNamingIt() {
        Given given = Given.creditpool();
        Decision noTeam = given.pool.consume("nobody", "alice", 1, null);
        assertThat(noTeam.denial()).isEqualTo(DenialCode.UNKNOWN_TEAM);
        assertThat(noTeam.reason()).startsWith("team:");
        Decision noPlan = given.pool.createTeam(new CreateTeamCommand(TeamId.of("x"), "gold", 1, OLIVIA, 1, null));
        assertThat(noPlan.denial()).isEqualTo(DenialCode.INVALID_INPUT);
        assertThat(noPlan.reason()).startsWith("plan:");
        assertThat(given.pool.metrics(TeamId.of("x"))).isEmpty();
    }

    /**
     * Guarantee 9: a team untouched for over a year ends in the same state, with the same ledger, as a team looked
     * at every few hours; split the run anywhere and the result is the same.
     */
    @Test
    void aLateRefreshGivesTheSameStateAndLedgerAsRefreshesOnTime() {
        Given onTime = Given.creditpool();
        Given late = Given.creditpool();
        for (Given g : List.of(onTime, late)) {
            g.pool.createTeam(new CreateTeamCommand(ACME, ENT.name(), 3, OLIVIA, 31, null));
            g.pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 700, null));
            g.consume(OLIVIA, 1200, null);
        }
        Random random = new Random(42);
        Instant end = Given.JAN_1.plus(Duration.ofDays(400));
        while (onTime.clock.now().isBefore(end)) {
            onTime.clock.advance(Duration.ofHours(1 + random.nextInt(72)));
            onTime.metrics();
        }
        late.clock.advanceTo(onTime.clock.now());

        TeamMetrics a = onTime.metrics();
        TeamMetrics b = late.metrics();
        assertThat(b).isEqualTo(a);
        assertThat(late.ledgerOfAnyStore(ACME)).isEqualTo(onTime.ledgerOfAnyStore(ACME));
        assertThat(b.topUpCredits()).isEqualTo(700);
        assertThat(b.planCredits()).isEqualTo(1500);
        long expiries = late.pool.ledger(ACME).stream().filter(e -> e instanceof LedgerEntry.CreditsExpired).count();
        assertThat(expiries).isEqualTo(13);    // 13 cycle ends in 400 days from Jan 1 with anchor 31
        late.assertGuaranteesHold();
    }

    @Test
    void aRemovedMemberCanNoLongerSpend() {
        Given given = Given.creditpool().team(STD, 2);
        given.pool.remove(new io.creditpool.kernel.port.in.RemoveMemberCommand(ACME, OLIVIA, ALICE, null));

        Decision decision = given.consume(ALICE, 1, null);

        assertThat(decision.denial()).isEqualTo(DenialCode.UNKNOWN_MEMBER);
        assertThat(decision.reason()).startsWith("member:");
        assertThat(given.pool.metrics(ACME).orElseThrow().member(MemberId.of("alice"))).isNull();
    }
}
