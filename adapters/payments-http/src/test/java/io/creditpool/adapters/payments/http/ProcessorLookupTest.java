package io.creditpool.adapters.payments.http;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.creditpool.adapters.payments.http.HttpCardProcessor.CustomerLookup;
import io.creditpool.adapters.payments.http.HttpCardProcessor.Settings;
import io.creditpool.adapters.payments.http.ProcessorImitation.Charge;
import io.creditpool.adapters.payments.http.ProcessorImitation.Received;
import io.creditpool.adapters.payments.http.ProcessorImitation.Reply;
import io.creditpool.kernel.domain.Money;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.ChargeLookup;
import io.creditpool.kernel.port.out.ChargeRequest;
import io.creditpool.kernel.port.out.ChargeResult;
import io.creditpool.kernel.port.out.PaymentGateway.ChargeOutcomeUnknownException;
import io.creditpool.kernel.port.out.ProcessorCharge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Looking a purchase's payment up, and listing an installation's payments, against the imitation of a processor
 * that saves a 500 as a key's answer and forgets keys after 24 hours, as Stripe does.
 */
class ProcessorLookupTest {
    private static final TeamId ACME = TeamId.of("acme");
    private static final String INSTALLATION = "inst-a";
    private static final Settings FAST = Settings.DEFAULTS.withRequestTimeout(Duration.ofSeconds(3))
            .withConnectTimeout(Duration.ofSeconds(2)).withFirstBackoff(Duration.ofMillis(10));

    private final ProcessorImitation processor = ProcessorImitation.start();
    private final HttpCardProcessor adapter = new HttpCardProcessor(processor.baseUrl(), processor.secretKey(),
            CustomerLookup.teamIdIsCustomerId(), FAST);
    private WireMockServer plain;

    @AfterEach
    void stop() {
        processor.close();
        if (plain != null) {
            plain.stop();
        }
    }

    private static ChargeRequest purchase(TeamId team, int n, long cents) {
        return new ChargeRequest(team, INSTALLATION + ":" + team.value() + ":purchase:" + n, new Money(cents, "USD"),
                "top-up", INSTALLATION);
    }

    // the money taken, then a 500 the processor saved as the key's answer

    @Test
    void aChargeAnswered500AfterTheMoneyWasTakenIsFoundSucceededAndNeverChargedTwice() {
        processor.script(Reply.SERVER_ERROR_AFTER_CHARGE);
        ChargeRequest request = purchase(ACME, 1, 1999);

        assertThatThrownBy(() -> adapter.charge(request)).isInstanceOf(ChargeOutcomeUnknownException.class)
                .hasMessageContaining("saved HTTP 500").hasMessageContaining("looked up");
        assertThat(processor.charges()).hasSize(1);
        assertThat(processor.requests()).as("the first answer, then the saved one: no more asking").isEqualTo(2);
        String intent = processor.charges().get(0).intentId();

        assertThat(adapter.lookup(request)).isEqualTo(ChargeLookup.succeeded(intent));

        assertThatThrownBy(() -> adapter.charge(request)).as("charged again with the key: the saved 500")
                .isInstanceOf(ChargeOutcomeUnknownException.class).hasMessageContaining("saved HTTP 500");
        assertThat(processor.charges()).as("never a second charge").hasSize(1);

        processor.advance(Duration.ofHours(25));     // the processor forgets the key

        assertThat(adapter.lookup(request)).as("found by its metadata, the key forgotten")
                .isEqualTo(ChargeLookup.succeeded(intent));
        assertThat(processor.charges()).hasSize(1);
    }

    @Test
    void onceTheProcessorForgetsAKeyAChargeWithItTakesTheMoneyAgainWhichIsWhyTheLookupComesFirst() {
        ChargeRequest request = purchase(ACME, 1, 1999);
        adapter.charge(request);
        processor.advance(Duration.ofHours(23));
        adapter.charge(request);
        assertThat(processor.charges()).as("within 24 hours the key holds").hasSize(1);

        processor.advance(Duration.ofHours(2));
        adapter.charge(request);

        assertThat(processor.charges()).as("the imitation forgets keys as Stripe does").hasSize(2);
    }

    @Test
    void aProcessorThatDoesNotHonourKeysChargesEveryRequest() {
        processor.honourKeys(false);
        ChargeRequest request = purchase(ACME, 1, 1999);

        adapter.charge(request);
        adapter.charge(request);

        assertThat(processor.charges()).extracting(Charge::key).containsExactly(request.idempotencyKey(),
                request.idempotencyKey());
    }

    @Test
    void aLookupListsTheCustomersPaymentsAndNeverCharges() {
        ChargeRequest request = purchase(ACME, 1, 1999);
        adapter.charge(request);

        adapter.lookup(request);

        Received listing = processor.received().get(1);
        assertThat(listing.method()).isEqualTo("GET");
        assertThat(listing.path()).isEqualTo("/v1/payment_intents");
        assertThat(processor.requests()).as("no POST").isEqualTo(1);
        assertThat(processor.received()).filteredOn(r -> r.method().equals("GET")).hasSize(1);
    }

