package io.creditpool.adapters.jdbc;

import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.domain.Tier;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one PostgreSQL, one whose clock runs an hour ahead: purchase leases run on the database server's
 * clock, so the instance ahead takes no purchase another worker holds, however late its own clock says it is.
 */
class PurchaseLeaseClockTest {
    private static final TeamId ACME = TeamId.of("acme");
    private static final MemberId OLIVIA = MemberId.of("olivia");
    private static final Plan ENT = new Plan("ent", Tier.ENTERPRISE, 500, 2, "USD");
    private static final Duration LEASE = Duration.ofMinutes(2);

    /** The sandbox processor; the first charge waits at a door until the test opens it. */
    static final class DoorAtTheProcessor implements PaymentGateway {
        final SandboxPaymentGateway sandbox = new SandboxPaymentGateway();
        final CountDownLatch arrived = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public ChargeResult charge(ChargeRequest request) {
            if (arrived.getCount() > 0) {
                arrived.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return sandbox.charge(request);
        }

        @Override
        public ChargeLookup lookup(ChargeRequest request) {
            return sandbox.lookup(request);
        }
    }

    private static Creditpool open(StoreSettings store, Instant clock, PaymentGateway payments) {
        return Creditpool.builder().store(store).clock(new ManualClock(clock)).payments(payments)
                .synchronousPurchases().plans(List.of(ENT)).build();
    }

    @Test
    void anInstanceWhoseClockRunsAheadTakesNoPurchaseWhoseLeaseRunsOnTheDatabasesClock() throws Exception {
        StoreSettings store = TestDatabases.postgres();
        DoorAtTheProcessor processor = new DoorAtTheProcessor();
        Instant now = Instant.now();
        try (Creditpool onTime = open(store, now, processor);
                Creditpool ahead = open(store, now.plus(Duration.ofHours(1)), processor)) {
            onTime.createTeam(new CreateTeamCommand(ACME, "ent", 2, OLIVIA, 1, null));
            onTime.configureAutoTopUp(new ConfigureAutoTopUpCommand(ACME, OLIVIA, true, 500, 300, null, null));
            assertThat(onTime.consume(ACME.value(), OLIVIA.value(), 600, "gen-1").accepted()).isTrue();
            String key = onTime.component(CreditStore.class).pendingPurchases().get(0).key();

            CompletableFuture<Attempt> first = CompletableFuture.supplyAsync(() -> onTime
                    .component(SettlePurchasesUseCase.class).settle(ACME, key, LEASE));
            assertThat(processor.arrived.await(30, TimeUnit.SECONDS)).isTrue();
            Attempt byTheInstanceAhead = ahead.component(SettlePurchasesUseCase.class).settle(ACME, key, LEASE);
            processor.release.countDown();

            assertThat(byTheInstanceAhead).as("its clock says the lease ran out an hour ago; the database's does not")
                    .isEqualTo(Attempt.NOT_CLAIMED);
            assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(Attempt.GRANTED);
            assertThat(processor.sandbox.attempts()).as("one call at the processor").isEqualTo(1);
            assertThat(onTime.ledger(ACME).stream().filter(e -> e instanceof LedgerEntry.ChargeAttempted)).hasSize(1);
            assertThat(onTime.audit(ACME)).isEmpty();
        }
    }
}
