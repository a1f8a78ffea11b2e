package io.creditpool.adapters.payments;

import io.creditpool.adapters.Given;
import io.creditpool.adapters.payments.PaymentReconciliation.Finding;
import io.creditpool.adapters.payments.PaymentReconciliation.Kind;
import io.creditpool.adapters.payments.PaymentReconciliation.Report;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.Money;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.out.ChargeRequest;
import io.creditpool.kernel.port.out.ChargeResult;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.PaymentGateway;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.creditpool.adapters.Given.ACME;
import static io.creditpool.adapters.Given.ENT;
import static io.creditpool.adapters.Given.OLIVIA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The processor's charges against the ledger, with the sandbox as the processor: each kind of disagreement. */
class PaymentReconciliationTest {
    private static final Instant LONG_AGO = Instant.EPOCH;

    private final SandboxPaymentGateway sandbox = new SandboxPaymentGateway();
    private final Given given = Given.creditpool(sandbox).team(ENT, 2);
    private final CreditStore store = given.pool.component(CreditStore.class);
    private final String installation = store.installationId();

    private void buy(String request) {
        given.pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 1000, RequestId.of(request)));
    }

    private String key(int n) {
        return installation + ":acme:purchase:" + n;
    }

    @Test
    void paidTopUpsAgreeWithTheProcessor() {
        buy("r-1");
        buy("r-2");

        Report report = PaymentReconciliation.reconcile(store, sandbox, LONG_AGO);

        assertThat(report.clean()).as("%s", report.findings()).isTrue();
        assertThat(report.processorCharges()).isEqualTo(2);
        assertThat(report.ledgerCharges()).isEqualTo(2);
        assertThat(PaymentReconciliation.lines(report)).last().asString().contains("they agree");
    }

    @Test
    void aChargeTheLedgerDoesNotHoldIsChargedNotGranted() {
        buy("r-1");
        ChargeResult stray = sandbox.chargeDirectly(new ChargeRequest(ACME, key(5), new Money(700, "USD"), "",
                installation));

        Report report = PaymentReconciliation.reconcile(store, sandbox, LONG_AGO);

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.CHARGED_NOT_GRANTED);
            assertThat(f.team()).isEqualTo(ACME);
            assertThat(f.purchase()).isEqualTo(key(5));
            assertThat(f.reference()).isEqualTo(stray.reference());
            assertThat(f.charged()).isEqualTo(new Money(700, "USD"));
        });
    }

    @Test
    void anotherInstallationsChargesAreNotThisStoresConcern() {
        buy("r-1");
        sandbox.chargeDirectly(new ChargeRequest(ACME, "elsewhere:acme:purchase:1", new Money(700, "USD"), "",
                "elsewhere"));

        assertThat(PaymentReconciliation.reconcile(store, sandbox, LONG_AGO).clean()).isTrue();
    }

    @Test
    void aGrantWhoseChargeTheProcessorDoesNotHoldIsGrantedNotCharged() {
        buy("r-1");
        SandboxPaymentGateway another = new SandboxPaymentGateway();     // a processor that never saw the charge

        Report report = PaymentReconciliation.reconcile(store, another, LONG_AGO);

        assertThat(report.findings()).extracting(Finding::kind, Finding::purchase)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.GRANTED_NOT_CHARGED, key(1)));
        assertThat(report.findings().get(0).ledger()).isEqualTo(new Money(2000, "USD"));
    }

    @Test
    void aChargeOfAnotherAmountThanTheLedgerSaysIsReported() {
        buy("r-1");
        SandboxPaymentGateway another = new SandboxPaymentGateway();
        another.chargeDirectly(new ChargeRequest(ACME, key(1), new Money(2500, "USD"), "", installation));

        Report report = PaymentReconciliation.reconcile(store, another, LONG_AGO);

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.AMOUNT_DIFFERS);
            assertThat(f.charged()).isEqualTo(new Money(2500, "USD"));
            assertThat(f.ledger()).isEqualTo(new Money(2000, "USD"));
        });
    }

    @Test
    void onePurchaseChargedTwiceIsReported() {
        buy("r-1");
        sandbox.chargeDirectly(new ChargeRequest(ACME, key(1), new Money(2000, "USD"), "", installation));

        assertThat(PaymentReconciliation.reconcile(store, sandbox, LONG_AGO).findings()).extracting(Finding::kind)
                .containsExactly(Kind.CHARGED_TWICE);
    }

    @Test
    void aChargeTakenForAPurchaseStillPendingIsToldApartForRecovery() {
        sandbox.behave(SandboxPaymentGateway.Behaviour.TIMEOUT);
        given.pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 1000, RequestId.of("r-1")));
        assertThat(given.metrics().pendingPurchases()).isEqualTo(1);

        Report report = PaymentReconciliation.reconcile(store, sandbox, LONG_AGO);

        assertThat(report.findings()).extracting(Finding::kind).containsExactly(Kind.CHARGED_PENDING);
        assertThat(report.findings().get(0).detail()).contains("recover");
    }

    @Test
    void askingFirstGrantsAPendingPurchaseWhoseChargeTheProcessorHoldsWithoutChargingAgain() {
        sandbox.behave(SandboxPaymentGateway.Behaviour.TIMEOUT);
        assertThat(given.pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 1000, RequestId.of("r-1"))).denial())
                .isEqualTo(DenialCode.PAYMENT_PENDING);
        int attempts = sandbox.attempts();
        AskFirstPaymentGateway askFirst = new AskFirstPaymentGateway(sandbox);

        ChargeResult result = askFirst.charge(new ChargeRequest(ACME, key(1), new Money(2000, "USD"), "",
                installation));

        assertThat(result).isEqualTo(ChargeResult.succeeded("sandbox-charge-1"));
        assertThat(sandbox.attempts()).as("looked up, not charged").isEqualTo(attempts);
        sandbox.behave(SandboxPaymentGateway.Behaviour.ACCEPT);
        assertThat(askFirst.charge(new ChargeRequest(ACME, key(2), new Money(2000, "USD"), "", installation))
                .succeeded()).as("a purchase the processor never saw is charged").isTrue();
        assertThat(sandbox.attempts()).isEqualTo(attempts + 1);
    }

    @Test
    void aPluginThatCannotListItsChargesIsToldSo() {
        PaymentGateway cannotList = request -> ChargeResult.succeeded("x");

        assertThatThrownBy(() -> PaymentReconciliation.reconcile(store, cannotList, LONG_AGO))
                .isInstanceOf(PaymentReconciliation.CannotReconcile.class).hasMessageContaining("cannot list");
    }
}
