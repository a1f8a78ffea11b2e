package io.creditpool.adapters.review;

import io.creditpool.adapters.Given;

import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.out.ChargeRequest;
import io.creditpool.kernel.port.out.ChargeResult;
import io.creditpool.kernel.port.out.PaymentGateway;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static io.creditpool.adapters.Given.ACME;
import static io.creditpool.adapters.Given.ENT;
import static io.creditpool.adapters.Given.JAN_1;
import static io.creditpool.adapters.Given.OLIVIA;
import static io.creditpool.kernel.domain.RequestId.of;
import static org.assertj.core.api.Assertions.assertThat;

class TopUpReviewTest {
    /**
     * A processor that takes the money and then times out on the reply (the port's documented
     * ChargeOutcomeUnknownException case). The PaymentGateway contract says "Creditpool then grants nothing and may
     * retry later with the same key"; TopUpService.complete instead records a final payment-declined under the
     * request id, so the replay never asks the processor again: the customer paid and never gets the credits.
     */
    @Test
    void aChargeThatTookTheMoneyButTimedOutIsNotLostForGood() {
        SandboxPaymentGateway sandbox = new SandboxPaymentGateway();
        AtomicBoolean timeOutOnce = new AtomicBoolean(true);
        PaymentGateway flaky = request -> {
            ChargeResult result = sandbox.charge(request);        // the money is taken
            if (timeOutOnce.getAndSet(false)) {
                throw new PaymentGateway.ChargeOutcomeUnknownException("read timeout", null);
            }
            return result;
        };
        Given f = Given.creditpool(sandbox, flaky).team(ENT, 2);

        Decision first = f.pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 1000, of("buy-1")));
        // the purchase workers try again with the same key once its back-off has passed
        f.clock.advance(java.time.Duration.ofMinutes(2));
        f.pool.settlePurchases();
        // the host retries the same request, as it should after an unclear answer: it learns the outcome
        Decision retried = f.pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 1000, of("buy-1")));

        assertThat(sandbox.charged()).as("money taken").hasSize(1);
        assertThat(f.metrics().topUpCredits())
                .as("credits after a charge that succeeded (first: " + first + "; retried: " + retried + ")")
                .isEqualTo(1000);
        assertThat(retried.accepted()).isTrue();
    }
}
