package io.creditpool.adapters.review;

import io.creditpool.adapters.ForwardingCreditStore;
import io.creditpool.adapters.Given;

import com.google.inject.AbstractModule;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.TeamUnit;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static io.creditpool.adapters.Given.ACME;
import static io.creditpool.adapters.Given.ALICE;
import static io.creditpool.adapters.Given.ENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * TeamCommands.run reads the clock before it takes the team's lock. A command that waited on the lock while
 * another command moved the team into a new month then runs with an instant older than the team's state.
 */
class StaleClockRaceTest {
    /** The in-memory store, but one chosen thread waits at the door of its next transaction until released. */
    static final class GatedStore extends ForwardingCreditStore {
        volatile Thread gated;
        final CountDownLatch arrived = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public <T> T inTransaction(TeamId team, Function<TeamUnit, T> work) {
            if (Thread.currentThread() == gated) {
                gated = null;
                arrived.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return inner.inTransaction(team, work);
        }
    }

    @Test
    void aConsumptionThatWaitedOnTheLockAcrossAMonthEndMustNotWipeTheNewMonthsUsage() throws Exception {
        GatedStore store = new GatedStore();
        Given f = Given.creditpool(b -> b.override(new AbstractModule() {
            @Override
            protected void configure() {
                bind(CreditStore.class).toInstance(store);
            }
        })).team(ENT, 4).limit(ALICE, 100);      // pool 2000, alice limited to 100 a month

        f.clock.advanceTo(Instant.parse("2026-01-31T23:59:59Z"));
        // thread A: asks at 23:59:59 on Jan 31 (reads the clock), then waits for the team's lock
        CompletableFuture<Decision> late = CompletableFuture.supplyAsync(() -> {
            store.gated = Thread.currentThread();
            return f.consume(ALICE, 10, null);
        });
        // (the gate is set inside the thread before it calls consume; wait until it is parked at the lock)
        assertThat(store.arrived.await(10, TimeUnit.SECONDS)).isTrue();

        // meanwhile, in February, alice spends her whole February limit
        f.clock.advanceTo(Instant.parse("2026-02-01T00:00:01Z"));
        assertThat(f.consume(ALICE, 100, null).accepted()).isTrue();
        assertThat(f.metrics().member(ALICE).usageThisMonth()).isEqualTo(100);

        store.release.countDown();
        late.get(10, TimeUnit.SECONDS);

        // February usage must still be (at least) 100 and she must be refused more this month
        long februaryUsage = f.metrics().member(ALICE).usageThisMonth();
        Decision more = f.consume(ALICE, 100, null);
        assertThat(more.denial()).as("alice already spent her 100 of February (usage now shows " + februaryUsage
                + "); a second 100 must be refused, was " + more).isEqualTo(DenialCode.MEMBER_LIMIT);
        assertThat(f.pool.audit(ACME)).isEmpty();
    }
}
