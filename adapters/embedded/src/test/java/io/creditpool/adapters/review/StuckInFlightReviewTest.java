package io.creditpool.adapters.review;

import io.creditpool.adapters.Given;

import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpCommand;
import io.creditpool.kernel.port.out.PaymentGateway;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static io.creditpool.adapters.Given.ACME;
import static io.creditpool.adapters.Given.ALICE;
import static io.creditpool.adapters.Given.ENT;
import static io.creditpool.adapters.Given.JAN_1;
import static io.creditpool.adapters.Given.OLIVIA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class StuckInFlightReviewTest {
    /**
     * The auto top-up's in-flight flag is set and committed in the consumption's transaction and cleared only by
     * the second transaction of TopUpService.complete. If anything between them does not return normally (here the
     * payment SDK throws an Error, which complete does not catch; in a persistent store, a crash), the flag stays
     * set for good: auto top-up never fires again for the team and nothing ever clears it.
     */
    @Test
    void anAutoTopUpThatNeverCompletedDoesNotBlockAutoTopUpForever() {
        SandboxPaymentGateway sandbox = new SandboxPaymentGateway();
        AtomicBoolean broken = new AtomicBoolean(true);
        // a plugin that can look charges up, as the payment contract asks: weeks later, past the day a processor keeps
        // its keys, the purchase is looked up (nothing was taken) and charged, instead of staying pending for an operator
        PaymentGateway sdk = new PaymentGateway() {
            @Override
            public io.creditpool.kernel.port.out.ChargeResult charge(
                    io.creditpool.kernel.port.out.ChargeRequest request) {
                if (broken.getAndSet(false)) {
                    throw new NoClassDefFoundError("com/processor/sdk/Http2Client");
                }
                return sandbox.charge(request);
            }

            @Override
            public io.creditpool.kernel.port.out.ChargeLookup lookup(
                    io.creditpool.kernel.port.out.ChargeRequest request) {
                return sandbox.lookup(request);
            }
        };
        Given f = Given.creditpool(sandbox, sdk).team(ENT, 2);     // pool 1000
        f.pool.configureAutoTopUp(new ConfigureAutoTopUpCommand(ACME, OLIVIA, true, 500, 1000, null));

        catchThrowable(() -> f.consume(ALICE, 600, null));      // 1000 -> 400: fires; the SDK blows up
        f.clock.advance(java.time.Duration.ofDays(40));           // a new cycle: pool 1000 plan credits, re-armed
        f.consume(ALICE, 600, null);                              // 1000 -> 400: a new crossing, SDK fine now

        assertThat(f.metrics().autoTopUpInFlight()).as("in flight, weeks later").isFalse();
        assertThat(sandbox.charged()).as("the first crossing's purchase, looked up and charged; none for the second, "
                + "which found it in flight").hasSize(1);
    }
}