    // what a look-up answers

    @Test
    void aPurchaseNeverChargedIsNotFound() {
        adapter.charge(purchase(ACME, 1, 1999));
        adapter.charge(purchase(TeamId.of("globex"), 1, 1999));

        assertThat(adapter.lookup(purchase(ACME, 2, 1999))).isEqualTo(ChargeLookup.notFound());
    }

    @Test
    void aResetConnectionBeforeTheProcessorGotTheChargeIsNotFound() {
        processor.script(Reply.CONNECTION_RESET);
        ChargeRequest request = purchase(ACME, 1, 1999);

        HttpCardProcessor once = new HttpCardProcessor(processor.baseUrl(), processor.secretKey(),
                CustomerLookup.teamIdIsCustomerId(), FAST.withAttempts(1));

        assertThatThrownBy(() -> once.charge(request)).isInstanceOf(ChargeOutcomeUnknownException.class);
        assertThat(once.lookup(request)).isEqualTo(ChargeLookup.notFound());
        assertThat(processor.charges()).isEmpty();
    }

    @Test
    void aDeclinedPaymentIsFoundDeclinedWithItsCode() {
        processor.declineCustomer("acme");
        ChargeRequest request = purchase(ACME, 1, 1999);
        adapter.charge(request);

        assertThat(adapter.lookup(request)).isEqualTo(ChargeLookup.declined("insufficient_funds"));
    }

    @Test
    void aSaved500WithoutTheMoneyTakenIsFoundDeclined() {
        processor.script(Reply.SERVER_ERROR_SAVED);
        ChargeRequest request = purchase(ACME, 1, 1999);

        assertThatThrownBy(() -> adapter.charge(request)).isInstanceOf(ChargeOutcomeUnknownException.class);

        assertThat(adapter.lookup(request)).isInstanceOf(ChargeLookup.Found.class)
                .satisfies(found -> assertThat(((ChargeLookup.Found) found).result().succeeded()).isFalse());
        assertThat(processor.charges()).isEmpty();
    }

    @Test
    void aPaymentStillProcessingIsUnknown() {
        processor.script(Reply.STILL_PROCESSING);
        ChargeRequest request = purchase(ACME, 1, 1999);
        assertThatThrownBy(() -> adapter.charge(request)).isInstanceOf(ChargeOutcomeUnknownException.class);

        assertThat(adapter.lookup(request)).isInstanceOf(ChargeLookup.Unknown.class);
    }

    @Test
    void aPaymentOfAnotherKeyOfTheSameCustomerIsNotTaken() {
        adapter.charge(purchase(ACME, 1, 1999));

        assertThat(adapter.lookup(purchase(ACME, 11, 1999))).isEqualTo(ChargeLookup.notFound());
    }

    @Test
    void aPaymentCarryingThePurchasesKeyButNotItsChargeIsNeverTakenForIt() {
        ChargeRequest request = purchase(ACME, 4, 1999);
        processor.chargeDirectly("acme", 500, "usd", Map.of("creditpool_purchase", request.idempotencyKey(),
                "creditpool_installation", INSTALLATION));
        assertThat(adapter.lookup(request)).as("another amount").isInstanceOf(ChargeLookup.Unknown.class);

        ChargeRequest other = purchase(ACME, 5, 1999);
        processor.chargeDirectly("acme", 1999, "eur", Map.of("creditpool_purchase", other.idempotencyKey()));
        assertThat(adapter.lookup(other)).as("another currency").isInstanceOf(ChargeLookup.Unknown.class);

        ChargeRequest third = purchase(ACME, 6, 1999);
        processor.chargeDirectly("acme", 1999, "usd", Map.of("creditpool_purchase", third.idempotencyKey(),
                "creditpool_installation", "another-store"));
        assertThat(adapter.lookup(third)).as("another store's").isInstanceOf(ChargeLookup.Unknown.class);
    }

    @Test
    void aTeamWithoutACustomerCannotBeLookedUp() {
        HttpCardProcessor none = new HttpCardProcessor(processor.baseUrl(), processor.secretKey(), team -> null, FAST);
        assertThat(none.lookup(purchase(ACME, 7, 1999))).as("a charge may have been made before the customer went")
                .isInstanceOf(ChargeLookup.Unknown.class);
    }

    @Test
    void aPaymentMadeBeforeThePurchaseMetadataIsFoundByItsOldKeyField() {
        String intent = processor.chargeDirectly("acme", 1999, "usd", Map.of("creditpool_key", "acme:purchase:3"));

        assertThat(adapter.lookup(new ChargeRequest(ACME, "acme:purchase:3", new Money(1999, "USD"), "")))
                .isEqualTo(ChargeLookup.succeeded(intent));
    }

