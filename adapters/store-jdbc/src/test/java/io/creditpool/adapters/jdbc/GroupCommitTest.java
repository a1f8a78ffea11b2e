package io.creditpool.adapters.jdbc;

import io.creditpool.kernel.domain.GrantTerms;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Team;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.RecordedRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
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

    /**
     * A caller interrupted while its command waits for the team's transaction leaves with an error and its command
     * never runs (it had not been taken into a transaction); the lane goes on serving the others.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void aCommandInterruptedWhileItWaitsLeavesAndNeverRuns(String kind) throws Exception {
        try (JdbcCreditStore store = JdbcCreditStore.open(TestDatabases.of(kind))) {
            store.inTransaction(ACME, unit -> {
                Team team = Team.create(ACME, "p", 1, OLIVIA, 1, NOW, new Team.Creation("create", null));
                team.startCycle(team.cycle(), new GrantTerms(1000, team.cycle().end(), 0, List.of()));
                unit.create(team);
                return null;
            });
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            Future<Long> holder = threads.submit(() -> store.inTransaction(ACME, unit -> {
                inside.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return consume(1).apply(unit);
            }));
            assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            Thread waiting = new Thread(() -> {
                try {
                    store.inTransaction(ACME, consume(10));
                } catch (RuntimeException e) {
                    failure.set(e);
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                }
            });
            waiting.start();
            for (int i = 0; i < 3000 && waiting.getState() != Thread.State.WAITING; i++) {
                Thread.sleep(10);
            }
            assertThat(waiting.getState()).as("queued behind the held transaction").isEqualTo(Thread.State.WAITING);
            waiting.interrupt();
            waiting.join(30_000);
            assertThat(failure.get()).isInstanceOf(io.creditpool.kernel.port.out.StoreUnavailableException.class)
                    .hasMessageContaining("nothing was changed");
            assertThat(stillInterrupted).as("the caller's interrupt is kept").isTrue();
            release.countDown();
            assertThat(holder.get(30, TimeUnit.SECONDS)).isEqualTo(999);

            Future<Long> after = threads.submit(() -> store.inTransaction(ACME, unit -> unit.team().orElseThrow()
                    .balance()));
            assertThat(after.get(30, TimeUnit.SECONDS)).as("the lane serves the next command").isEqualTo(999);
            threads.shutdown();
            assertThat(store.ledger(ACME)).filteredOn(e -> e instanceof LedgerEntry.CreditsConsumed)
                    .extracting(e -> ((LedgerEntry.CreditsConsumed) e).credits()).containsExactly(1L);
            store.closeAndDiscard();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void requestRecordsInOneBatchAreSeenWhetherFetchedAheadOrAskedFor(String kind) throws Exception {
        RequestId earlier = RequestId.of("earlier");
        RequestId inBatch = RequestId.of("in-batch");
        RequestId failed = RequestId.of("failed");
        try (JdbcCreditStore store = JdbcCreditStore.open(TestDatabases.of(kind))) {
            store.inTransaction(ACME, unit -> {
                unit.create(Team.create(ACME, "p", 1, OLIVIA, 1, NOW, new Team.Creation("create", null)));
                unit.record(earlier, RecordedRequest.inProgress("first"));
                return null;
            });
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(4);
            Future<Object> holder = threads.submit(() -> store.inTransaction(ACME, unit -> {
                inside.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            }));
            assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
            List<Future<List<Optional<RecordedRequest>>>> queued = new ArrayList<>();
            // fetched ahead: a record from an earlier transaction, replaced by this one
            queued.add(threads.submit(() -> store.inTransaction(ACME, earlier, unit -> {
                Optional<RecordedRequest> seen = unit.request(earlier);
                unit.record(earlier, RecordedRequest.inProgress("first, replaced"));
                unit.record(inBatch, RecordedRequest.inProgress("second"));
                return List.of(seen);
            })));
            Thread.sleep(100);
            queued.add(threads.submit(() -> store.inTransaction(ACME, failed, unit -> {
                unit.record(failed, RecordedRequest.inProgress("lost"));
                throw new IllegalStateException("fails: its record must not stay");
            })));
            Thread.sleep(100);
            // asked for without notice: what the jobs before it in the same batch recorded, and nothing else
            queued.add(threads.submit(() -> store.inTransaction(ACME, unit -> List.of(unit.request(earlier),
                    unit.request(inBatch), unit.request(failed), unit.request(RequestId.of("never"))))));
            Thread.sleep(300);
            release.countDown();
            holder.get(30, TimeUnit.SECONDS);

            assertThat(queued.get(0).get(30, TimeUnit.SECONDS).get(0)).contains(RecordedRequest.inProgress("first"));
            assertThat(queued.get(1)).failsWithin(30, TimeUnit.SECONDS);
            List<Optional<RecordedRequest>> seen = queued.get(2).get(30, TimeUnit.SECONDS);
            assertThat(seen.get(0)).contains(RecordedRequest.inProgress("first, replaced"));
            assertThat(seen.get(1)).contains(RecordedRequest.inProgress("second"));
            assertThat(seen.get(2)).isEmpty();
            assertThat(seen.get(3)).isEmpty();
            threads.shutdown();

            Optional<RecordedRequest> failedAfter = store.inTransaction(ACME, failed, unit -> unit.request(failed));
            Optional<RecordedRequest> inBatchAfter = store.inTransaction(ACME, inBatch, unit -> unit.request(inBatch));
            assertThat(failedAfter).as("after the batch").isEmpty();
            assertThat(inBatchAfter).contains(RecordedRequest.inProgress("second"));
            store.closeAndDiscard();
        }
    }
}
