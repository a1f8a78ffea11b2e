package io.creditpool.adapters.cli;

import io.creditpool.Creditpool;
import io.creditpool.adapters.http.JdbcApiKeys;
import io.creditpool.adapters.jdbc.JdbcCreditStore;
import io.creditpool.adapters.jdbc.StoreSettings;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.CreditStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./creditpool serve} as a user runs it: a JVM of its own on the embedded store, answering with a key made by
 * {@code keys create}, stopped with SIGTERM; what it stored is there afterwards.
 */
class ServeCommandTest {
    /** A key for product shop, made in the store as {@code keys create shop} would. */
    private static String keyFor(StoreSettings store) {
        try (Creditpool pool = Creditpool.builder().store(store).build()) {
            return new JdbcApiKeys((JdbcCreditStore) pool.component(CreditStore.class)).create("shop").key();
        }
    }

    /** {@code ./creditpool serve --port 0 OPTIONS} in a JVM of its own, on {@code store}. */
    private static Process serve(StoreSettings store, String... options) throws java.io.IOException {
        String javaBin = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(javaBin, "-cp",
                System.getProperty("java.class.path"), "-D" + StoreSettings.PROPERTY + "=h2:" + store.location(),
                "io.creditpool.adapters.cli.CreditpoolCommand", "serve", "--port", "0"));
        command.addAll(java.util.List.of(options));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    @Test
    void theServiceServesTheStoreWithAKeyAndStopsOnSigterm(@TempDir Path folder) throws Exception {
        StoreSettings store = StoreSettings.h2(folder.resolve("data"));
        String key = keyFor(store);
        Process serve = serve(store);
        try {
            String first = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            Matcher url = Pattern.compile("serving on (http://\\S+) ").matcher(first == null ? "" : first);
            assertThat(url.find()).as(first).isTrue();
            HttpClient client = HttpClient.newHttpClient();

            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(url.group(1) + "/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> noKey = client.send(HttpRequest.newBuilder(URI.create(url.group(1) + "/v1/plans"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(url.group(1)
                    + "/v1/teams")).header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"team\":\"acme\",\"plan\":\"team\",\"seats\":2,"
                            + "\"owner\":\"olivia\",\"billing_anchor_day\":1}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(noKey.statusCode()).isEqualTo(401);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        } finally {
            serve.destroy();                        // SIGTERM: the service stops gracefully
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (Creditpool pool = Creditpool.builder().store(store).build()) {
            assertThat(pool.metrics(TeamId.of("shop:acme"))).as("kept in the store, under the key's product")
                    .hasValueSatisfying(m -> assertThat(m.balance()).isEqualTo(1000));
        }
    }

    @Test
    void inSandboxModeATeamLivesOnATestClockAndNothingReachesTheStore(@TempDir Path folder) throws Exception {
        StoreSettings store = StoreSettings.h2(folder.resolve("data"));
        String key = keyFor(store);
        Process serve = serve(store, "--sandbox");
        try {
            String first = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            Matcher url = Pattern.compile("serving on (http://\\S+) in sandbox mode")
                    .matcher(first == null ? "" : first);
            assertThat(url.find()).as(first).isTrue();
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> clock = client.send(HttpRequest.newBuilder(URI.create(url.group(1)
                    + "/v1/sandbox/teams/acme/test-clock")).header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"frozen_at\":\"2026-01-01T00:00:00Z\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(url.group(1)
                    + "/v1/teams")).header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"team\":\"acme\",\"plan\":\"team\",\"seats\":2,"
                            + "\"owner\":\"olivia\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(clock.statusCode()).as(clock.body()).isEqualTo(201);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(created.body()).contains("\"start\":\"2026-01-01T00:00:00Z\"");
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (Creditpool pool = Creditpool.builder().store(store).build()) {
            assertThat(pool.metrics(TeamId.of("shop:acme"))).as("sandbox teams are not kept in the store").isEmpty();
        }
    }
}
