package io.creditpool.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.creditpool.Creditpool;
import io.creditpool.adapters.jdbc.JdbcApiKeys;
import io.creditpool.adapters.jdbc.JdbcCreditStore;
import io.creditpool.adapters.jdbc.TestDatabases;
import io.creditpool.adapters.keys.ApiKeys;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.port.out.CreditStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the operator commands do, over HTTP with an operator key, on a SQLite store: API keys made, listed and revoked
 * ({@code keys}), every team audited against its ledger as a stream ({@code audit}), a team's ledger as a scenario
 * ({@code ledger export}); a product key reaches none of it, and bad input is a problem naming the field.
 */
class OperatorsOverHttpTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private StoreSettings store;
    private Creditpool pool;
    private HttpService service;
    private String operator;
    private String product;

    @BeforeEach
    void start() throws Exception {
        store = TestDatabases.sqlite();
        pool = Creditpool.builder().store(store).payments(new SandboxPaymentGateway()).build();
        JdbcApiKeys keys = new JdbcApiKeys((JdbcCreditStore) pool.component(CreditStore.class));
        operator = keys.create("ops", ApiKeys.Scope.OPERATOR).key();
        product = keys.create("shop").key();
        service = HttpService.start(pool, keys, 0);
        assertThat(call(product, "POST", "/v1/teams", "{\"team\":\"acme\",\"plan\":\"team\",\"seats\":3,"
                + "\"owner\":\"olivia\"}").statusCode()).isEqualTo(201);
        assertThat(CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port()
                + "/v1/teams/acme/consumptions")).header("Authorization", "Bearer " + product)
                .header(HttpService.MEMBER_HEADER, "olivia").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"credits\":120}")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        service.close();
        pool.close();
    }

    private HttpResponse<String> call(String key, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> answer) throws Exception {
        return JSON.readTree(answer.body());
    }

    @Test
    void aKeyMadeOverHttpOpensItsProductUntilItIsRevokedOverHttp() throws Exception {
        HttpResponse<String> made = call(operator, "POST", "/admin/keys", "{\"name\":\"shop\"}");
        assertThat(made.statusCode()).isEqualTo(201);
        String key = json(made).path("key").asText();
        String id = json(made).path("id").asText();
        assertThat(json(made).path("scope").asText()).isEqualTo("product");
        assertThat(call(key, "GET", "/v1/teams/acme", null).statusCode()).as("the new key works").isEqualTo(200);

        JsonNode listed = json(call(operator, "GET", "/admin/keys", null));
        assertThat(listed.path("keys").findValuesAsText("id")).contains(id);
        assertThat(call(operator, "GET", "/admin/keys", null).body()).as("never a secret")
                .doesNotContain(key.substring(key.lastIndexOf('_') + 1));

        HttpResponse<String> revoked = call(operator, "DELETE", "/admin/keys/" + id, null);
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(json(revoked).path("live").asBoolean()).isFalse();
        assertThat(call(key, "GET", "/v1/teams/acme", null).statusCode()).as("revoked").isEqualTo(401);
        assertThat(call(operator, "DELETE", "/admin/keys/" + id, null).statusCode()).as("again: as it stands")
                .isEqualTo(200);

        HttpResponse<String> admin = call(operator, "POST", "/admin/keys", "{\"name\":\"night-shift\","
                + "\"operator\":true}");
        assertThat(json(admin).path("scope").asText()).isEqualTo("operator");
        assertThat(call(json(admin).path("key").asText(), "GET", "/admin/audit", null).statusCode()).isEqualTo(200);
    }

    @Test
    void badInputToTheKeyEndpointsNamesTheFieldAndMakesNoKey() throws Exception {
        int keys = json(call(operator, "GET", "/admin/keys", null)).path("keys").size();
        for (String[] bad : new String[][] {
                {"{}", "name"}, {"{\"name\":\"Shop Two\"}", "name"}, {"{\"name\":7}", "name"},
                {"{\"name\":\"shop\",\"operator\":\"yes\"}", "operator"},
                {"{\"name\":\"shop\",\"scope\":\"operator\"}", "scope"}}) {
            HttpResponse<String> answer = call(operator, "POST", "/admin/keys", bad[0]);
            assertThat(answer.statusCode()).as(bad[0]).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("application/problem+json"));
            assertThat(json(answer).path("field").asText()).as(bad[0]).isEqualTo(bad[1]);
        }
        assertThat(json(call(operator, "GET", "/admin/keys", null)).path("keys").size()).isEqualTo(keys);

        HttpResponse<String> unknown = call(operator, "DELETE", "/admin/keys/nosuchkey", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("code").asText()).isEqualTo("unknown-key");
    }

    @Test
    void aProductKeyReachesNoneOfTheOperatorsEndpoints() throws Exception {
        for (String[] route : new String[][] {{"GET", "/admin/keys", null}, {"POST", "/admin/keys",
                "{\"name\":\"mallory\"}"}, {"DELETE", "/admin/keys/x", null}, {"GET", "/admin/audit", null},
                {"GET", "/admin/teams/shop:acme/ledger/export", null}}) {
            HttpResponse<String> answer = call(product, route[0], route[1], route[2]);
            assertThat(answer.statusCode()).as(route[0] + " " + route[1]).isEqualTo(403);
            assertThat(json(answer).path("code").asText()).isEqualTo("operator-key-required");
            assertThat(call(null, route[0], route[1], route[2]).statusCode()).as("no key").isEqualTo(401);
        }
        assertThat(json(call(operator, "GET", "/admin/keys", null)).path("keys").findValuesAsText("name"))
                .as("no key was made").doesNotContain("mallory");
    }

    /** The audit's lines, each a JSON object. */
    private List<JsonNode> audit() throws Exception {
        HttpResponse<String> answer = call(operator, "GET", "/admin/audit", null);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/x-ndjson");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : answer.body().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    @Test
    void theAuditStreamsAProblemPerLineThenASummaryAndFindsABalanceThatIsNotItsLedgers() throws Exception {
        call(product, "POST", "/v1/teams", "{\"team\":\"beta\",\"plan\":\"team\",\"seats\":1,\"owner\":\"bo\"}");
        List<JsonNode> clean = audit();
        assertThat(clean).singleElement().satisfies(s -> {
            assertThat(s.path("kind").asText()).isEqualTo("summary");
            assertThat(s.path("teams").asInt()).isEqualTo(2);
            assertThat(s.path("clean").asBoolean()).isTrue();
            assertThat(s.path("store").asText()).contains("sqlite");
        });

        try (Connection c = TestDatabases.connect(store); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE creditpool_team SET balance = balance + 7 WHERE team_id = 'shop:acme'");
        }
        List<JsonNode> found = audit();
        assertThat(found.get(found.size() - 1).path("clean").asBoolean()).isFalse();
        assertThat(found.subList(0, found.size() - 1)).isNotEmpty().allSatisfy(p -> {
            assertThat(p.path("kind").asText()).isEqualTo("problem");
            assertThat(p.path("problem").asText()).contains("shop:acme");
        });
        assertThat(found.get(found.size() - 1).path("problems").asInt()).isEqualTo(found.size() - 1);
    }

    @Test
    void aTeamsLedgerExportIsAScenarioFileAndBadInputNamesTheField() throws Exception {
        HttpResponse<String> export = call(operator, "GET", "/admin/teams/shop:acme/ledger/export", null);
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/yaml");
        JsonNode scenario = new YAMLMapper().readTree(export.body());
        assertThat(export.body()).contains("ledger export shop:acme", "consume");
        assertThat(scenario.path("steps").isArray() || scenario.path("given").isObject()).as(export.body()).isTrue();

        assertThat(call(operator, "GET", "/admin/teams/shop:acme/ledger/export?from=2026-01-01&to=2099-12-31", null)
                .statusCode()).isEqualTo(200);
        for (String[] bad : new String[][] {{"?from=yesterday", "from"}, {"?to=2026-13-01", "to"},
                {"?from=2026-02-01&to=2026-01-01", "from"}}) {
            HttpResponse<String> answer = call(operator, "GET", "/admin/teams/shop:acme/ledger/export" + bad[0], null);
            assertThat(answer.statusCode()).as(bad[0]).isEqualTo(400);
            assertThat(json(answer).path("field").asText()).as(bad[0]).isEqualTo(bad[1]);
        }
        HttpResponse<String> unknown = call(operator, "GET", "/admin/teams/shop:nobody/ledger/export", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("code").asText()).isEqualTo("unknown-team");
    }
}
