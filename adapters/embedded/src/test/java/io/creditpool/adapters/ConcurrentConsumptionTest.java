package io.creditpool.adapters;

import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpCommand;
import io.creditpool.kernel.port.in.InviteMemberCommand;
import org.junit.jupiter.api.RepeatedTest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.creditpool.adapters.Given.ACME;
import static io.creditpool.adapters.Given.ALICE;
import static io.creditpool.adapters.Given.ENT;
import static io.creditpool.adapters.Given.OLIVIA;
import static org.assertj.core.api.Assertions.assertThat;

/** Many threads spending from one pool at once: nothing is spent twice, nothing goes negative or over a limit. */
class ConcurrentConsumptionTest {
    private static final int THREADS = 16;

    @RepeatedTest(3)
    void sixteenThreadsNeverSpendMoreThanThePoolHeldNorPastALimit() throws Exception {
        Given given = Given.creditpool().team(ENT, 4).limit(ALICE, 700);    // a pool of 2000
        given.pool.invite(new InviteMemberCommand(ACME, OLIVIA, MemberId.of("bob"), Role.MEMBER, null));
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Long>> accepted = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            MemberId member = t % 2 == 0 ? ALICE : MemberId.of("bob");
            int thread = t;
            accepted.add(threads.submit(() -> {
                start.await();
                long sum = 0;
                for (int i = 0; i < 40; i++) {
                    Decision d = given.consume(member, 7, "t" + thread + "-" + i);
                    if (d.accepted()) {
                        sum += 7;
                    }
                }
                return sum;
            }));
        }
        start.countDown();
        long total = 0;
        for (Future<Long> f : accepted) {
            total += f.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();

        // 16 x 40 x 7 = 4480 asked for; the pool held 2000 (285 x 7 = 1995 fit), alice may spend at most 700,
        // and bob alone asks for 2240, so the pool always runs dry whoever wins the races
        assertThat(total).isEqualTo(1995);
        assertThat(given.metrics().balance()).isEqualTo(5);
        long alice = given.metrics().member(ALICE).usageThisMonth();
        assertThat(alice).isBetween(0L, 700L);
        assertThat(given.pool.ledger(ACME)).filteredOn(e -> e instanceof LedgerEntry.CreditsConsumed c
                && c.member().equals(ALICE)).extracting(e -> ((LedgerEntry.CreditsConsumed) e).credits())
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(Long.class))
                .satisfies(credits -> assertThat(credits.stream().mapToLong(Long::longValue).sum()).isEqualTo(alice));
        long ledgerConsumed = given.pool.ledger(ACME).stream().filter(e -> e instanceof LedgerEntry.CreditsConsumed)
                .mapToLong(e -> ((LedgerEntry.CreditsConsumed) e).credits()).sum();
        assertThat(ledgerConsumed).isEqualTo(total);
        given.assertGuaranteesHold();
    }

    @RepeatedTest(3)
    void aThresholdCrossingRacedByManyConsumersBuysOnce() throws Exception {
        Given given = Given.creditpool().team(ENT, 2);    // a pool of 1000
        given.pool.configureAutoTopUp(new ConfigureAutoTopUpCommand(ACME, OLIVIA, true, 500, 10_000, null));
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            done.add(threads.submit(() -> {
                start.await();
                return given.consume(ALICE, 40, null);    // 16 x 40 = 640: crosses 500 once
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();

        assertThat(given.sandbox.charged()).hasSize(1);
        assertThat(given.metrics().balance()).isEqualTo(1000 - 640 + 10_000);
        given.assertGuaranteesHold();
    }
}
