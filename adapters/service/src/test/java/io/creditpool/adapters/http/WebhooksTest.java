package io.creditpool.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.keys.InMemoryApiKeys;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.adapters.store.StoreSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhooks and the event feed, end to end: the service with its webhook workers, and real HTTP receivers in this
 * test that fail before they recover. Backoff is the test setting of 200 ms, doubled per failure.
 */
class WebhooksTest {
    static final Instant START = Instant.parse("2026-01-05T10:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Duration BASE = Duration.ofMillis(200);
    static final AtomicInteger TEAMS = new AtomicInteger();

    static final ManualClock clock = new ManualClock(START);
    static final SandboxPaymentGateway sandbox = new SandboxPaymentGateway();
    static final InMemoryApiKeys keys = new InMemoryApiKeys();
    static Creditpool pool;
    static HttpService service;
    static HttpServer receiver;
    static String shopKey;
    static String otherKey;
    static WebhookSettings settings;

    /** One request a receiver got: when, its headers of interest, its body, and what it answered. */
    record Received(long nanos, String path, String eventId, String signature, String body, String answer) {
    }

    static final List<Received> received = new CopyOnWriteArrayList<>();
    /** What the receiver at /flaky answers, one after another; then 200 for good. */
    static final List<String> flakyScript = new CopyOnWriteArrayList<>(List.of("500", "drop"));

    @BeforeAll
    static void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", WebhooksTest::receive);
        receiver.start();
        pool = Creditpool.builder().clock(clock).payments(sandbox).store(StoreSettings.MEMORY).build();
        shopKey = keys.create("shop").key();
        otherKey = keys.create("other").key();
        settings = WebhookSettings.configured().withBackoff(BASE, BASE.multipliedBy(4), Duration.ofSeconds(3))
                .withTimeout(Duration.ofSeconds(5)).withPoll(Duration.ofMillis(50));
        service = HttpService.start(pool, keys, "127.0.0.1", 0, false, settings);
    }

    @AfterAll
    static void stop() {
        service.close();
        pool.close();
        receiver.stop(0);
    }

