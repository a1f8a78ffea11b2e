package io.creditpool.adapters.http;

import io.creditpool.adapters.keys.ApiKeys;
import io.creditpool.adapters.client.ServiceClient;

import io.creditpool.Creditpool;
import io.creditpool.adapters.store.StoreSettings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;

import static io.creditpool.adapters.reload.AnalystRules.BROKEN_CAP;
import static io.creditpool.adapters.reload.AnalystRules.CAP;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operators' {@code /admin/rules} endpoints on a loopback port, called with the JDK HTTP client: the live rules,
 * a reload of a changed, broken or unchanged folder, a service without a folder, and who may call them.
 */
class AdminRulesTest extends ServedRulesFolder {
    private void createTeam() {
        assertThat(call(productKey, "POST", "/v1/teams", Map.of(),
                "{\"team\":\"acme\",\"plan\":\"team\",\"seats\":2,\"owner\":\"olivia\"}").status()).isEqualTo(201);
    }

    @Test
    void theLiveRulesAreTheFoldersWithTheirVersion() {
        ServiceClient.Reply live = call(operatorKey, "GET", "/admin/rules");

        assertThat(live.status()).isEqualTo(200);
        assertThat(live.contentType()).startsWith("application/json");
        assertThat(live.body().path("version").asText()).isEqualTo(pool.rulesVersion()).hasSize(12);
        assertThat(live.body().path("origin").asText()).contains(rules.getFileName().toString());
        assertThat(Instant.parse(live.body().path("loaded_at").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(live.body().path("watching").isBoolean()).isTrue();
        assertThat(live.body().path("watching").asBoolean()).isFalse();
    }

    @Test
    void aChangedFolderIsReloadedReportedAndDecidesTheNextConsumption() throws IOException {
        createTeam();
        String before = pool.rulesVersion();
        assertThat(consume("gen-1", 150).status()).isEqualTo(200);
        Files.writeString(rules.resolve("cap.drl"), CAP);

        ServiceClient.Reply reload = call(operatorKey, "POST", "/admin/rules/reload");

        assertThat(reload.status()).as(reload.text()).isEqualTo(200);
        assertThat(reload.body().path("outcome").asText()).isEqualTo("reloaded");
        String after = reload.body().path("version").asText();
        assertThat(after).isNotEqualTo(before).isEqualTo(pool.rulesVersion());
        assertThat(reload.body().path("previous_version").asText()).isEqualTo(before);
        assertThat(reload.body().path("took_ms").isIntegralNumber()).isTrue();
        assertThat(call(operatorKey, "GET", "/admin/rules").body().path("version").asText()).isEqualTo(after);

        ServiceClient.Reply capped = consume("gen-2", 150);
        assertThat(capped.status()).isEqualTo(422);
        assertThat(capped.code()).isEqualTo("member-limit");
        assertThat(capped.body().path("rules").toString()).contains("No consumption above 100 credits at once");

        assertThat(call(operatorKey, "GET", "/metrics").text())
                .contains("creditpool_rules_reloads_total{outcome=\"reloaded\"} 1.0");
    }

    @Test
    void aBrokenRuleIsRefusedWithItsFileAndLineAndTheOldRulesStayLive() throws IOException {
        createTeam();
        String before = pool.rulesVersion();
        Files.writeString(rules.resolve("cap.drl"), BROKEN_CAP);

        ServiceClient.Reply reload = call(operatorKey, "POST", "/admin/rules/reload");

        assertThat(reload.status()).as(reload.text()).isEqualTo(422);
        assertThat(reload.contentType()).startsWith("application/problem+json");
        assertThat(reload.code()).isEqualTo("rules-refused");
        assertThat(reload.detail()).contains("rules " + before + " stay live");
        assertThat(reload.body().path("version").asText()).isEqualTo(before);
        assertThat(reload.body().path("candidate_version").asText()).isNotEqualTo(before).hasSize(12);
        assertThat(reload.body().path("errors")).isNotEmpty()
                .anySatisfy(e -> assertThat(e.asText())
                        .startsWith("cap.drl:11: rule \"No consumption above 100 credits at once\": OverMemberLimit has no "
                                + "method `neverExpire`"));
        assertThat(pool.rulesVersion()).isEqualTo(before);
        assertThat(call(operatorKey, "GET", "/admin/rules").body().path("version").asText()).isEqualTo(before);
        assertThat(consume("gen-1", 150).status()).as("the old rules decide").isEqualTo(200);
    }

    @Test
    void aFolderAsItWasIsUnchanged() {
        String live = pool.rulesVersion();

        ServiceClient.Reply reload = call(operatorKey, "POST", "/admin/rules/reload");

        assertThat(reload.status()).isEqualTo(200);
        assertThat(reload.body().path("outcome").asText()).isEqualTo("unchanged");
        assertThat(reload.body().path("version").asText()).isEqualTo(live);
        assertThat(reload.body().path("previous_version").asText()).isEqualTo(live);
    }

    @Test
    void aServiceOnTheShippedRulesHasNothingToReload() {
        try (Creditpool shipped = Creditpool.builder().store(StoreSettings.MEMORY).build();
                HttpService other = HttpService.start(shipped, keys, 0)) {
            ServiceClient.Reply reload = ServiceClient.of("http://127.0.0.1:" + other.port(), operatorKey)
                    .send("POST", "/admin/rules/reload", Map.of(), null);

            assertThat(reload.status()).isEqualTo(409);
            assertThat(reload.contentType()).startsWith("application/problem+json");
            assertThat(reload.code()).isEqualTo("nothing-to-reload");
            assertThat(reload.detail()).contains("creditpool.rules");
            assertThat(reload.body().path("version").asText()).isEqualTo(shipped.rulesVersion());
        }
    }

    @Test
    void aProductKeyReachesNoAdminEndpoint() throws IOException {
        Files.writeString(rules.resolve("cap.drl"), CAP);
        String before = pool.rulesVersion();

        for (String[] route : new String[][] {{"GET", "/admin/rules"}, {"POST", "/admin/rules/reload"}}) {
            ServiceClient.Reply refused = call(productKey, route[0], route[1]);
            assertThat(refused.status()).as(route[1]).isEqualTo(403);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.code()).isEqualTo("operator-key-required");
            assertThat(refused.detail()).contains("this endpoint needs an operator key (keys create NAME --admin)");
        }
        assertThat(pool.rulesVersion()).as("nothing reloaded").isEqualTo(before);
    }

    @Test
    void anOperatorKeyReachesNoProductEndpoint() {
        for (String[] route : new String[][] {{"GET", "/v1/plans"}, {"GET", "/v1/teams/acme"}}) {
            ServiceClient.Reply refused = call(operatorKey, route[0], route[1]);
            assertThat(refused.status()).as(route[1]).isEqualTo(403);
            assertThat(refused.code()).isEqualTo("product-key-required");
            assertThat(refused.detail()).contains("operator key reaches only /admin");
        }
        ServiceClient.Reply create = call(operatorKey, "POST", "/v1/teams", Map.of(),
                "{\"team\":\"acme\",\"plan\":\"team\",\"seats\":2,\"owner\":\"olivia\"}");
        assertThat(create.status()).isEqualTo(403);
        assertThat(pool.metrics(io.creditpool.kernel.domain.TeamId.of("ops:acme"))).isEmpty();
    }

    @Test
    void withoutAKeyOrWithARevokedOneTheAdminEndpointsAre401() throws Exception {
        HttpResponse<String> noKey = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + service.port() + "/admin/rules/reload"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(noKey.body()).contains("\"code\":\"unauthorized\"");

        ApiKeys.Created revoked = keys.create("ops-old", ApiKeys.Scope.OPERATOR);
        keys.revoke(revoked.id());
        assertThat(call(revoked.key(), "GET", "/admin/rules").status()).isEqualTo(401);
    }
}
