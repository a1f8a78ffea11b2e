package io.creditpool.benchmarks;

import io.creditpool.Creditpool;
import io.creditpool.adapters.cli.LoadCommandPlans;
import io.creditpool.adapters.cli.LoadDriver;
import io.creditpool.adapters.keys.ApiKeys;
import io.creditpool.adapters.http.HttpService;
import io.creditpool.adapters.jdbc.JdbcApiKeys;
import io.creditpool.adapters.jdbc.JdbcCreditStore;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.port.out.CreditStore;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Consumptions per second and p50/p99 latency through the HTTP service on the embedded store (H2 in file mode), from
 * 64 concurrent callers over loopback, each on a keep-alive connection of the JDK HTTP client, each consumption with
 * its own Idempotency-Key, spread over 100 teams.
 *
 * <p>Run: {@code mvn -B -q -Pservice-benchmark -pl acceptance-tests -am verify -DskipTests}; {@code -Dbench.seconds=N}
 * sets the measured run's length (default 10), {@code -Dbench.jvm="-Dbench.callers=16 -Dbench.teams=10"} the rest.
 */
public final class ServiceBenchmark {
    private ServiceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 10);
        int callers = Integer.getInteger("bench.callers", 64);
        int teams = Integer.getInteger("bench.teams", 100);
        Path folder = Files.createTempDirectory("creditpool-service-benchmark");
        StoreSettings store = StoreSettings.h2(folder);
        try (Creditpool pool = Creditpool.builder().store(store).plans(List.of(LoadCommandPlans.LOAD_PLAN)).build()) {
            ApiKeys keys = new JdbcApiKeys((JdbcCreditStore) pool.component(CreditStore.class));
            String key = keys.create("bench").key();
            try (HttpService service = HttpService.start(pool, keys, "127.0.0.1", 0)) {
                String base = "http://127.0.0.1:" + service.port();
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                for (int t = 0; t < teams; t++) {
                    send(client, HttpRequest.newBuilder(URI.create(base + "/v1/teams")), key, null,
                            "{\"team\":\"t" + t + "\",\"plan\":\"" + LoadCommandPlans.LOAD_PLAN.name()
                                    + "\",\"seats\":1000,\"owner\":\"owner\",\"billing_anchor_day\":1}", 201);
                }
                LoadDriver.Request consume = (caller, i) -> send(client, HttpRequest.newBuilder(URI.create(base
                        + "/v1/teams/t" + ((caller * 7919L + i) % teams) + "/consumptions")), key,
                        "c-" + caller + "-" + i + "-" + System.nanoTime(), "{\"credits\":1}", 200);
                LoadDriver.run(callers, Duration.ofSeconds(Integer.getInteger("bench.warm-up-seconds", 5)), consume);
                LoadDriver.Result r = LoadDriver.run(callers, Duration.ofSeconds(seconds), consume);
                System.out.printf(Locale.ROOT, "| service on h2 | %d teams | %d callers | %.0f /s | p50 %.0f us | p99 %.0f "
                        + "us |%n", teams, callers, r.perSecond(), r.p50Micros(), r.p99Micros());
            }
            ((JdbcCreditStore) pool.component(CreditStore.class)).closeAndDiscard();
        }
        System.exit(0);
    }

    private static void send(HttpClient client, HttpRequest.Builder request, String key, String idempotencyKey,
            String body, int expected) throws Exception {
        request.header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .header("Creditpool-Member", "owner").POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
    }
}