    private static void receive(HttpExchange exchange) throws java.io.IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        String answer = "200";
        if (path.equals("/flaky") && !flakyScript.isEmpty()) {
            answer = flakyScript.remove(0);
        } else if (path.equals("/down")) {
            answer = "500";
        }
        received.add(new Received(System.nanoTime(), path, exchange.getRequestHeaders().getFirst("Creditpool-Event-Id"),
                exchange.getRequestHeaders().getFirst("Creditpool-Signature"), body, answer));
        if (answer.equals("drop")) {
            exchange.close();     // no answer at all: the connection is closed under the request
            return;
        }
        exchange.sendResponseHeaders(Integer.parseInt(answer), -1);
        exchange.close();
    }

    /** The verification recipe of the README, in Java. */
    static boolean verifies(String header, String body, String secret) throws Exception {
        String t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            if (part.startsWith("t=")) {
                t = part.substring(2);
            } else if (part.startsWith("v1=")) {
                v1 = part.substring(3);
            }
        }
        if (t == null || v1 == null) {
            return false;
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1));
    }

    record Reply(int status, JsonNode json) {
    }

    static Reply send(String method, String path, String key, String member, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                .header("Authorization", "Bearer " + key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (member != null) {
            request.header("Creditpool-Member", member);
        }
        HttpResponse<String> r = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body()));
    }

    static String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    static String newTeam(String key) throws Exception {
        String team = "team-" + TEAMS.incrementAndGet();
        assertThat(send("POST", "/v1/teams", key, null, "{\"team\":\"" + team + "\",\"plan\":\"team\",\"seats\":2,"
                + "\"owner\":\"olivia\"}").status()).isEqualTo(201);
        return team;
    }

    static void topUp(String key, String team) throws Exception {
        assertThat(send("POST", "/v1/teams/" + team + "/top-ups", key, "olivia", "{\"credits\":50}").status())
                .isEqualTo(200);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited a minute for: " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void everyEventReachesAFlakyEndpointSignedWithAStableIdAfterBackingOff() throws Exception {
        Reply created = send("POST", "/v1/webhooks", shopKey, null, "{\"url\":\"" + url("/flaky")
                + "\",\"events\":[\"top-up-succeeded\",\"low-balance\"]}");
        assertThat(created.status()).isEqualTo(201);
        String secret = created.json().path("secret").asText();
        String endpoint = created.json().path("id").asText();
        assertThat(secret).startsWith("whsec_");
        Reply otherCreated = send("POST", "/v1/webhooks", otherKey, null, "{\"url\":\"" + url("/other")
                + "\",\"events\":[\"top-up-succeeded\"]}");
        assertThat(otherCreated.status()).isEqualTo(201);

        String team = newTeam(shopKey);
        topUp(shopKey, team);
        String otherTeam = newTeam(otherKey);
        topUp(otherKey, otherTeam);

        await("the flaky endpoint answered 200", () -> received.stream()
                .anyMatch(r -> r.path().equals("/flaky") && r.answer().equals("200")));
        await("the other product's endpoint got its event", () -> received.stream()
                .anyMatch(r -> r.path().equals("/other")));

        List<Received> flaky = received.stream().filter(r -> r.path().equals("/flaky")).toList();
        assertThat(flaky).extracting(Received::answer).containsExactly("500", "drop", "200");
        assertThat(flaky).extracting(Received::eventId).as("the same event id on every attempt").containsOnly(
                flaky.get(0).eventId()).doesNotContainNull();
        for (Received r : flaky) {
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.path("id").asText()).isEqualTo(r.eventId());
            assertThat(body.path("type").asText()).isEqualTo("top-up-succeeded");
            assertThat(body.path("team").asText()).isEqualTo(team);
            assertThat(body.path("data").path("credits").asLong()).isEqualTo(50);
            assertThat(verifies(r.signature(), r.body(), secret)).as("signature " + r.signature()).isTrue();
            assertThat(verifies(r.signature(), r.body(), secret + "x")).isFalse();
            assertThat(verifies(r.signature(), r.body().replace("50", "51"), secret)).isFalse();
        }
        // a retry never comes before its backoff: 200 ms after the first failure, 400 ms after the second
        assertThat(flaky.get(1).nanos() - flaky.get(0).nanos()).isGreaterThanOrEqualTo(BASE.toNanos());
        assertThat(flaky.get(2).nanos() - flaky.get(1).nanos()).isGreaterThanOrEqualTo(BASE.toNanos() * 2);

        List<Received> other = received.stream().filter(r -> r.path().equals("/other")).toList();
        assertThat(other).allSatisfy(r -> assertThat(JSON.readTree(r.body()).path("team").asText())
                .isEqualTo(otherTeam));
        assertThat(other).extracting(Received::eventId).doesNotContain(flaky.get(0).eventId());

        Reply log = send("GET", "/v1/webhooks/" + endpoint + "/deliveries", shopKey, null, null);
        assertThat(log.status()).isEqualTo(200);
        assertThat(log.json().path("deliveries").get(0).path("state").asText()).isEqualTo("delivered");
        assertThat(log.json().path("deliveries").get(0).path("attempts").asInt()).isEqualTo(3);
        assertThat(log.json().path("deliveries").get(0).path("event").asText()).isEqualTo(flaky.get(0).eventId());

        // a product sees, and deletes, only its own endpoints
        Reply listed = send("GET", "/v1/webhooks", shopKey, null, null);
        assertThat(listed.json().path("webhooks").findValuesAsText("id")).contains(endpoint)
                .doesNotContain(otherCreated.json().path("id").asText());
        assertThat(listed.json().toString()).doesNotContain(secret);
        assertThat(send("DELETE", "/v1/webhooks/" + endpoint, otherKey, null, null).status()).isEqualTo(404);
        assertThat(send("GET", "/v1/webhooks/" + endpoint + "/deliveries", otherKey, null, null).status())
                .isEqualTo(404);
        assertThat(send("DELETE", "/v1/webhooks/" + endpoint, shopKey, null, null).status()).isEqualTo(204);
        assertThat(send("GET", "/v1/webhooks", shopKey, null, null).json().path("webhooks").findValuesAsText("id"))
                .doesNotContain(endpoint);
    }

    @Test
    void aDeliveryWhoseRetriesRunOutIsFailedAndCounted() throws Exception {
        String key = keys.create("down-shop").key();
        assertThat(send("POST", "/v1/webhooks", key, null, "{\"url\":\"" + url("/down")
                + "\",\"events\":[\"top-up-succeeded\"]}").status()).isEqualTo(201);
        String team = newTeam(key);
        topUp(key, team);

        await("the delivery to /down failed for good", () -> metrics()
                .contains("creditpool_webhook_deliveries{state=\"failed\"} 1.0"));
        assertThat(received.stream().filter(r -> r.path().equals("/down")).count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void badEndpointsAreRefusedNamingTheField() throws Exception {
        Reply noUrl = send("POST", "/v1/webhooks", shopKey, null, "{\"events\":[\"low-balance\"]}");
        Reply ftp = send("POST", "/v1/webhooks", shopKey, null, "{\"url\":\"ftp://example.com/x\","
                + "\"events\":[\"low-balance\"]}");
        Reply unknownEvent = send("POST", "/v1/webhooks", shopKey, null, "{\"url\":\"https://example.com/x\","
                + "\"events\":[\"low-balance\",\"top-up-exploded\"]}");
        Reply noEvents = send("POST", "/v1/webhooks", shopKey, null, "{\"url\":\"https://example.com/x\","
                + "\"events\":[]}");

        assertThat(List.of(noUrl, ftp, unknownEvent, noEvents)).extracting(Reply::status).containsOnly(422);
        assertThat(noUrl.json().path("field").asText()).isEqualTo("url");
        assertThat(ftp.json().path("field").asText()).isEqualTo("url");
        assertThat(unknownEvent.json().path("field").asText()).isEqualTo("events");
        assertThat(unknownEvent.json().path("detail").asText()).contains("top-up-exploded");
        assertThat(noEvents.json().path("field").asText()).isEqualTo("events");
        assertThat(send("GET", "/v1/webhooks", shopKey, null, null).json().toString())
                .doesNotContain("example.com");
    }

    @Test
    void theEventFeedPagesThroughTheProductsOwnEventsInIdOrder() throws Exception {
        String key = keys.create("poller").key();
        String team = newTeam(key);
        topUp(key, team);
        topUp(key, team);
        topUp(otherKey, newTeam(otherKey));
        topUp(key, team);

        Reply first = send("GET", "/v1/events?limit=2", key, null, null);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("events")).hasSize(2);
        assertThat(first.json().path("has_more").asBoolean()).isTrue();
        long next = first.json().path("next_after").asLong();
        Reply rest = send("GET", "/v1/events?after=" + next + "&limit=2", key, null, null);
        assertThat(rest.json().path("events")).hasSize(1);
        assertThat(rest.json().path("has_more").asBoolean()).isFalse();
        Reply none = send("GET", "/v1/events?after=" + rest.json().path("next_after").asLong(), key, null, null);
        assertThat(none.json().path("events")).isEmpty();
        assertThat(none.json().path("next_after").asLong()).isEqualTo(rest.json().path("next_after").asLong());

        List<JsonNode> all = new java.util.ArrayList<>();
        first.json().path("events").forEach(all::add);
        rest.json().path("events").forEach(all::add);
        assertThat(all).extracting(e -> e.path("team").asText()).containsOnly(team);
        assertThat(all).extracting(e -> e.path("type").asText()).containsOnly("top-up-succeeded");
        List<Long> seqs = all.stream().map(e -> e.path("seq").asLong()).toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
        assertThat(all.get(0).path("id").asText()).startsWith("evt_");
        assertThat(send("GET", "/v1/events?after=" + all.get(0).path("id").asText(), key, null, null).json()
                .path("events")).hasSize(2);
    }

    @Test
    void theEventFeedRefusesBadCursorsAndLimitsNamingTheField() throws Exception {
        Reply negative = send("GET", "/v1/events?after=-1", shopKey, null, null);
        Reply zero = send("GET", "/v1/events?limit=0", shopKey, null, null);
        Reply huge = send("GET", "/v1/events?limit=100000", shopKey, null, null);
        Reply enormous = send("GET", "/v1/events?limit=99999999999999999999999", shopKey, null, null);
        Reply words = send("GET", "/v1/events?after=yesterday", shopKey, null, null);

        assertThat(List.of(negative, zero, huge, enormous, words)).extracting(Reply::status).containsOnly(400);
        assertThat(negative.json().path("field").asText()).isEqualTo("after");
        assertThat(zero.json().path("field").asText()).isEqualTo("limit");
        assertThat(huge.json().path("field").asText()).isEqualTo("limit");
        assertThat(enormous.json().path("field").asText()).isEqualTo("limit");
        assertThat(words.json().path("field").asText()).isEqualTo("after");
    }

    @Test
    void metricsCountAPendingPurchaseByAgeAndItsEvent() throws Exception {
        String key = keys.create("slow-card").key();
        String team = newTeam(key);
        sandbox.behave(io.creditpool.kernel.domain.TeamId.of("slow-card:" + team),
                SandboxPaymentGateway.Behaviour.TIMEOUT);
        assertThat(send("POST", "/v1/teams/" + team + "/top-ups", key, "olivia", "{\"credits\":50}").status())
                .isEqualTo(202);
        assertThat(send("GET", "/v1/events", key, null, null).json().path("events").findValuesAsText("type"))
                .containsExactly("top-up-pending");
        String before = metrics();
        assertThat(before).contains("creditpool_purchases_pending{older_than=\"0s\"} 1.0")
                .contains("creditpool_purchases_pending{older_than=\"1m\"} 0.0")
                .contains("creditpool_top_ups_pending_total{source=\"top-up\"} 1.0");

        clock.advance(Duration.ofMinutes(90));
        String later = metrics();

        assertThat(later).contains("creditpool_purchases_pending{older_than=\"0s\"} 1.0")
                .contains("creditpool_purchases_pending{older_than=\"1m\"} 1.0")
                .contains("creditpool_purchases_pending{older_than=\"1h\"} 1.0")
                .contains("creditpool_purchases_pending{older_than=\"24h\"} 0.0");
    }

    static String metrics() {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
