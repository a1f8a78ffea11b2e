package io.creditpool.adapters.payments.http;


import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.creditpool.adapters.payments.http.HttpCardProcessor.Customer;
import io.creditpool.adapters.payments.http.HttpCardProcessor.CustomerLookup;
import io.creditpool.adapters.payments.http.HttpCardProcessor.Settings;
import io.creditpool.adapters.payments.http.ProcessorImitation.Charge;
import io.creditpool.adapters.payments.http.ProcessorImitation.Received;
import io.creditpool.adapters.payments.http.ProcessorImitation.Reply;
import io.creditpool.kernel.domain.Money;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.ChargeRequest;
import io.creditpool.kernel.port.out.ChargeResult;
import io.creditpool.kernel.port.out.PaymentGateway.ChargeOutcomeUnknownException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The card processor adapter against an imitation of the processor: charged at most once, whatever goes wrong. */
class HttpCardProcessorTest {
    private static final TeamId ACME = TeamId.of("acme");
    /** Short enough to keep the tests fast, long enough for a busy machine. */
    private static final Settings FAST = Settings.DEFAULTS.withRequestTimeout(Duration.ofSeconds(3))
            .withConnectTimeout(Duration.ofSeconds(2)).withFirstBackoff(Duration.ofMillis(10));

    private final ProcessorImitation processor = ProcessorImitation.start();
    private WireMockServer plain;

    @AfterEach
    void stop() {
        processor.close();
        if (plain != null) {
            plain.stop();
        }
    }

    private HttpCardProcessor adapter(Settings settings) {
        return new HttpCardProcessor(processor.baseUrl(), processor.secretKey(), CustomerLookup.teamIdIsCustomerId(),
                settings);
    }

    private static ChargeRequest topUp(String key, long cents) {
        return new ChargeRequest(ACME, key, new Money(cents, "USD"), "Creditpool top-up: 1000 credits");
    }

    // what a charge sends

    @Test
    void aSuccessfulChargeSendsTheTopUpAsAFormAndAnswersWithThePaymentId() {
        ChargeResult result = adapter(FAST).charge(topUp("acme:purchase:1", 1999));

        assertThat(result.succeeded()).isTrue();
        assertThat(processor.charges()).containsExactly(
                new Charge("acme:purchase:1", "acme", 1999, "usd", result.reference()));
        Received request = processor.received().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/payment_intents");
        assertThat(request.authorization()).isEqualTo("Bearer " + processor.secretKey());
        assertThat(request.idempotencyKey()).isEqualTo("acme:purchase:1");
        assertThat(request.form()).containsExactly(
                Map.entry("amount", "1999"), Map.entry("currency", "usd"), Map.entry("customer", "acme"),
                Map.entry("confirm", "true"), Map.entry("off_session", "true"),
                Map.entry("description", "Creditpool top-up: 1000 credits"),
                Map.entry("metadata[team]", "acme"), Map.entry("metadata[creditpool_key]", "acme:purchase:1"),
                Map.entry("metadata[creditpool_purchase]", "acme:purchase:1"));
    }

    @Test
    void theInstallationIdIsSentWithThePurchaseKeyInTheMetadata() {
        adapter(FAST).charge(new ChargeRequest(ACME, "inst-1:acme:purchase:1", new Money(1999, "USD"), "top-up",
                "inst-1"));

        assertThat(processor.received().get(0).form())
                .containsEntry("metadata[creditpool_purchase]", "inst-1:acme:purchase:1")
                .containsEntry("metadata[creditpool_installation]", "inst-1");
    }

    @Test
    void chargingAgainWithTheSameKeyGetsTheSameAnswerAndTakesNothingMore() {
        HttpCardProcessor adapter = adapter(FAST);

        ChargeResult first = adapter.charge(topUp("acme:purchase:1", 1999));
        ChargeResult again = adapter.charge(topUp("acme:purchase:1", 1999));

        assertThat(again).isEqualTo(first);
        assertThat(processor.charges()).hasSize(1);
        assertThat(processor.idempotencyKeys()).containsExactly("acme:purchase:1", "acme:purchase:1");
    }

