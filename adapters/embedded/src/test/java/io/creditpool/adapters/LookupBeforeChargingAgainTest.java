package io.creditpool.adapters;

import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.out.ChargeLookup;
import io.creditpool.kernel.port.out.ChargeRequest;
import io.creditpool.kernel.port.out.ChargeResult;
import io.creditpool.kernel.port.out.PaymentGateway;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.creditpool.adapters.Given.ACME;
import static io.creditpool.adapters.Given.ENT;
import static io.creditpool.adapters.Given.OLIVIA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A purchase whose first charge had no known outcome is looked up at the processor before anything is charged again:
 * what the look-up finds decides, and the key never changes.
 */
class LookupBeforeChargingAgainTest {
    /** A processor a test scripts: the first charge's answer is lost, look-ups answer what the test says. */
    private static final class ScriptedProcessor implements PaymentGateway {
        final SandboxPaymentGateway sandbox = new SandboxPaymentGateway();
        final List<ChargeRequest> charges = new ArrayList<>();
        final List<ChargeRequest> lookups = new ArrayList<>();
        ChargeLookup lookupAnswer = ChargeLookup.notFound();
        boolean takeTheFirstAndLoseTheAnswer = true;

        @Override
        public synchronized ChargeResult charge(ChargeRequest request) {
            charges.add(request);
            ChargeResult result = sandbox.charge(request);
            if (takeTheFirstAndLoseTheAnswer) {
                takeTheFirstAndLoseTheAnswer = false;
                throw new ChargeOutcomeUnknownException("read timeout");
            }
            return result;
        }

        @Override
        public synchronized ChargeLookup lookup(ChargeRequest request) {
            lookups.add(request);
            return lookupAnswer;
        }
    }

    private final ScriptedProcessor processor = new ScriptedProcessor();
    private final Given given = Given.creditpool(processor.sandbox, processor).team(ENT, 2);

    private Decision buy() {
        return given.pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 1000, Given.id("r-1")));
    }

    private void whenDueAgain() {
        given.clock.advance(Duration.ofMinutes(10));
        given.pool.settlePurchases();
    }

    @Test
    void aChargeFoundPaidIsGrantedWithoutChargingAgain() {
        assertThat(buy().denial()).isEqualTo(DenialCode.PAYMENT_PENDING);
        processor.lookupAnswer = ChargeLookup.succeeded("ch_found");

        whenDueAgain();

        assertThat(processor.charges).hasSize(1);
        assertThat(processor.lookups).singleElement().satisfies(r -> assertThat(r.idempotencyKey())
                .isEqualTo(firstKey()));
        assertThat(given.metrics().topUpCredits()).isEqualTo(1000);
        assertThat(buy().accepted()).isTrue();
        assertThat(processor.charges).hasSize(1);
        given.assertGuaranteesHold();
    }

    @Test
    void aChargeFoundDeclinedGrantsNothingAndEndsThePurchase() {
        buy();
        processor.lookupAnswer = ChargeLookup.declined("insufficient_funds");

        whenDueAgain();

        assertThat(processor.charges).hasSize(1);
        assertThat(given.metrics().pendingPurchases()).isZero();
        assertThat(given.metrics().topUpCredits()).isZero();
        assertThat(buy().denial()).isEqualTo(DenialCode.PAYMENT_DECLINED);
    }

    @Test
    void nothingFoundIsChargedAgainWithTheSameKey() {
        buy();
        processor.lookupAnswer = ChargeLookup.notFound();

        whenDueAgain();

        assertThat(processor.charges).extracting(ChargeRequest::idempotencyKey).containsExactly(firstKey(),
                firstKey());
        assertThat(given.metrics().topUpCredits()).isEqualTo(1000);
        given.assertGuaranteesHold();
    }

    @Test
    void aProcessorThatCannotBeAskedIsAskedAgainLaterWithoutACharge() {
        buy();
        processor.lookupAnswer = ChargeLookup.unknown("the processor did not answer");

        whenDueAgain();

        assertThat(processor.charges).as("no charge while the processor cannot say").hasSize(1);
        assertThat(processor.lookups).hasSize(1);
        assertThat(given.metrics().pendingPurchases()).isEqualTo(1);
        assertThat(buy().denial()).isEqualTo(DenialCode.PAYMENT_PENDING);

        processor.lookupAnswer = ChargeLookup.succeeded("ch_found");
        whenDueAgain();

        assertThat(processor.charges).hasSize(1);
        assertThat(given.metrics().topUpCredits()).isEqualTo(1000);
        given.assertGuaranteesHold();
    }

    @Test
    void everyChargeCarriesTheStoresInstallationId() {
        buy();
        whenDueAgain();

        assertThat(processor.charges).extracting(ChargeRequest::installation)
                .containsOnly(given.pool.component(io.creditpool.kernel.port.out.CreditStore.class).installationId());
    }

    /** A processor whose plugin cannot look charges up: every charge's answer is lost. */
    private static final class ProcessorWithoutLookUp implements PaymentGateway {
        final SandboxPaymentGateway sandbox = new SandboxPaymentGateway();
        final List<ChargeRequest> charges = new ArrayList<>();

        @Override
        public synchronized ChargeResult charge(ChargeRequest request) {
            charges.add(request);
            sandbox.charge(request);
            throw new ChargeOutcomeUnknownException("read timeout");
        }
    }

    @Test
    void withoutALookUpAPurchaseIsChargedAgainOnlyWhileTheProcessorStillKnowsItsKey() {
        ProcessorWithoutLookUp blind = new ProcessorWithoutLookUp();
        Given team = Given.creditpool(blind.sandbox, blind).team(ENT, 2);
        assertThat(team.pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 1000, Given.id("r-1"))).denial())
                .isEqualTo(DenialCode.PAYMENT_PENDING);

        team.clock.advance(Duration.ofHours(6));
        team.pool.settlePurchases();
        assertThat(blind.charges).as("charged again with its key: the processor still remembers it").hasSize(2);

        team.clock.advance(Duration.ofHours(18));
        team.pool.settlePurchases();
        team.clock.advance(Duration.ofHours(7));
        team.pool.settlePurchases();
        assertThat(blind.charges).as("a day on, the key may be forgotten: no charge without a look-up").hasSize(2);
        assertThat(team.metrics().pendingPurchases()).as("it stays pending, for an operator").isEqualTo(1);
        assertThat(team.metrics().topUpCredits()).isZero();
        team.assertGuaranteesHold();
    }

    /** The key of the team's first purchase: the store's installation id, then the team's own count. */
    private String firstKey() {
        return given.pool.component(io.creditpool.kernel.port.out.CreditStore.class).installationId()
                + ":acme:purchase:1";
    }
}
