package io.creditpool.adapters.jdbc;

import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.LedgerPage;
import io.creditpool.kernel.port.out.CreditStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A page of a team's ledger is the run of entries it names, read from the store without the rest. */
class LedgerPageTest {
    private static final TeamId ACME = TeamId.of("acme");
    private static final Plan ENT = new Plan("ent", Tier.ENTERPRISE, 500, 4, "USD");

    @ParameterizedTest
    @ValueSource(strings = {"memory", "sqlite", "h2", "postgres"})
    void pagesWalkTheLedgerFromTheNewestEntryToTheFirst(String kind) {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        StoreSettings store = TestDatabases.of(kind);
        try (Creditpool pool = Creditpool.builder().store(store).clock(clock).plans(List.of(ENT)).build()) {
            pool.createTeam(new CreateTeamCommand(ACME, "ent", 4, MemberId.of("olivia"), 1, null));
            for (int i = 0; i < 23; i++) {
                pool.consume("acme", "olivia", 1 + i, "gen-" + i);
                clock.advance(Duration.ofMinutes(1));
            }
            List<LedgerEntry> whole = pool.ledger(ACME);
            CreditStore credits = pool.component(CreditStore.class);
            assertThat(credits.ledgerSize(ACME)).isEqualTo(whole.size());
            assertThat(credits.ledgerSize(TeamId.of("nobody"))).isZero();
            assertThat(credits.ledger(ACME, 3, 7)).isEqualTo(whole.subList(2, 7));
            assertThat(credits.ledger(ACME, -5, 2)).isEqualTo(whole.subList(0, 2));
            assertThat(credits.ledger(ACME, whole.size() - 1, whole.size() + 10))
                    .isEqualTo(whole.subList(whole.size() - 2, whole.size()));
            assertThat(credits.ledger(ACME, 9, 8)).isEmpty();

            // pages of 10 from the newest, each going on below the first entry of the one before
            List<LedgerEntry> walked = new ArrayList<>();
            Long before = null;
            int pages = 0;
            do {
                LedgerPage page = pool.ledgerPage(ACME, before, 10);
                assertThat(page.size()).isEqualTo(whole.size());
                walked.addAll(0, page.entries());
                before = page.firstSeq() > 1 ? page.firstSeq() : null;
                assertThat(page.entries()).isEqualTo(whole.subList((int) page.firstSeq() - 1,
                        (int) page.firstSeq() - 1 + page.entries().size()));
                pages++;
            } while (before != null);
            assertThat(walked).isEqualTo(whole);
            assertThat(pages).isEqualTo((whole.size() + 9) / 10);
            assertThat(pool.ledgerPage(ACME, 1L, 10).entries()).isEmpty();
            assertThat(pool.ledgerPage(TeamId.of("nobody"), null, 10).size()).isZero();
            assertThatThrownBy(() -> pool.ledgerPage(ACME, null, 0)).isInstanceOf(IllegalArgumentException.class);
            if (credits instanceof JdbcCreditStore jdbc) {
                jdbc.closeAndDiscard();
            }
        }
    }
}
