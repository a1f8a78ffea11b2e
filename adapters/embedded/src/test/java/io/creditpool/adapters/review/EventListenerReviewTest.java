package io.creditpool.adapters.review;

import io.creditpool.adapters.Given;

import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import org.junit.jupiter.api.Test;

import static io.creditpool.adapters.Given.ACME;
import static io.creditpool.adapters.Given.ENT;
import static io.creditpool.adapters.Given.OLIVIA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class EventListenerReviewTest {
    /**
     * TopUpService.complete publishes the event after the grant is committed, and InMemoryEventLog calls the host's
     * listeners inline without catching: a failing listener turns a paid, granted top-up into an exception for the
     * caller, who (without a request id) can only buy again and pay twice.
     */
    @Test
    void aFailingListenerDoesNotTurnAPaidTopUpIntoAnError() {
        Given f = Given.creditpool().team(ENT, 2);
        f.pool.subscribe(e -> {
            throw new IllegalStateException("mail server down");
        });

        Throwable thrown = catchThrowable(() -> f.pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 1000, null)));

        assertThat(f.sandbox.charged()).hasSize(1);
        assertThat(f.metrics().topUpCredits()).isEqualTo(1000);
        assertThat(thrown).as("the caller of a paid and granted top-up gets an answer, not an exception").isNull();
    }
}
