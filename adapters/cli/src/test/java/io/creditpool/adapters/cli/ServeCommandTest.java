package io.creditpool.adapters.cli;

import io.creditpool.Creditpool;
import io.creditpool.adapters.keys.ApiKeys;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.TeamId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./creditpool serve} as a user runs it: a JVM of its own on the embedded store, answering with a key made by
 * {@code keys create}, stopped with SIGTERM; what it stored is there afterwards.
 */
class ServeCommandTest {
    @Test
    void theServiceServesTheStoreWithAKeyAndStopsOnSigterm(@TempDir Path folder) throws Exception {
        StoreSettings store = StoreSettings.h2(folder.resolve("data"));
        String key = ServeProcess.key(store, "shop", ApiKeys.Scope.PRODUCT);
        ServeProcess serve = ServeProcess.start(store, List.of());
        try {
            String url = serve.url("serving on (http://\\S+) ");
            assertThat(url).as(serve.firstLine()).isNotNull();
            HttpClient client = HttpClient.newHttpClient();

            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(url + "/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> noKey = client.send(HttpRequest.newBuilder(URI.create(url + "/v1/plans"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(url
                    + "/v1/teams")).header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"team\":\"acme\",\"plan\":\"team\",\"seats\":2,"
                            + "\"owner\":\"olivia\",\"billing_anchor_day\":1}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(noKey.statusCode()).isEqualTo(401);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        } finally {
            assertThat(serve.stop()).as("SIGTERM: the service stops gracefully").isTrue();
        }
        try (Creditpool pool = Creditpool.builder().store(store).build()) {
            assertThat(pool.metrics(TeamId.of("shop:acme"))).as("kept in the store, under the key's product")
                    .hasValueSatisfying(m -> assertThat(m.balance()).isEqualTo(1000));
        }
    }

    @Test
    void inSandboxModeATeamLivesOnATestClockAndNothingReachesTheStore(@TempDir Path folder) throws Exception {
        StoreSettings store = StoreSettings.h2(folder.resolve("data"));
        String key = ServeProcess.key(store, "shop", ApiKeys.Scope.PRODUCT);
        ServeProcess serve = ServeProcess.start(store, List.of(), "--sandbox");
        try {
            String url = serve.url("serving on (http://\\S+) in sandbox mode");
            assertThat(url).as(serve.firstLine()).isNotNull();
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> clock = client.send(HttpRequest.newBuilder(URI.create(url
                    + "/v1/sandbox/teams/acme/test-clock")).header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"frozen_at\":\"2026-01-01T00:00:00Z\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(url
                    + "/v1/teams")).header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"team\":\"acme\",\"plan\":\"team\",\"seats\":2,"
                            + "\"owner\":\"olivia\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(clock.statusCode()).as(clock.body()).isEqualTo(201);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(created.body()).contains("\"start\":\"2026-01-01T00:00:00Z\"");
        } finally {
            assertThat(serve.stop()).isTrue();
        }
        try (Creditpool pool = Creditpool.builder().store(store).build()) {
            assertThat(pool.metrics(TeamId.of("shop:acme"))).as("sandbox teams are not kept in the store").isEmpty();
        }
    }
}