    @Test
    void theCustomerLookupChoosesTheCustomerAndTheCard() {
        HttpCardProcessor adapter = new HttpCardProcessor(processor.baseUrl(), processor.secretKey(),
                team -> new Customer("cus_" + team.value(), "pm_card_visa"), FAST);

        assertThat(adapter.charge(topUp("acme:purchase:1", 500)).succeeded()).isTrue();

        assertThat(processor.received().get(0).form())
                .containsEntry("customer", "cus_acme").containsEntry("payment_method", "pm_card_visa");
        assertThat(processor.charges()).extracting(Charge::customer).containsExactly("cus_acme");
    }

    @Test
    void aTeamWithoutACustomerIsDeclinedWithoutAsking() {
        HttpCardProcessor adapter = new HttpCardProcessor(processor.baseUrl(), processor.secretKey(), team -> null,
                FAST);

        ChargeResult result = adapter.charge(topUp("acme:purchase:1", 500));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.reference()).contains("no customer");
        assertThat(processor.requests()).isZero();
    }

    // declines

    @Test
    void aDeclinedCardIsDeclinedWithTheDeclineCodeAndNothingIsCharged() {
        processor.declineCustomer("acme");

        ChargeResult result = adapter(FAST).charge(topUp("acme:purchase:1", 1999));

        assertThat(result).isEqualTo(ChargeResult.declined("insufficient_funds"));
        assertThat(processor.charges()).isEmpty();
        assertThat(processor.requests()).as("a decline is final: no retry").isEqualTo(1);
    }

    @Test
    void aScriptedDeclineIsDeclinedAndTheNextPurchaseSucceeds() {
        processor.script(Reply.DECLINE);
        HttpCardProcessor adapter = adapter(FAST);

        assertThat(adapter.charge(topUp("acme:purchase:1", 1999)).succeeded()).isFalse();
        assertThat(adapter.charge(topUp("acme:purchase:2", 1999)).succeeded()).isTrue();
        assertThat(processor.charges()).extracting(Charge::key).containsExactly("acme:purchase:2");
    }

    @Test
    void aRequestTheProcessorRefusesAsInvalidIsDeclinedNamingItsErrorCode() {
        ChargeResult result = adapter(FAST).charge(topUp("acme:purchase:1", 0));  // the processor wants at least 1

        assertThat(result.succeeded()).isFalse();
        assertThat(result.reference()).startsWith("the processor refused the request: parameter_invalid: amount");
        assertThat(processor.charges()).isEmpty();
        assertThat(processor.requests()).isEqualTo(1);
    }

    // the processor took the money but the answer did not arrive

    @Test
    void anAnswerThatComesTooLateIsAskedForAgainWithTheSameKeyAndTheMoneyIsTakenOnce() {
        processor.delayAfterCharge(Duration.ofSeconds(1));
        processor.script(Reply.TIMEOUT_AFTER_CHARGE);

        ChargeResult result = adapter(FAST.withRequestTimeout(Duration.ofMillis(300)))
                .charge(topUp("acme:purchase:1", 1999));

        assertThat(result.succeeded()).isTrue();
        assertThat(processor.charges()).singleElement()
                .satisfies(charge -> assertThat(charge.intentId()).isEqualTo(result.reference()));
        assertThat(processor.idempotencyKeys()).hasSizeGreaterThanOrEqualTo(2).containsOnly("acme:purchase:1");
    }

    @Test
    void aGarbledAnswerAfterTheChargeIsAskedForAgainAndTheMoneyIsTakenOnce() {
        processor.script(Reply.MALFORMED_AFTER_CHARGE);

        ChargeResult result = adapter(FAST).charge(topUp("acme:purchase:1", 1999));

        assertThat(result.succeeded()).isTrue();
        assertThat(processor.charges()).hasSize(1);
        assertThat(processor.idempotencyKeys()).containsExactly("acme:purchase:1", "acme:purchase:1");
    }

    @Test
    void garbledAnswersOnEveryAttemptLeaveTheOutcomeUnknownAndALaterChargeWithTheSameKeyLearnsIt() {
        processor.script(Reply.MALFORMED_AFTER_CHARGE, Reply.MALFORMED_AFTER_CHARGE, Reply.MALFORMED_AFTER_CHARGE);
        HttpCardProcessor adapter = adapter(FAST);

        assertThatThrownBy(() -> adapter.charge(topUp("acme:purchase:1", 1999)))
                .isInstanceOf(ChargeOutcomeUnknownException.class)
                .hasMessageContaining("acme:purchase:1").hasMessageContaining("3 attempts")
                .hasMessageContaining("HTTP 200").hasMessageContaining("unreadable body")
                .hasMessageNotContaining(processor.secretKey());
        assertThat(processor.requests()).isEqualTo(3);
        assertThat(processor.charges()).hasSize(1);

        ChargeResult later = adapter.charge(topUp("acme:purchase:1", 1999));

        assertThat(later.succeeded()).isTrue();
        assertThat(later.reference()).isEqualTo(processor.charges().get(0).intentId());
        assertThat(processor.charges()).hasSize(1);
    }

    // the processor did not get to it

    @Test
    void aServerErrorIsRetriedWithTheSameKey() {
        processor.script(Reply.SERVER_ERROR);

        ChargeResult result = adapter(FAST).charge(topUp("acme:purchase:1", 1999));

        assertThat(result.succeeded()).isTrue();
        assertThat(processor.charges()).hasSize(1);
        assertThat(processor.idempotencyKeys()).containsExactly("acme:purchase:1", "acme:purchase:1");
    }

    @Test
    void aResetConnectionIsRetriedWithTheSameKey() {
        processor.script(Reply.CONNECTION_RESET);

        ChargeResult result = adapter(FAST).charge(topUp("acme:purchase:1", 1999));

        assertThat(result.succeeded()).isTrue();
        assertThat(processor.charges()).hasSize(1);
        assertThat(processor.idempotencyKeys()).containsExactly("acme:purchase:1", "acme:purchase:1");
    }

    @Test
    void beingRateLimitedIsRetriedWithTheSameKey() {
        processor.script(Reply.RATE_LIMITED);

        ChargeResult result = adapter(FAST).charge(topUp("acme:purchase:1", 1999));

        assertThat(result.succeeded()).isTrue();
        assertThat(processor.charges()).hasSize(1);
        assertThat(processor.requests()).isEqualTo(2);
    }

    @Test
    void serverErrorsOnEveryAttemptLeaveTheOutcomeUnknownNamingTheStatus() {
        processor.script(Reply.SERVER_ERROR, Reply.RATE_LIMITED, Reply.SERVER_ERROR);

        assertThatThrownBy(() -> adapter(FAST).charge(topUp("acme:purchase:1", 1999)))
                .isInstanceOf(ChargeOutcomeUnknownException.class)
                .hasMessageContaining("3 attempts").hasMessageContaining("HTTP 500")
                .hasMessageNotContaining(processor.secretKey());
        assertThat(processor.requests()).isEqualTo(3);
        assertThat(processor.charges()).isEmpty();
    }

    @Test
    void resetConnectionsOnEveryAttemptLeaveTheOutcomeUnknownNamingTheException() {
        processor.script(Reply.CONNECTION_RESET, Reply.CONNECTION_RESET);

        assertThatThrownBy(() -> adapter(FAST.withAttempts(2)).charge(topUp("acme:purchase:1", 1999)))
                .isInstanceOf(ChargeOutcomeUnknownException.class)
                .hasMessageContaining("2 attempts").hasMessageContaining("IOException")
                .hasCauseInstanceOf(IOException.class);
        assertThat(processor.requests()).isEqualTo(2);
        assertThat(processor.charges()).isEmpty();
    }

    @Test
    void aProcessorThatCannotBeReachedLeavesTheOutcomeUnknown() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HttpCardProcessor adapter = new HttpCardProcessor(URI.create("http://127.0.0.1:" + closedPort + "/v1"),
                "sk_test_nowhere", CustomerLookup.teamIdIsCustomerId(), FAST.withAttempts(2));

        assertThatThrownBy(() -> adapter.charge(topUp("acme:purchase:1", 1999)))
                .isInstanceOf(ChargeOutcomeUnknownException.class)
                .hasMessageContaining("the connection failed").hasMessageContaining("ConnectException")
                .hasMessageNotContaining("sk_test_nowhere");
    }

    // credentials and idempotency refused

    @Test
    void aRefusedSecretKeyLeavesTheOutcomeUnknownAtOnceWithoutTheKeyInTheMessage() {
        String wrongKey = "sk_test_wrong_" + "x".repeat(20);
        HttpCardProcessor adapter = new HttpCardProcessor(processor.baseUrl(), wrongKey,
                CustomerLookup.teamIdIsCustomerId(), FAST);

        assertThatThrownBy(() -> adapter.charge(topUp("acme:purchase:1", 1999)))
                .isInstanceOf(ChargeOutcomeUnknownException.class)
                .hasMessageContaining("401").hasMessageContaining("refused the secret key")
                .hasMessageContaining("CREDITPOOL_PAYMENTS_KEY")
                .hasMessageNotContaining(wrongKey).hasMessageNotContaining(processor.secretKey());
        assertThat(processor.requests()).as("not retried: the key would be refused again").isEqualTo(1);
        assertThat(processor.charges()).isEmpty();
    }

    @Test
    void theSecretKeyIsLeftOutEvenWhenTheProcessorEchoesIt() {
        plain = plainServer();
        plain.stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(403)
                .withBody("{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"key sk_live_echoed1234 "
                        + "may not do this\"}}")));
        HttpCardProcessor adapter = new HttpCardProcessor(plainUrl(), "sk_live_echoed1234",
                CustomerLookup.teamIdIsCustomerId(), FAST);

        assertThatThrownBy(() -> adapter.charge(topUp("acme:purchase:1", 1999)))
                .isInstanceOf(ChargeOutcomeUnknownException.class)
                .hasMessageContaining("HTTP 403").hasMessageContaining("may not do this")
                .hasMessageNotContaining("sk_live_echoed1234");
        assertThat(adapter.toString()).doesNotContain("sk_live_echoed1234");
    }

    @Test
    void theSameKeyForAnotherAmountIsNotADeclineButAnUnknownOutcome() {
        HttpCardProcessor adapter = adapter(FAST);
        adapter.charge(topUp("acme:purchase:1", 1999));

        // the processor's idempotency error says nothing of the first request, which took the money
        assertThatThrownBy(() -> adapter.charge(topUp("acme:purchase:1", 2999)))
                .isInstanceOf(ChargeOutcomeUnknownException.class)
                .hasMessageContaining("idempotency key acme:purchase:1");
        assertThat(processor.charges()).extracting(Charge::amountMinor).containsExactly(1999L);
        assertThat(processor.requests()).isEqualTo(2);
    }

    // a payment still processing

    @Test
    void aPaymentStillProcessingIsLookedUpOnceAndSucceedsAsItSays() {
        processor.script(Reply.PROCESSING);

        ChargeResult result = adapter(FAST).charge(topUp("acme:purchase:1", 1999));

        assertThat(result.succeeded()).isTrue();
        assertThat(processor.charges()).singleElement()
                .satisfies(charge -> assertThat(charge.intentId()).isEqualTo(result.reference()));
        assertThat(processor.received()).extracting(Received::method, Received::path).containsExactly(
                tuple("POST", "/v1/payment_intents"),
                tuple("GET", "/v1/payment_intents/" + result.reference()));
        assertThat(processor.received().get(1).authorization()).isEqualTo("Bearer " + processor.secretKey());
    }

    @Test
    void aProcessingPaymentThatFailsIsDeclined() {
        processor.script(Reply.PROCESSING);
        processor.declineCustomer("acme");

        ChargeResult result = adapter(FAST).charge(topUp("acme:purchase:1", 1999));

        assertThat(result).isEqualTo(ChargeResult.declined("insufficient_funds"));
        assertThat(processor.charges()).isEmpty();
    }

    @Test
    void aPaymentStillProcessingAfterTheLookUpLeavesTheOutcomeUnknown() {
        processor.script(Reply.STILL_PROCESSING);

        assertThatThrownBy(() -> adapter(FAST).charge(topUp("acme:purchase:1", 1999)))
                .isInstanceOf(ChargeOutcomeUnknownException.class)
                .hasMessageContaining("still processing");
        assertThat(processor.received()).extracting(Received::method).containsExactly("POST", "GET");
    }

    // answers the imitation does not give: a plain stubbed server

    @Test
    void aCanceledPaymentIsDeclinedWithItsErrorCode() {
        plain = plainServer();
        plain.stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(200)
                .withBody("{\"id\":\"pi_1\",\"status\":\"canceled\",\"last_payment_error\":{\"code\":\"expired_card\"}}")));

        assertThat(plainAdapter().charge(topUp("acme:purchase:1", 1999)))
                .isEqualTo(ChargeResult.declined("expired_card"));
    }

    @Test
    void aPaymentNeedingAnotherCardIsDeclinedWithItsStatusWhenNoCodeIsGiven() {
        plain = plainServer();
        plain.stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(200)
                .withBody("{\"id\":\"pi_1\",\"status\":\"requires_payment_method\"}")));

        assertThat(plainAdapter().charge(topUp("acme:purchase:1", 1999)))
                .isEqualTo(ChargeResult.declined("requires_payment_method"));
    }

    @Test
    void aDeclineWithoutADeclineCodeIsDeclinedWithItsCode() {
        plain = plainServer();
        plain.stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(402)
                .withBody("{\"error\":{\"type\":\"card_error\",\"code\":\"expired_card\",\"message\":\"old\"}}")));

        assertThat(plainAdapter().charge(topUp("acme:purchase:1", 1999)))
                .isEqualTo(ChargeResult.declined("expired_card"));
    }

    @Test
    void anUnknownCustomerIsDeclinedNamingTheProcessorsErrorAndMessage() {
        plain = plainServer();
        plain.stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(404)
                .withBody("{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\","
                        + "\"message\":\"No such customer: 'acme'\"}}")));

        assertThat(plainAdapter().charge(topUp("acme:purchase:1", 1999))).isEqualTo(ChargeResult.declined(
                "the processor refused the request: resource_missing: No such customer: 'acme'"));
    }

    @Test
    void anErrorStatusWithABodyThatIsNotTheProcessorsIsNotADecline() {
        plain = plainServer();
        plain.stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(404)
                .withBody("<html>Not Found</html>")));

        assertThatThrownBy(() -> plainAdapter().charge(topUp("acme:purchase:1", 1999)))
                .isInstanceOf(ChargeOutcomeUnknownException.class).hasMessageContaining("HTTP 404");
    }

    @Test
    void anAnswerWithoutAStatusIsRetriedThenUnknown() {
        plain = plainServer();
        plain.stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(200)
                .withBody("{\"id\":\"pi_1\"}")));

        assertThatThrownBy(() -> plainAdapter().charge(topUp("acme:purchase:1", 1999)))
                .isInstanceOf(ChargeOutcomeUnknownException.class).hasMessageContaining("without a payment status");
        plain.verify(3, postRequestedFor(urlEqualTo("/v1/payment_intents")));
    }

    @Test
    void aConcurrentRequestWithTheSameKeyIsRetried() {
        plain = plainServer();
        plain.stubFor(post(urlEqualTo("/v1/payment_intents")).inScenario("conflict")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("free")
                .willReturn(aResponse().withStatus(409).withBody("{\"error\":{\"type\":\"idempotency_error\","
                        + "\"message\":\"There is currently another in-progress request using this key\"}}")));
        plain.stubFor(post(urlEqualTo("/v1/payment_intents")).inScenario("conflict").whenScenarioStateIs("free")
                .willReturn(aResponse().withStatus(200).withBody("{\"id\":\"pi_7\",\"status\":\"succeeded\"}")));

        assertThat(plainAdapter().charge(topUp("acme:purchase:1", 1999))).isEqualTo(ChargeResult.succeeded("pi_7"));
        plain.verify(2, postRequestedFor(urlEqualTo("/v1/payment_intents")));
    }

    @Test
    void aFailedLookUpOfAProcessingPaymentLeavesTheOutcomeUnknown() {
        plain = plainServer();
        plain.stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(200)
                .withBody("{\"id\":\"pi_9\",\"status\":\"processing\"}")));
        plain.stubFor(get(urlEqualTo("/v1/payment_intents/pi_9")).willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> plainAdapter().charge(topUp("acme:purchase:1", 1999)))
                .isInstanceOf(ChargeOutcomeUnknownException.class)
                .hasMessageContaining("pi_9").hasMessageContaining("HTTP 503");
        plain.verify(1, postRequestedFor(urlEqualTo("/v1/payment_intents")));
    }

    // settings

    @Test
    void theBackoffDoublesFromTheFirstUpToTwoSeconds() {
        HttpCardProcessor adapter = adapter(FAST.withFirstBackoff(Duration.ofMillis(300)));

        assertThat(adapter.backoff(1)).isEqualTo(Duration.ofMillis(300));
        assertThat(adapter.backoff(2)).isEqualTo(Duration.ofMillis(600));
        assertThat(adapter.backoff(3)).isEqualTo(Duration.ofMillis(1200));
        assertThat(adapter.backoff(4)).isEqualTo(Duration.ofSeconds(2));
        assertThat(adapter.backoff(9)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void invalidArgumentsAreRefusedNamingTheField() {
        CustomerLookup teams = CustomerLookup.teamIdIsCustomerId();
        URI url = URI.create("https://processor.example/v1");
        assertThatThrownBy(() -> new HttpCardProcessor(null, "sk", teams, FAST)).hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> new HttpCardProcessor(URI.create("ftp://processor.example/v1"), "sk", teams, FAST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseUrl")
                .hasMessageContaining("http");
        assertThatThrownBy(() -> new HttpCardProcessor(URI.create("processor.example/v1"), "sk", teams, FAST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> new HttpCardProcessor(URI.create("https://u:hunter2@processor.example/v1"), "sk",
                teams, FAST)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseUrl")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> new HttpCardProcessor(url, null, teams, FAST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secretKey");
        assertThatThrownBy(() -> new HttpCardProcessor(url, " ", teams, FAST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secretKey");
        assertThatThrownBy(() -> new HttpCardProcessor(url, "sk_live with space", teams, FAST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secretKey")
                .hasMessageNotContaining("sk_live");
        assertThatThrownBy(() -> new HttpCardProcessor(url, "sk", null, FAST)).hasMessageContaining("customers");
        assertThatThrownBy(() -> new HttpCardProcessor(url, "sk", teams, null)).hasMessageContaining("settings");
        assertThatThrownBy(() -> FAST.withAttempts(0)).hasMessageContaining("attempts");
        assertThatThrownBy(() -> FAST.withRequestTimeout(Duration.ZERO)).hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> FAST.withConnectTimeout(null)).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> FAST.withFirstBackoff(Duration.ofMillis(-1))).hasMessageContaining("firstBackoff");
        assertThatThrownBy(() -> new Customer(" ", null)).hasMessageContaining("customerId");
        assertThat(new HttpCardProcessor(URI.create("http://processor.example/v1/"), "sk")).hasToString(
                "HttpCardProcessor[http://processor.example/v1]");
    }

    @Test
    void fromSettingsReadsTheUrlAndTheKeyFromThePropertyOrElseTheEnvironment() {
        String url = processor.baseUrl().toString();
        Function<String, String> none = name -> null;
        Function<String, String> rightKey = name -> name.equals("creditpool.payments.key")
                || name.equals("CREDITPOOL_PAYMENTS_KEY") ? processor.secretKey() : null;
        Function<String, String> wrongKey = name -> name.equals("creditpool.payments.key")
                || name.equals("CREDITPOOL_PAYMENTS_KEY") ? "sk_test_wrong" : null;

        assertThat(HttpCardProcessor.fromSettings(url, none, rightKey).charge(topUp("k-1", 100)).succeeded())
                .as("the environment variable").isTrue();
        assertThat(HttpCardProcessor.fromSettings(" " + url + " ", rightKey, wrongKey).charge(topUp("k-2", 100))
                .succeeded()).as("the property wins").isTrue();
        assertThat(processor.charges()).hasSize(2);
    }

    @Test
    void fromSettingsRefusesAMissingUrlOrKeyNamingWhatIsMissing() {
        Function<String, String> none = name -> null;
        Function<String, String> key = name -> name.equals("CREDITPOOL_PAYMENTS_KEY") ? "sk_test_1" : null;

        assertThatThrownBy(() -> HttpCardProcessor.fromSettings("", none, key))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("URL")
                .hasMessageContaining("creditpool.payments=http:");
        assertThatThrownBy(() -> HttpCardProcessor.fromSettings("https://processor.example/v1", none, none))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CREDITPOOL_PAYMENTS_KEY")
                .hasMessageContaining("creditpool.payments.key");
        assertThatThrownBy(() -> HttpCardProcessor.fromSettings("https://processor example", none, key))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> HttpCardProcessor.fromSettings("file:/tmp/x", none, key))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseUrl");
        assertThat(new HttpCardProcessor.Plugin().name()).isEqualTo("http");
        assertThatThrownBy(() -> new HttpCardProcessor.Plugin().open(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("URL");
    }

    private static WireMockServer plainServer() {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        return server;
    }

    private URI plainUrl() {
        return URI.create("http://127.0.0.1:" + plain.port() + "/v1");
    }

    private HttpCardProcessor plainAdapter() {
        return new HttpCardProcessor(plainUrl(), "sk_test_plain", CustomerLookup.teamIdIsCustomerId(), FAST);
    }
}
