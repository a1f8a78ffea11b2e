package io.creditpool.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.creditpool.Creditpool;
import io.creditpool.adapters.keys.InMemoryApiKeys;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.adapters.store.StoreSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhooks an operator runs: deliveries signed the Standard Webhooks way beside Creditpool's own header, a secret
 * rotated with an overlap in which each delivery is signed with both secrets, and events sent again on request; bad
 * input to each is a problem naming the field.
 */
class WebhookOperationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** One request the receiver got: the headers of interest and the body. */
    record Received(String eventId, String signature, String standardId, String standardTimestamp,
            String standardSignature, String body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer receiver;
    private Creditpool pool;
    private HttpService service;
    private String key;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", this::receive);
        receiver.start();
        pool = Creditpool.builder().payments(new SandboxPaymentGateway()).store(StoreSettings.MEMORY).build();
        InMemoryApiKeys keys = new InMemoryApiKeys();
        key = keys.create("shop").key();
        service = HttpService.start(pool, keys, "127.0.0.1", 0, false, WebhookSettings.configured()
                .withPoll(Duration.ofMillis(50)));
    }

    @AfterEach
    void stop() {
        service.close();
        pool.close();
        receiver.stop(0);
    }

    private void receive(HttpExchange exchange) throws java.io.IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        var h = exchange.getRequestHeaders();
        received.add(new Received(h.getFirst("Creditpool-Event-Id"), h.getFirst("Creditpool-Signature"),
                h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"), h.getFirst("webhook-signature"), body));
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    private JsonNode call(String method, String path, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                .header("Authorization", "Bearer " + key).method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> answer = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(method + " " + path + " " + body + ": " + answer.body())
                .isEqualTo(expected);
        return answer.body().isEmpty() ? JSON.nullNode() : JSON.readTree(answer.body());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited a minute for: " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static byte[] hmac(byte[] key, String payload) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
    }

    /** Creditpool's header, as docs/http-api.md tells a receiver to check it: any v1 made with the secret. */
    static boolean verifies(String header, String body, String secret) throws Exception {
        String t = null;
        List<String> v1 = new ArrayList<>();
        for (String part : header.split(",")) {
            if (part.startsWith("t=")) {
                t = part.substring(2);
            } else if (part.startsWith("v1=")) {
                v1.add(part.substring(3));
            }
        }
        byte[] expected = hmac(secret.getBytes(StandardCharsets.UTF_8), t + "." + body);
        return t != null && v1.stream().anyMatch(v -> MessageDigest.isEqual(expected, HexFormat.of().parseHex(v)));
    }

    /** The Standard Webhooks check, as its specification writes it: the secret is base64 after whsec_. */
    static boolean verifiesStandard(Received r, String secret) throws Exception {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        String expected = Base64.getEncoder().encodeToString(hmac(key, r.standardId() + "."
                + r.standardTimestamp() + "." + r.body()));
        for (String signature : r.standardSignature().split(" ")) {
            String[] parts = signature.split(",", 2);
            if (parts[0].equals("v1") && MessageDigest.isEqual(parts[1].getBytes(StandardCharsets.US_ASCII),
                    expected.getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }

    private String endpoint() throws Exception {
        return call("POST", "/v1/webhooks", "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort()
                + "/hooks\",\"events\":[\"top-up-succeeded\"]}", 201).toString();
    }

    private void team(String team) throws Exception {
        call("POST", "/v1/teams", "{\"team\":\"" + team + "\",\"plan\":\"team\",\"seats\":2,\"owner\":\"olivia\"}",
                201);
    }

    @Test
    void eachDeliveryCarriesTheStandardWebhooksHeadersBesideCreditpoolsOwn() throws Exception {
        JsonNode created = JSON.readTree(endpoint());
        String secret = created.path("secret").asText();
        team("acme");
        topUpAs("acme");
        await("a delivery", () -> !received.isEmpty());

        Received r = received.get(0);
        assertThat(r.standardId()).as("webhook-id is the event's id").isEqualTo(r.eventId())
                .isEqualTo(JSON.readTree(r.body()).path("id").asText());
        assertThat(r.standardTimestamp()).matches("[0-9]+");
        assertThat(verifiesStandard(r, secret)).as(r.standardSignature()).isTrue();
        assertThat(verifies(r.signature(), r.body(), secret)).as("a receiver of today's header").isTrue();
        assertThat(verifiesStandard(new Received(r.eventId(), r.signature(), r.standardId(), r.standardTimestamp(),
                r.standardSignature(), r.body().replace("50", "51")), secret)).as("a body changed").isFalse();
    }

    /** A top-up by acme's owner (the member header names who acts). */
    private void topUpAs(String team) throws Exception {
        HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + service.port() + "/v1/teams/" + team + "/top-ups")).header("Authorization", "Bearer " + key)
                .header("Creditpool-Member", "olivia").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"credits\":50}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    @Test
    void aRotatedSecretSignsBesideTheOldOneForTheOverlapThenAlone() throws Exception {
        JsonNode created = JSON.readTree(endpoint());
        String id = created.path("id").asText();
        String old = created.path("secret").asText();
        team("acme");

        JsonNode rotated = call("POST", "/v1/webhooks/" + id + "/rotate-secret", "{\"overlap_seconds\":3600}", 200);
        String fresh = rotated.path("secret").asText();
        assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);
        assertThat(rotated.path("previous_secret_expires_at").asText()).isNotEmpty();
        topUpAs("acme");
        await("a delivery in the overlap", () -> received.size() == 1);
        Received during = received.get(0);
        for (String secret : List.of(old, fresh)) {
            assertThat(verifies(during.signature(), during.body(), secret)).as("Creditpool's header, " + secret)
                    .isTrue();
            assertThat(verifiesStandard(during, secret)).as("the standard header, " + secret).isTrue();
        }
        String[] parts = during.signature().split(",");
        assertThat(verifies(parts[0] + "," + parts[parts.length - 1], during.body(), old))
                .as("the old secret's v1 last: a receiver that reads only the last v1 and has not switched yet "
                        + "keeps verifying").isTrue();

        String newest = call("POST", "/v1/webhooks/" + id + "/rotate-secret", "{\"overlap_seconds\":0}", 200)
                .path("secret").asText();
        topUpAs("acme");
        await("a delivery after the overlap", () -> received.size() == 2);
        Received after = received.get(1);
        assertThat(verifies(after.signature(), after.body(), newest)).isTrue();
        assertThat(verifiesStandard(after, newest)).isTrue();
        assertThat(verifies(after.signature(), after.body(), fresh)).as("no overlap: the replaced secret no longer")
                .isFalse();
        assertThat(after.standardSignature()).doesNotContain(" ");
    }

    @Test
    void eventsAreSentAgainOneOrAllAfterAnIdAndBadInputNamesTheField() throws Exception {
        String id = JSON.readTree(endpoint()).path("id").asText();
        team("acme");
        topUpAs("acme");
        topUpAs("acme");
        await("two deliveries", () -> received.size() == 2);
        String first = received.get(0).eventId();

        JsonNode one = call("POST", "/v1/webhooks/" + id + "/resend", "{\"event\":\"" + first + "\"}", 202);
        assertThat(one.path("queued").asInt()).isEqualTo(1);
        await("the event again", () -> received.size() == 3);
        assertThat(received.get(2).eventId()).isEqualTo(first);

        JsonNode all = call("POST", "/v1/webhooks/" + id + "/resend", "{\"after\":0}", 202);
        assertThat(all.path("queued").asInt()).isEqualTo(2);
        assertThat(all.path("has_more").asBoolean()).isFalse();
        await("both again", () -> received.size() == 5);
        assertThat(received.subList(3, 5)).extracting(Received::eventId).containsExactlyInAnyOrder(first,
                received.get(1).eventId());

        for (String[] bad : new String[][] {{"{}", "event"}, {"{\"event\":\"" + first + "\",\"after\":0}", "event"},
                {"{\"after\":\"evt_x\"}", "after"}, {"{\"after\":-1}", "after"}, {"{\"event\":true}", "event"},
                {"{\"events\":[]}", "events"}}) {
            JsonNode problem = call("POST", "/v1/webhooks/" + id + "/resend", bad[0], 400);
            assertThat(problem.path("field").asText()).as(bad[0]).isEqualTo(bad[1]);
        }
        assertThat(call("POST", "/v1/webhooks/" + id + "/resend", "{\"event\":\"evt_0000000000009999\"}", 404)
                .path("field").asText()).isEqualTo("event");
        call("POST", "/v1/webhooks/we_nosuch/resend", "{\"after\":0}", 404);
        call("POST", "/v1/webhooks/we_nosuch/rotate-secret", null, 404);
        assertThat(call("POST", "/v1/webhooks/" + id + "/rotate-secret", "{\"overlap_seconds\":9999999}", 400)
                .path("field").asText()).isEqualTo("overlap_seconds");
        Thread.sleep(200);
        assertThat(received).as("nothing more was sent for the refused requests").hasSize(5);
    }
}
