package io.creditpool.adapters;

import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpCommand;
import io.creditpool.kernel.port.out.ChargeRequest;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.CreditEvent;
import io.creditpool.kernel.port.out.PaymentGateway;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.util.ArrayList;
import java.util.List;

import static io.creditpool.adapters.Given.ACME;
import static io.creditpool.adapters.Given.ALICE;
import static io.creditpool.adapters.Given.ENT;
import static io.creditpool.adapters.Given.OLIVIA;
import static io.creditpool.adapters.Given.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/** Top-ups through the payment port, observed at the gateway: charged once, granted only when paid. */
class TopUpTest {
    private final SandboxPaymentGateway gateway = spy(new SandboxPaymentGateway());
    private final Given given = Given.creditpool(gateway).team(ENT, 2);
    private final List<CreditEvent> events = new ArrayList<>();

    {
        given.pool.subscribe(events::add);
    }

    private String installation() {
        return given.pool.component(CreditStore.class).installationId();
    }

    private Decision buy(long credits, String requestId) {
        return given.pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, credits, requestId == null ? null : id(requestId)));
    }

    @Test
    void theOwnerIsChargedThePlanPriceOnceAndThenGetsTheCredits() {
        Decision decision = buy(1000, "r-1");

        ArgumentCaptor<ChargeRequest> charge = ArgumentCaptor.forClass(ChargeRequest.class);
        verify(gateway, times(1)).charge(charge.capture());
        assertThat(charge.getValue().amount().minorUnits()).isEqualTo(2000);
        assertThat(charge.getValue().amount().currency()).isEqualTo("USD");
        assertThat(charge.getValue().idempotencyKey()).isEqualTo(installation() + ":acme:purchase:1");
        assertThat(charge.getValue().installation()).isEqualTo(installation()).isNotEmpty();
        assertThat(decision.accepted()).isTrue();
        assertThat(decision.balance()).isEqualTo(2000);
        assertThat(given.metrics().topUpCredits()).isEqualTo(1000);
        assertThat(events).singleElement().isInstanceOf(CreditEvent.TopUpSucceeded.class);
        given.assertGuaranteesHold();
    }

    @Test
    void aReplayedTopUpIsNotChargedAgain() {
        Decision first = buy(1000, "r-1");
        Decision again = buy(1000, "r-1");

        verify(gateway, times(1)).charge(any());
        assertThat(again).isEqualTo(first);
        assertThat(given.metrics().topUpCredits()).isEqualTo(1000);
        assertThat(given.metrics().charges()).isEqualTo(1);
    }

    @Test
    void theSameRequestIdForAnotherAmountIsAConflictAndNotCharged() {
        buy(1000, "r-1");
        Decision other = buy(5, "r-1");

        assertThat(other.denial()).isEqualTo(DenialCode.REQUEST_CONFLICT);
        assertThat(other.reason()).contains("different command");
        verify(gateway, times(1)).charge(any());
    }

    @Test
    void aDeclinedChargeGrantsNothingAndTellsTheOwner() {
        gateway.behave(SandboxPaymentGateway.Behaviour.DECLINE);

        Decision decision = buy(1000, null);

        assertThat(decision.denial()).isEqualTo(DenialCode.PAYMENT_DECLINED);
        assertThat(given.metrics().balance()).isEqualTo(1000);
        assertThat(given.metrics().charges()).isEqualTo(1);
        assertThat(given.metrics().topUps()).isZero();
        assertThat(events).singleElement().isInstanceOfSatisfying(CreditEvent.TopUpFailed.class,
                e -> assertThat(e.owner()).isEqualTo(OLIVIA));
        given.assertGuaranteesHold();
    }

    @Test
    void aChargeWhoseOutcomeIsUnknownGrantsNothingUntilTheReplayLearnsTheAnswer() {
        doThrow(new PaymentGateway.ChargeOutcomeUnknownException("timeout", null)).doCallRealMethod()
                .when(gateway).charge(any());

        Decision first = buy(1000, "r-9");

        assertThat(first.denial()).isEqualTo(DenialCode.PAYMENT_PENDING);
        assertThat(first.reason()).contains("acme:purchase:1").contains("without an answer");
        assertThat(given.metrics().balance()).isEqualTo(1000);
        assertThat(given.metrics().pendingPurchases()).isEqualTo(1);
        assertThat(given.metrics().charges()).as("no outcome is known, so no attempt is on the ledger").isZero();

        // the replay has the purchase tried again at once (here, without worker threads, on this thread)
        Decision replay = buy(1000, "r-9");

        ArgumentCaptor<ChargeRequest> charges = ArgumentCaptor.forClass(ChargeRequest.class);
        verify(gateway, times(2)).charge(charges.capture());
        assertThat(charges.getAllValues()).extracting(ChargeRequest::idempotencyKey).containsOnly(installation() + ":acme:purchase:1");
        assertThat(replay.accepted()).isTrue();
        assertThat(given.metrics().balance()).isEqualTo(2000);
        assertThat(given.metrics().pendingPurchases()).isZero();
        assertThat(buy(1000, "r-9")).as("a further replay").isEqualTo(replay);
        verify(gateway, times(2)).charge(any());
        given.assertGuaranteesHold();
    }

    @Test
    void aPurchaseLeftPendingIsChargedAgainByTheWorkersOnceDueNotByTheTeamsCommands() {
        doThrow(new PaymentGateway.ChargeOutcomeUnknownException("connection reset", null)).doCallRealMethod()
                .when(gateway).charge(any());
        buy(1000, null);

        given.consume(ALICE, 1, null);    // not due yet: the first attempt is only a moment old
        verify(gateway, times(1)).charge(any());
        given.clock.advance(java.time.Duration.ofMinutes(5));
        given.pool.consume(ACME.value(), ALICE.value(), 1, null);    // due, but a command never charges
        verify(gateway, times(1)).charge(any());
        given.pool.settlePurchases();    // the workers' round: charged again with the same key, and granted once

        verify(gateway, times(2)).charge(any());
        assertThat(given.metrics().topUpCredits()).isEqualTo(1000);
        assertThat(given.metrics().balance()).isEqualTo(1000 - 2 + 1000);
        given.assertGuaranteesHold();
    }

    @Test
    void anAutoTopUpBuysOnceWhenTheThresholdIsCrossedAndNotAgainWhileBelow() {
        given.pool.configureAutoTopUp(new ConfigureAutoTopUpCommand(ACME, OLIVIA, true, 500, 300, null));

        given.consume(ALICE, 600, null);   // 1000 -> 400: below 500, buys 300 -> 700
        given.consume(ALICE, 250, null);   // 700 -> 450: below again after being back above: buys again -> 750
        given.consume(ALICE, 10, null);    // 750 -> 740: above, nothing

        ArgumentCaptor<ChargeRequest> charges = ArgumentCaptor.forClass(ChargeRequest.class);
        verify(gateway, times(2)).charge(charges.capture());
        assertThat(charges.getAllValues()).extracting(ChargeRequest::idempotencyKey).doesNotHaveDuplicates();
        assertThat(given.metrics().balance()).isEqualTo(740);
        assertThat(given.pool.ledger(ACME)).filteredOn(e -> e instanceof LedgerEntry.CreditsGranted g
                && g.source() == GrantSource.AUTO_TOP_UP).hasSize(2);
        given.assertGuaranteesHold();
    }

    @Test
    void anAutoTopUpThatStaysBelowTheThresholdDoesNotFireAgainUntilThePoolRecovers() {
        given.pool.configureAutoTopUp(new ConfigureAutoTopUpCommand(ACME, OLIVIA, true, 900, 100, null));

        given.consume(ALICE, 200, null);   // 1000 -> 800: buys 100 -> 900 (back at the threshold: re-arms)
        given.consume(ALICE, 300, null);   // 900 -> 600: buys 100 -> 700, still below
        given.consume(ALICE, 100, null);   // 700 -> 600: below all along: no purchase

        verify(gateway, times(2)).charge(any());
        assertThat(given.metrics().balance()).isEqualTo(600);
    }

    @Test
    void aDeclinedAutoTopUpIsRecordedAndTellsTheOwner() {
        given.pool.configureAutoTopUp(new ConfigureAutoTopUpCommand(ACME, OLIVIA,
                true, 500, 300, null));
        gateway.behave(SandboxPaymentGateway.Behaviour.DECLINE);

        Decision consumption = given.consume(ALICE, 600, null);

        assertThat(consumption.accepted()).isTrue();
        assertThat(given.metrics().balance()).isEqualTo(400);
        assertThat(given.metrics().charges()).isEqualTo(1);
        assertThat(given.metrics().autoTopUpInFlight()).isFalse();
        assertThat(events).filteredOn(e -> !(e instanceof CreditEvent.LowBalance)).singleElement()
                .isInstanceOfSatisfying(CreditEvent.TopUpFailed.class, e -> {
            assertThat(e.source()).isEqualTo(GrantSource.AUTO_TOP_UP);
            assertThat(e.owner()).isEqualTo(OLIVIA);
        });
    }

    @Test
    void twoCallersBuyingWithTheSameRequestIdWhileTheProcessorIsSlowAreChargedOnce() throws Exception {
        gateway.answerAfter(java.time.Duration.ofMillis(300));
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = threads.submit(() -> buy(1000, "same"));
            Thread.sleep(50);                        // the first is waiting for the processor's answer
            var second = threads.submit(() -> buy(1000, "same"));

            assertThat(first.get().accepted()).isTrue();
            assertThat(second.get().denial()).as("the second tells the purchase is under way, or its outcome")
                    .isIn(null, DenialCode.PAYMENT_PENDING);
        } finally {
            threads.shutdown();
        }
        assertThat(buy(1000, "same").accepted()).isTrue();
        assertThat(gateway.charged()).hasSize(1);
        assertThat(given.metrics().topUpCredits()).isEqualTo(1000);
        assertThat(given.metrics().balance()).isEqualTo(2000);
        given.assertGuaranteesHold();
    }
}
