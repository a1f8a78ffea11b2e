package io.creditpool.adapters.scenario;

import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A team's ledger with cycles passed over at once exports as any other: the cycles are the rules' clock's to pass. */
class LedgerExportOfLongAbsenceTest {
    @Test
    void theEntryForCyclesPassedOverIsNotAStepNorSomethingMissing() {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (Creditpool pool = Creditpool.builder().clock(clock).store(StoreSettings.MEMORY).build()) {
            TeamId acme = TeamId.of("acme");
            assertThat(pool.createTeam(new CreateTeamCommand(acme, "team", 2, MemberId.of("olivia"), 1, null))
                    .accepted()).isTrue();
            clock.advanceTo(Instant.parse("2031-06-10T00:00:00Z"));
            assertThat(pool.consume("acme", "olivia", 10, "gen-1").accepted()).isTrue();
            assertThat(pool.ledger(acme)).anyMatch(e -> e instanceof LedgerEntry.SettingChanged s
                    && s.setting().equals("billing cycles"));

            LedgerExport.Result export = LedgerExport.of("acme", pool.ledger(acme), pool.requests(acme), null, null,
                    new LedgerExport.Origin("memory", "everything", clock.now(), "ledger export acme"));
            assertThat(export.text()).doesNotContain("billing cycles").contains("consume:");
        }
    }
}
