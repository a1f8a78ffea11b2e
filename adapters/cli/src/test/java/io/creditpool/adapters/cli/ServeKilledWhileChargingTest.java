package io.creditpool.adapters.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditpool.adapters.keys.ApiKeys;
import io.creditpool.adapters.payments.PaymentPlugins;
import io.creditpool.adapters.payments.PurchaseWorker;
import io.creditpool.adapters.payments.http.HttpCardProcessor;
import io.creditpool.adapters.payments.http.ProcessorImitation;
import io.creditpool.adapters.store.StoreSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve} in a JVM of its own, killed with SIGKILL while its purchase worker was charging a top-up: the
 * processor had taken the money and its answer had not arrived. After a restart, a worker of the new process claims
 * the purchase once the killed worker's lease has run out and completes it with the same key: the money is taken
 * once and the credits are granted once.
 */
class ServeKilledWhileChargingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private final ProcessorImitation processor = ProcessorImitation.start();

    @AfterEach
    void stop() {
        processor.close();
        System.clearProperty(StoreSettings.H2_AUTO_SERVER);
    }

    private List<String> settings() {
        // the shipped log format (on standard error), so the first line on standard output is serve's own
        return List.of("logback.configurationFile=" + Path.of("src/main/resources/logback.xml").toAbsolutePath(),
                PaymentPlugins.PROPERTY + "=http:" + processor.baseUrl(),
                HttpCardProcessor.KEY_PROPERTY + "=" + processor.secretKey(),
                PurchaseWorker.LEASE + "=1s", PurchaseWorker.POLL + "=200ms", PurchaseWorker.WAIT + "=200ms");
    }

    private HttpResponse<String> send(String method, String url, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(30));
        if (body != null) {
            request.header("Content-Type", "application/json").header("Creditpool-Member", "olivia")
                    .header("Idempotency-Key", "buy-1");
        }
        return client.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited for: " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private JsonNode team(String url, String key) {
        try {
            return JSON.readTree(send("GET", url + "/v1/teams/acme", key, null).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPurchaseWhoseWorkerWasKilledMidChargeIsCompletedOnceAfterTheRestart(@TempDir Path folder)
            throws Exception {
        StoreSettings store = StoreSettings.h2(folder.resolve("data"));
        String key = ServeProcess.key(store, "shop", ApiKeys.Scope.PRODUCT);
        processor.delayAfterCharge(Duration.ofMinutes(5));
        processor.script(ProcessorImitation.Reply.TIMEOUT_AFTER_CHARGE);    // takes the money, answers much later

        ServeProcess first = ServeProcess.start(store, settings());
        try {
            String url = first.url("serving on (http://\\S+) ");
            assertThat(url).as(first.firstLine()).isNotNull();
            HttpResponse<String> created = send("POST", url + "/v1/teams", key,
                    "{\"team\":\"acme\",\"plan\":\"team\",\"seats\":2,\"owner\":\"olivia\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            HttpResponse<String> pending = send("POST", url + "/v1/teams/acme/top-ups", key, "{\"credits\":100}");

            assertThat(pending.statusCode()).as(pending.body()).isEqualTo(202);
            assertThat(pending.body()).contains("payment-pending");
            await("the worker's charge took the money", () -> processor.charges().size() == 1);
            assertThat(first.kill()).isTrue();     // SIGKILL while the worker waits for the processor's answer
        } finally {
            first.kill();    // never left running when an assertion above fails
        }

        System.setProperty(StoreSettings.H2_AUTO_SERVER, "true");
        ServeProcess second = ServeProcess.start(store, settings());
        try {
            String again = second.url("serving on (http://\\S+) ");
            assertThat(again).as(second.firstLine()).isNotNull();
            await("the purchase completed after the restart", () -> team(again, key).path("top_up_credits")
                    .asLong() == 100);

            HttpResponse<String> replay = send("POST", again + "/v1/teams/acme/top-ups", key, "{\"credits\":100}");
            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
            assertThat(processor.charges()).as("the money taken once").hasSize(1);
            assertThat(processor.idempotencyKeys()).as("the restarted worker charged with the purchase's key")
                    .containsOnly(processor.charges().get(0).key());
            assertThat(team(again, key).path("top_up_credits").asLong()).as("granted once").isEqualTo(100);
        } finally {
            second.close();
        }
    }
}
