package io.creditpool.adapters;

import com.google.inject.AbstractModule;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpCommand;
import io.creditpool.kernel.port.in.SettlePurchasesUseCase;
import io.creditpool.kernel.port.in.SettlePurchasesUseCase.Attempt;
import io.creditpool.kernel.port.out.ChargeLookup;
import io.creditpool.kernel.port.out.ChargeRequest;
import io.creditpool.kernel.port.out.ChargeResult;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.PaymentGateway;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.creditpool.adapters.Given.ACME;
import static io.creditpool.adapters.Given.ALICE;
import static io.creditpool.adapters.Given.ENT;
import static io.creditpool.adapters.Given.OLIVIA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A purchase worker paused past its lease (a long collection, a stopped machine) while another worker claimed the
 * purchase and finished it: when the first comes back, the customer is charged once, the credits are granted once,
 * and what the first worker would write is refused (its claim's fencing token is stale).
 */
class StalePurchaseWorkerTest {
    private static final Duration LEASE = Duration.ofMinutes(2);

    /** The sandbox processor; the first charge call waits at a door, before or after the processor takes the money. */
    static final class DoorAtTheProcessor implements PaymentGateway {
        final SandboxPaymentGateway sandbox = new SandboxPaymentGateway();
        final boolean afterTheMoneyIsTaken;
        final AtomicInteger chargeCalls = new AtomicInteger();
        final CountDownLatch arrived = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        DoorAtTheProcessor(boolean afterTheMoneyIsTaken) {
            this.afterTheMoneyIsTaken = afterTheMoneyIsTaken;
        }

        @Override
        public ChargeResult charge(ChargeRequest request) {
            boolean first = chargeCalls.incrementAndGet() == 1;
            ChargeResult result = afterTheMoneyIsTaken || !first ? sandbox.charge(request) : null;
            if (first) {
                arrived.countDown();
                await(release);
            }
            return result != null ? result : sandbox.charge(request);
        }

        @Override
        public ChargeLookup lookup(ChargeRequest request) {
            return sandbox.lookup(request);
        }
    }

    /** The in-memory store, whose clock the chosen thread's next reading of waits at a door. */
    static final class DoorAtTheStoreClock extends ForwardingCreditStore {
        volatile ManualClock clock;
        volatile Thread gated;
        volatile int readingsBeforeTheDoor;
        final CountDownLatch arrived = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public Optional<Instant> databaseTime() {
            if (Thread.currentThread() == gated && readingsBeforeTheDoor-- == 0) {
                gated = null;
                arrived.countDown();
                await(release);
            }
            return Optional.of(clock.now());
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).as("the test opens the door").isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Auto top-up on, then a consumption below its threshold: one purchase recorded, not charged yet. */
    private static String purchaseRecorded(Given given) {
        assertThat(given.pool.configureAutoTopUp(new ConfigureAutoTopUpCommand(ACME, OLIVIA, true, 500, 300, null,
                null)).accepted()).isTrue();
        assertThat(given.pool.consume(ACME.value(), ALICE.value(), 600, "gen-1").accepted()).isTrue();
        return given.pool.component(CreditStore.class).pendingPurchases().get(0).key();
    }

    private static long topUpGrants(Given given) {
        return given.pool.ledger(ACME).stream().filter(e -> e instanceof LedgerEntry.CreditsGranted g
                && g.source() == GrantSource.AUTO_TOP_UP).count();
    }

    private static void pausedWorkerReplacedThenBack(boolean afterTheMoneyIsTaken) throws Exception {
        DoorAtTheProcessor processor = new DoorAtTheProcessor(afterTheMoneyIsTaken);
        Given given = Given.creditpool(processor.sandbox, processor).team(ENT, 2);
        String key = purchaseRecorded(given);
        SettlePurchasesUseCase workers = given.pool.component(SettlePurchasesUseCase.class);

        CompletableFuture<Attempt> first = CompletableFuture.supplyAsync(() -> workers.settle(ACME, key, LEASE));
        await(processor.arrived);
        given.clock.advance(LEASE.plusSeconds(1));   // the first worker is paused past its lease
        Attempt second = workers.settle(ACME, key, LEASE);
        processor.release.countDown();

        assertThat(second).as("another worker claims it, asks the processor, and grants").isEqualTo(Attempt.GRANTED);
        assertThat(first.get(30, TimeUnit.SECONDS)).as("the first worker's write is refused")
                .isEqualTo(Attempt.LEASE_LOST);
        assertThat(processor.sandbox.charged()).as("money taken once").hasSize(1);
        assertThat(topUpGrants(given)).as("credits granted once").isEqualTo(1);
        assertThat(given.pool.ledger(ACME).stream().filter(e -> e instanceof LedgerEntry.ChargeAttempted))
                .as("one charge recorded").hasSize(1);
        assertThat(given.metrics().balance()).isEqualTo(1000 - 600 + 300);
        assertThat(given.pool.component(CreditStore.class).pendingPurchases()).isEmpty();
        given.assertGuaranteesHold();
    }

    @Test
    void aWorkerPausedBeforeTheProcessorTookTheMoneyAndReplacedWritesNothingWhenItComesBack() throws Exception {
        pausedWorkerReplacedThenBack(false);
    }

    @Test
    void aWorkerPausedWhileTheProcessorTookTheMoneyAndReplacedWritesNothingWhenItComesBack() throws Exception {
        pausedWorkerReplacedThenBack(true);
    }

    @Test
    void aWorkerWhoseLeaseRanOutBetweenItsClaimAndItsChargeDoesNotCharge() throws Exception {
        DoorAtTheProcessor processor = new DoorAtTheProcessor(false);
        processor.release.countDown();   // no door at the processor in this test
        DoorAtTheStoreClock store = new DoorAtTheStoreClock();
        Given gated = Given.creditpool(processor.sandbox, processor, b -> b.override(new AbstractModule() {
            @Override
            protected void configure() {
                bind(CreditStore.class).toInstance(store);
            }
        }));
        store.clock = gated.clock;   // the store's clock is the test's manual clock, read through a door
        gated.team(ENT, 2);
        String key = purchaseRecorded(gated);
        SettlePurchasesUseCase workers = gated.pool.component(SettlePurchasesUseCase.class);

        CompletableFuture<Attempt> first = CompletableFuture.supplyAsync(() -> {
            store.readingsBeforeTheDoor = 1;   // the reading before the claim passes; the one before the charge waits
            store.gated = Thread.currentThread();
            return workers.settle(ACME, key, LEASE);
        });
        await(store.arrived);
        gated.clock.advance(LEASE.plusSeconds(1));
        Attempt second = workers.settle(ACME, key, LEASE);
        store.release.countDown();

        assertThat(second).isEqualTo(Attempt.GRANTED);
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(Attempt.LEASE_LOST);
        assertThat(processor.chargeCalls.get()).as("the paused worker never called the processor").isEqualTo(1);
        assertThat(processor.sandbox.charged()).hasSize(1);
        assertThat(topUpGrants(gated)).isEqualTo(1);
        gated.assertGuaranteesHold();
    }
}
