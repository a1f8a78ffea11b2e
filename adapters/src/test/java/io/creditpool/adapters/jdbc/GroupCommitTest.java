package io.creditpool.adapters.jdbc;

import io.creditpool.kernel.domain.GrantTerms;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.Team;
import io.creditpool.kernel.domain.TeamId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands that queue for a team while its transaction runs are committed together; each still sees what the one
 * before it left, and one that fails leaves the team as it found it without taking the others down.
 */
class GroupCommitTest {
    private static final TeamId ACME = TeamId.of("acme");
    private static final MemberId OLIVIA = MemberId.of("olivia");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static Function<io.creditpool.kernel.port.out.TeamUnit, Long> consume(long credits) {
        return unit -> {
            Team team = unit.team().orElseThrow();
            team.consume(team.member(OLIVIA).orElseThrow(), credits, NOW, null);
            return team.balance();
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void queuedCommandsCommitTogetherAndAFailedOneChangesNothing(String kind) throws Exception {
        try (JdbcCreditStore store = JdbcCreditStore.open(TestDatabases.of(kind))) {
            store.inTransaction(ACME, unit -> {
                Team team = Team.create(ACME, "p", 1, OLIVIA, 1, NOW, new Team.Creation("create", null));
                team.startCycle(team.cycle(), new GrantTerms(1000, team.cycle().end(), 0, List.of()));
                unit.create(team);
                return null;
            });
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(4);
            Future<Long> first = threads.submit(() -> store.inTransaction(ACME, unit -> {
                inside.countDown();
                try {
                    release.await();       // holds the team's transaction while the others queue
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return consume(1).apply(unit);
            }));
            assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
            List<Future<Long>> queued = new ArrayList<>();
            queued.add(threads.submit(() -> store.inTransaction(ACME, consume(10))));
            Thread.sleep(100);
            queued.add(threads.submit(() -> store.inTransaction(ACME, unit -> {
                consume(20).apply(unit);
                throw new IllegalStateException("this command fails after spending 20");
            })));
            Thread.sleep(100);
            queued.add(threads.submit(() -> store.inTransaction(ACME, consume(30))));
            Thread.sleep(300);
            release.countDown();

            assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(999);
            assertThat(queued.get(0).get(30, TimeUnit.SECONDS)).isEqualTo(989);
            assertThat(queued.get(1)).failsWithin(30, TimeUnit.SECONDS).withThrowableThat()
                    .withMessageContaining("this command fails after spending 20");
            assertThat(queued.get(2).get(30, TimeUnit.SECONDS)).as("sees 10 spent, not the failed 20").isEqualTo(959);
            threads.shutdown();

            long stored = store.inTransaction(ACME, unit -> unit.team().orElseThrow().balance());
            assertThat(stored).isEqualTo(959);
            assertThat(store.ledger(ACME)).filteredOn(e -> e instanceof LedgerEntry.CreditsConsumed)
                    .extracting(e -> ((LedgerEntry.CreditsConsumed) e).credits()).containsExactly(1L, 10L, 30L);
            assertThat(store.ledgerMismatches()).isEmpty();
            store.closeAndDiscard();
        }
    }
}
