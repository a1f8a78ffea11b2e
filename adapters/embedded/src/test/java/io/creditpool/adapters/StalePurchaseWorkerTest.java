package io.creditpool.adapters;

import com.google.inject.AbstractModule;
import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.clock.TestClocks;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
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
import java.util.List;
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
 * purchase: when the first comes back, the customer is charged once, the credits are granted once, and what the first
 * worker would write is refused (its claim's fencing token is stale); a worker whose lease ran out before its charge
 * charges only if no other worker claimed the purchase meanwhile.
 */
class StalePurchaseWorkerTest {
    private static final Duration LEASE = Duration.ofMinutes(2);

    /**
     * The sandbox processor behind doors: the first {@code doors} charge calls each wait at their own door, before
     * the processor sees them or, if {@code afterTheMoneyIsTaken}, after it took the money and before it answers.
     */
    static final class DoorsAtTheProcessor implements PaymentGateway {
        final SandboxPaymentGateway sandbox = new SandboxPaymentGateway();
        final boolean afterTheMoneyIsTaken;
        final AtomicInteger chargeCalls = new AtomicInteger();
        final List<CountDownLatch> arrived;
        final List<CountDownLatch> release;

        DoorsAtTheProcessor(int doors, boolean afterTheMoneyIsTaken) {
            this.afterTheMoneyIsTaken = afterTheMoneyIsTaken;
            this.arrived = java.util.stream.Stream.generate(() -> new CountDownLatch(1)).limit(doors).toList();
            this.release = java.util.stream.Stream.generate(() -> new CountDownLatch(1)).limit(doors).toList();
        }

        @Override
        public ChargeResult charge(ChargeRequest request) {
            int call = chargeCalls.incrementAndGet() - 1;
            if (call >= arrived.size()) {
                return sandbox.charge(request);
            }
            ChargeResult taken = afterTheMoneyIsTaken ? sandbox.charge(request) : null;
            arrived.get(call).countDown();
            await(release.get(call));
            return taken != null ? taken : sandbox.charge(request);
        }

        @Override
        public ChargeLookup lookup(ChargeRequest request) {
            return sandbox.lookup(request);
        }
    }

    /** The in-memory store, whose clock the chosen thread's next reading but {@code readingsBeforeTheDoor} waits at. */
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
    private static String purchaseRecorded(Creditpool pool) {
        assertThat(pool.configureAutoTopUp(new ConfigureAutoTopUpCommand(ACME, OLIVIA, true, 500, 300, null, null))
                .accepted()).isTrue();
        assertThat(pool.consume(ACME.value(), ALICE.value(), 600, "gen-1").accepted()).isTrue();
        return pool.component(CreditStore.class).pendingPurchases().get(0).key();
    }

    private static long topUpGrants(Creditpool pool) {
        return pool.ledger(ACME).stream().filter(e -> e instanceof LedgerEntry.CreditsGranted g
                && g.source() == GrantSource.AUTO_TOP_UP).count();
    }

    /** Charged once, granted once, nothing left pending, the team's guarantees hold. */
    private static void chargedOnceAndGrantedOnce(Given given, SandboxPaymentGateway sandbox) {
        assertThat(sandbox.charged()).as("money taken once").hasSize(1);
        assertThat(topUpGrants(given.pool)).as("credits granted once").isEqualTo(1);
        assertThat(given.pool.ledger(ACME).stream().filter(e -> e instanceof LedgerEntry.ChargeAttempted))
                .as("one charge recorded").hasSize(1);
        assertThat(given.metrics().balance()).isEqualTo(1000 - 600 + 300);
        assertThat(given.pool.component(CreditStore.class).pendingPurchases()).isEmpty();
        given.assertGuaranteesHold();
    }

    private static void pausedWorkerReplacedThenBack(boolean afterTheMoneyIsTaken) throws Exception {
        DoorsAtTheProcessor processor = new DoorsAtTheProcessor(1, afterTheMoneyIsTaken);
        Given given = Given.creditpool(processor.sandbox, processor).team(ENT, 2);
        String key = purchaseRecorded(given.pool);
        SettlePurchasesUseCase workers = given.pool.component(SettlePurchasesUseCase.class);

        CompletableFuture<Attempt> first = CompletableFuture.supplyAsync(() -> workers.settle(ACME, key, LEASE));
        await(processor.arrived.get(0));
        given.clock.advance(LEASE.plusSeconds(1));   // the first worker is paused past its lease
        Attempt second = workers.settle(ACME, key, LEASE);
        processor.release.get(0).countDown();

        assertThat(second).as("another worker claims it, asks the processor, and grants").isEqualTo(Attempt.GRANTED);
        assertThat(first.get(30, TimeUnit.SECONDS)).as("the first worker's write is refused")
                .isEqualTo(Attempt.LEASE_LOST);
        chargedOnceAndGrantedOnce(given, processor.sandbox);
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
    void aWorkerThatComesBackWhileTheLaterClaimIsStillChargingWritesNothingAndTheLaterClaimRecordsTheOutcome()
            throws Exception {
        DoorsAtTheProcessor processor = new DoorsAtTheProcessor(2, false);
        Given given = Given.creditpool(processor.sandbox, processor).team(ENT, 2);
        String key = purchaseRecorded(given.pool);
        SettlePurchasesUseCase workers = given.pool.component(SettlePurchasesUseCase.class);

        CompletableFuture<Attempt> first = CompletableFuture.supplyAsync(() -> workers.settle(ACME, key, LEASE));
        await(processor.arrived.get(0));
        given.clock.advance(LEASE.plusSeconds(1));
        CompletableFuture<Attempt> second = CompletableFuture.supplyAsync(() -> workers.settle(ACME, key, LEASE));
        await(processor.arrived.get(1));   // the later claim's charge is on its way too
        processor.release.get(0).countDown();

        assertThat(first.get(30, TimeUnit.SECONDS)).as("the purchase is still pending, but under a later claim")
                .isEqualTo(Attempt.LEASE_LOST);
        assertThat(given.pool.component(CreditStore.class).pendingPurchases()).as("nothing the first wrote")
                .singleElement().satisfies(p -> assertThat(p.attempts()).isZero());
        assertThat(topUpGrants(given.pool)).isZero();
        processor.release.get(1).countDown();
        assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(Attempt.GRANTED);
        chargedOnceAndGrantedOnce(given, processor.sandbox);
    }

    /** A Creditpool whose store's clock, the test's manual clock, is read through a door. */
    private static Given gated(DoorsAtTheProcessor processor, DoorAtTheStoreClock store) {
        Given given = Given.creditpool(processor.sandbox, processor, b -> b.override(new AbstractModule() {
            @Override
            protected void configure() {
                bind(CreditStore.class).toInstance(store);
            }
        }));
        store.clock = given.clock;
        return given.team(ENT, 2);
    }

    @Test
    void aWorkerWhoseLeaseRanOutBetweenItsClaimAndItsChargeDoesNotChargeOnceAnotherClaimedIt() throws Exception {
        DoorsAtTheProcessor processor = new DoorsAtTheProcessor(0, false);
        DoorAtTheStoreClock store = new DoorAtTheStoreClock();
        Given given = gated(processor, store);
        String key = purchaseRecorded(given.pool);
        SettlePurchasesUseCase workers = given.pool.component(SettlePurchasesUseCase.class);

        CompletableFuture<Attempt> first = CompletableFuture.supplyAsync(() -> {
            store.readingsBeforeTheDoor = 1;   // the reading before the claim passes; the one before the charge waits
            store.gated = Thread.currentThread();
            return workers.settle(ACME, key, LEASE);
        });
        await(store.arrived);
        given.clock.advance(LEASE.plusSeconds(1));
        Attempt second = workers.settle(ACME, key, LEASE);
        store.release.countDown();

        assertThat(second).isEqualTo(Attempt.GRANTED);
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(Attempt.LEASE_LOST);
        assertThat(processor.chargeCalls.get()).as("the paused worker never called the processor").isEqualTo(1);
        chargedOnceAndGrantedOnce(given, processor.sandbox);
    }

    @Test
    void aWorkerWhoseLeaseRanOutBeforeItsChargeWhileNobodyClaimedItHoldsItAgainAndCharges() throws Exception {
        DoorsAtTheProcessor processor = new DoorsAtTheProcessor(0, false);
        DoorAtTheStoreClock store = new DoorAtTheStoreClock();
        Given given = gated(processor, store);
        String key = purchaseRecorded(given.pool);
        SettlePurchasesUseCase workers = given.pool.component(SettlePurchasesUseCase.class);

        CompletableFuture<Attempt> first = CompletableFuture.supplyAsync(() -> {
            store.readingsBeforeTheDoor = 1;
            store.gated = Thread.currentThread();
            return workers.settle(ACME, key, LEASE);
        });
        await(store.arrived);
        given.clock.advance(LEASE.plusSeconds(1));
        store.release.countDown();

        assertThat(first.get(30, TimeUnit.SECONDS)).as("its claim was still the latest").isEqualTo(Attempt.GRANTED);
        assertThat(processor.chargeCalls.get()).isEqualTo(1);
        chargedOnceAndGrantedOnce(given, processor.sandbox);
    }

    /** The sandbox processor, whose first charge stops the worker mid-charge and whose second gets no answer. */
    static final class StopThenNoAnswer implements PaymentGateway {
        final SandboxPaymentGateway sandbox = new SandboxPaymentGateway();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public ChargeResult charge(ChargeRequest request) {
            return switch (calls.incrementAndGet()) {
                case 1 -> throw new StoppedMidCharge();
                case 2 -> throw new ChargeOutcomeUnknownException("read timeout");
                default -> sandbox.charge(request);
            };
        }

        @Override
        public ChargeLookup lookup(ChargeRequest request) {
            return sandbox.lookup(request);
        }
    }

    /** What a worker that stops between its claim and its record leaves: a claim without an outcome. */
    static final class StoppedMidCharge extends Error {
        StoppedMidCharge() {
            super("the worker stopped mid-charge", null, false, false);
        }
    }

    @Test
    void aSandboxTeamWhoseClockRunsAYearAheadIsStillChargedAfterAStoppedWorkerAndAChargeWithoutAnAnswer() {
        Plan ent = ENT;
        ManualClock wall = new ManualClock(Instant.parse("2026-12-07T00:00:00Z"));
        TestClocks clocks = new TestClocks(wall);
        Instant teamTime = Instant.parse("2027-12-07T00:00:00Z");
        clocks.freeze(ACME, teamTime);
        StopThenNoAnswer processor = new StopThenNoAnswer();
        try (Creditpool pool = Creditpool.builder().synchronousPurchases().clock(clocks).payments(processor)
                .plans(List.of(ent)).build()) {
            pool.createTeam(new CreateTeamCommand(ACME, ent.name(), 2, OLIVIA, 1, null));
            pool.invite(new io.creditpool.kernel.port.in.InviteMemberCommand(ACME, OLIVIA, ALICE,
                    io.creditpool.kernel.domain.Role.MEMBER, null));
            String key = purchaseRecorded(pool);
            SettlePurchasesUseCase workers = pool.component(SettlePurchasesUseCase.class);
            try {
                workers.settle(ACME, key, LEASE);
            } catch (StoppedMidCharge expected) {
                // the worker is gone; its claim holds the purchase until the lease runs out
            }
            wall.advance(LEASE.plusSeconds(60));
            clocks.advanceTo(ACME, teamTime.plus(LEASE).plusSeconds(60));
            assertThat(workers.settle(ACME, key, LEASE)).isEqualTo(Attempt.UNKNOWN);

            wall.advance(Duration.ofHours(1));
            clocks.advanceTo(ACME, teamTime.plus(Duration.ofDays(1)));
            assertThat(workers.settle(ACME, key, LEASE)).as("held by no worker: charged and granted")
                    .isEqualTo(Attempt.GRANTED);
            assertThat(topUpGrants(pool)).isEqualTo(1);
            assertThat(processor.sandbox.charged()).hasSize(1);
            assertThat(pool.audit(ACME)).isEmpty();
        }
    }
}
