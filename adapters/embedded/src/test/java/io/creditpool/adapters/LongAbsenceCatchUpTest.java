package io.creditpool.adapters;

import io.creditpool.kernel.domain.BillingCycle;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.TeamMetrics;
import io.creditpool.kernel.service.TeamCommands;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.creditpool.adapters.Given.ACME;
import static io.creditpool.adapters.Given.ENT;
import static io.creditpool.adapters.Given.OLIVIA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guarantee 9 for long absences: a team nobody touched for years (or, on a test clock, for millennia) is caught up
 * with work that does not grow with the number of cycles it missed, and ends in the state the cycles run one by one
 * would have left.
 */
class LongAbsenceCatchUpTest {
    private static Given teamWithTopUp() {
        Given given = Given.creditpool();
        given.pool.createTeam(new CreateTeamCommand(ACME, ENT.name(), 3, OLIVIA, 31, null));
        given.pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 700, null));
        given.consume(OLIVIA, 1200, null);
        return given;
    }

    @Test
    void aTeamUntouchedForEightThousandYearsIsCaughtUpWithAFewLedgerEntries() {
        Given given = teamWithTopUp();
        int before = given.pool.ledger(ACME).size();
        given.clock.advanceTo(Instant.parse("9999-12-15T10:00:00Z"));

        TeamMetrics m = given.metrics();
        assertThat(m.cycle()).isEqualTo(new BillingCycle(Instant.parse("9999-11-30T00:00:00Z"),
                Instant.parse("9999-12-31T00:00:00Z")));
        assertThat(m.planCredits()).isEqualTo(1500);
        assertThat(m.topUpCredits()).isEqualTo(700);
        assertThat(m.balance()).isEqualTo(2200);
        List<LedgerEntry> added = given.pool.ledger(ACME).subList(before, given.pool.ledger(ACME).size());
        // the first cycle's expiry, one entry for the cycles passed over, the current cycle's grant
        assertThat(added).hasSize(3);
        assertThat(added.get(0)).isInstanceOf(LedgerEntry.CreditsExpired.class);
        LedgerEntry.SettingChanged skipped = (LedgerEntry.SettingChanged) added.get(1);
        assertThat(skipped.setting()).isEqualTo("billing cycles");
        assertThat(skipped.value()).startsWith("95686 cycles from 2026-01-31T00:00:00Z to 9999-11-30T00:00:00Z");
        assertThat(added.get(2)).isInstanceOf(LedgerEntry.CreditsGranted.class);
        given.assertGuaranteesHold();
        // and the team goes on as usual from there
        assertThat(given.consume(OLIVIA, 2000, null).accepted()).isTrue();
        given.clock.advanceTo(Instant.parse("9999-12-31T00:00:00Z"));
        assertThat(given.metrics().balance()).isEqualTo(1500 + 200);
        given.assertGuaranteesHold();
    }

    @Test
    void passingOverCyclesLeavesTheStateThatCyclesOneByOneLeave() {
        Given onTime = teamWithTopUp();
        Given late = teamWithTopUp();
        Instant end = Instant.parse("2031-07-04T09:00:00Z");
        while (onTime.clock.now().isBefore(end)) {
            onTime.clock.advanceTo(onTime.clock.now().atOffset(ZoneOffset.UTC).plusDays(20).toInstant());
            onTime.metrics();
        }
        late.clock.advanceTo(onTime.clock.now());

        TeamMetrics a = onTime.metrics();
        TeamMetrics b = late.metrics();
        assertThat(b.cycle()).isEqualTo(a.cycle());
        assertThat(b.balance()).isEqualTo(a.balance());
        assertThat(b.planCredits()).isEqualTo(a.planCredits()).isEqualTo(1500);
        assertThat(b.topUpCredits()).isEqualTo(a.topUpCredits()).isEqualTo(700);
        assertThat(b.members()).isEqualTo(a.members());
        assertThat(b.autoTopUp()).isEqualTo(a.autoTopUp());
        assertThat(b.grants()).extracting(g -> g.source() + " " + g.remaining() + " " + g.expiresAt())
                .isEqualTo(a.grants().stream().map(g -> g.source() + " " + g.remaining() + " " + g.expiresAt())
                        .toList());
        long sumLate = late.pool.ledger(ACME).stream().mapToLong(LedgerEntry::balanceChange).sum();
        assertThat(sumLate).isEqualTo(b.balance());
        assertThat(late.pool.ledger(ACME).size()).isLessThan(onTime.pool.ledger(ACME).size());
        late.assertGuaranteesHold();
        onTime.assertGuaranteesHold();
    }

    @Test
    void upToTwoYearsMissedAreStillChangedOneByOneWithTheSameLedger() {
        Given onTime = teamWithTopUp();
        Given late = teamWithTopUp();
        Instant end = Given.JAN_1.atOffset(ZoneOffset.UTC).plusMonths(TeamCommands.CYCLES_ONE_BY_ONE).toInstant();
        while (onTime.clock.now().isBefore(end)) {
            onTime.clock.advanceTo(onTime.clock.now().atOffset(ZoneOffset.UTC).plusDays(9).toInstant());
            onTime.metrics();
        }
        late.clock.advanceTo(onTime.clock.now());
        assertThat(late.metrics()).isEqualTo(onTime.metrics());
        assertThat(late.ledgerOfAnyStore(ACME)).isEqualTo(onTime.ledgerOfAnyStore(ACME));
    }
}