    @Test
    void everyPageIsReadSoAPaymentBehindAHundredOthersIsFound() {
        ChargeRequest first = purchase(ACME, 1, 100);
        adapter.charge(first);
        for (int n = 2; n <= 230; n++) {
            processor.chargeDirectly("acme", 100, "usd", Map.of("creditpool_purchase", "elsewhere-" + n));
        }

        assertThat(adapter.lookup(first)).isEqualTo(ChargeLookup.succeeded(processor.charges().get(0).intentId()));
        assertThat(processor.received()).filteredOn(r -> r.method().equals("GET")).hasSize(3);
    }

    @Test
    void aPaymentOlderThanTheLookbackIsNotListed() {
        ChargeRequest request = purchase(ACME, 1, 1999);
        adapter.charge(request);
        HttpCardProcessor shortSighted = new HttpCardProcessor(processor.baseUrl(), processor.secretKey(),
                CustomerLookup.teamIdIsCustomerId(), FAST.withLookback(Duration.ofDays(1)),
                java.time.Clock.fixed(processor.now().plus(Duration.ofDays(3)), java.time.ZoneOffset.UTC));

        assertThat(shortSighted.lookup(request)).isEqualTo(ChargeLookup.notFound());
        assertThat(adapter.lookup(request)).isInstanceOf(ChargeLookup.Found.class);
    }

    @Test
    void aListThatCannotBeReadIsUnknownNeverNotFound() {
        plain = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        plain.start();
        plain.stubFor(get(urlPathEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(503)));
        HttpCardProcessor unreachable = new HttpCardProcessor(URI.create("http://127.0.0.1:" + plain.port() + "/v1"),
                "sk_test_plain", CustomerLookup.teamIdIsCustomerId(), FAST.withAttempts(2));

        assertThat(unreachable.lookup(purchase(ACME, 1, 1999))).isInstanceOf(ChargeLookup.Unknown.class)
                .satisfies(u -> assertThat(((ChargeLookup.Unknown) u).why()).contains("HTTP 503"));
        assertThatThrownBy(() -> unreachable.charges(INSTALLATION, Instant.EPOCH))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("HTTP 503");

        plain.resetAll();
        plain.stubFor(get(urlPathEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(200)
                .withBody("{\"object\":\"list\"}")));
        assertThat(unreachable.lookup(purchase(ACME, 1, 1999))).as("an answer that is not a list")
                .isInstanceOf(ChargeLookup.Unknown.class);
    }

    @Test
    void aRefusedSecretKeyMakesTheLookupUnknownWithoutTheKeyInTheMessage() {
        HttpCardProcessor wrong = new HttpCardProcessor(processor.baseUrl(), "sk_test_wrong_12345678",
                CustomerLookup.teamIdIsCustomerId(), FAST);

        ChargeLookup answer = wrong.lookup(purchase(ACME, 1, 1999));

        assertThat(answer).isInstanceOf(ChargeLookup.Unknown.class);
        assertThat(((ChargeLookup.Unknown) answer).why()).contains("401").doesNotContain("sk_test_wrong_12345678");
    }

    // listing an installation's payments

    @Test
    void theInstallationsPaymentsAreListedWithTheirPurchaseAmountAndOutcomeAndNoOthers() {
        ChargeRequest paid = purchase(ACME, 1, 1999);
        adapter.charge(paid);
        processor.declineCustomer("globex");
        ChargeRequest declined = purchase(TeamId.of("globex"), 1, 500);
        adapter.charge(declined);
        adapter.charge(new ChargeRequest(ACME, "inst-b:acme:purchase:1", new Money(700, "EUR"), "", "inst-b"));
        processor.chargeDirectly("acme", 300, "usd", Map.of());

        List<ProcessorCharge> charges = adapter.charges(INSTALLATION, processor.now().minusSeconds(60));

        assertThat(charges).extracting(ProcessorCharge::purchase, ProcessorCharge::amount,
                ProcessorCharge::succeeded, ProcessorCharge::installation).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(paid.idempotencyKey(), new Money(1999, "USD"), true, INSTALLATION),
                org.assertj.core.groups.Tuple.tuple(declined.idempotencyKey(), new Money(500, "USD"), false,
                        INSTALLATION));
        assertThat(charges).filteredOn(ProcessorCharge::succeeded).singleElement()
                .satisfies(c -> assertThat(c.reference()).isEqualTo(processor.charges().get(0).intentId()))
                .satisfies(c -> assertThat(c.at()).isEqualTo(processor.now()));
        assertThat(adapter.charges("inst-b", Instant.EPOCH)).extracting(ProcessorCharge::amount)
                .containsExactly(new Money(700, "EUR"));
        assertThat(adapter.charges(INSTALLATION, processor.now().plusSeconds(60))).as("since later").isEmpty();
    }
}
