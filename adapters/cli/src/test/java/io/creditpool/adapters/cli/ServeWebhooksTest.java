package io.creditpool.adapters.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.creditpool.adapters.keys.ApiKeys;
import io.creditpool.adapters.store.StoreSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./creditpool serve} sends events out of its process: a webhook endpoint that fails while serve is killed
 * (SIGKILL) still gets the event, signed and with the same id, from the next serve on the same store.
 */
class ServeWebhooksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    record Received(String eventId, String signature, String body, int answer) {
    }

    private static HttpResponse<String> send(String url, String key, String member, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (member != null) {
            request.header("Creditpool-Member", member);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String hmac(String secret, String payload) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anEventWaitingForItsEndpointSurvivesAKilledServeAndIsDeliveredByTheNext(@TempDir Path folder)
            throws Exception {
        StoreSettings store = StoreSettings.h2(folder.resolve("data"));
        String key = ServeProcess.key(store, "shop", ApiKeys.Scope.PRODUCT);
        List<Received> received = new CopyOnWriteArrayList<>();
        AtomicInteger answer = new AtomicInteger(503);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = answer.get();
            received.add(new Received(exchange.getRequestHeaders().getFirst("Creditpool-Event-Id"),
                    exchange.getRequestHeaders().getFirst("Creditpool-Signature"), body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        // a claim outlives a killed serve by twice the timeout and 5 s at most
        List<String> settings = List.of("creditpool.webhooks.backoff-ms=200", "creditpool.webhooks.max-backoff-ms=400",
                "creditpool.webhooks.timeout-ms=2000");
        String secret;
        try {
            ServeProcess first = ServeProcess.start(store, settings);
            try {
                String url = first.url("serving on (http://\\S+) ");
                assertThat(url).as(first.firstLine()).isNotNull();
                HttpResponse<String> endpoint = send(url + "/v1/webhooks", key, null, "{\"url\":\"http://127.0.0.1:"
                        + receiver.getAddress().getPort() + "/hooks\",\"events\":[\"top-up-succeeded\"]}");
                assertThat(endpoint.statusCode()).as(endpoint.body()).isEqualTo(201);
                secret = JSON.readTree(endpoint.body()).path("secret").asText();
                assertThat(send(url + "/v1/teams", key, null, "{\"team\":\"acme\",\"plan\":\"team\",\"seats\":2,"
                        + "\"owner\":\"olivia\"}").statusCode()).isEqualTo(201);
                assertThat(send(url + "/v1/teams/acme/top-ups", key, "olivia", "{\"credits\":100}").statusCode())
                        .isEqualTo(200);

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (received.size() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(received).as("attempts while the endpoint answers 503").hasSizeGreaterThanOrEqualTo(2);
            } finally {
                first.process().destroyForcibly();         // SIGKILL, the delivery still pending
                assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            answer.set(200);
            int before = received.size();
            ServeProcess second = ServeProcess.start(store, settings);
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (received.stream().noneMatch(r -> r.answer() == 200) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            } finally {
                assertThat(second.stop()).isTrue();
            }
            List<Received> delivered = received.stream().filter(r -> r.answer() == 200).toList();
            assertThat(delivered).as("delivered by the second serve").hasSize(1);
            assertThat(received.indexOf(delivered.get(0))).isGreaterThanOrEqualTo(before);
            assertThat(received).extracting(Received::eventId).containsOnly(received.get(0).eventId());
            for (Received r : received) {
                String t = r.signature().replaceAll("^t=(\\d+),v1=.*$", "$1");
                assertThat(r.signature()).isEqualTo("t=" + t + ",v1=" + hmac(secret, t + "." + r.body()));
                JsonNode body = JSON.readTree(r.body());
                assertThat(body.path("id").asText()).isEqualTo(r.eventId());
                assertThat(body.path("team").asText()).isEqualTo("acme");
                assertThat(body.path("type").asText()).isEqualTo("top-up-succeeded");
            }
        } finally {
            receiver.stop(0);
        }
    }
}
