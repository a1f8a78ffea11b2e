package io.creditpool.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.creditpool.Creditpool;
import io.creditpool.adapters.cli.CreditpoolCommand;
import io.creditpool.adapters.client.ServiceClient;
import io.creditpool.adapters.keys.ApiKeys;
import io.creditpool.adapters.keys.InMemoryApiKeys;
import io.creditpool.adapters.store.StoreSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which rules decide in production: {@code GET /admin/rules} and {@code /metrics} count, per rule name and rules
 * version, the decisions each rule fired in, and list the rules that never fired with 0.
 */
class RuleUsageTest {
    private static final String ACCEPTS = "A consumption the pool covers, within the member's limit, is accepted";
    private static final String DENIES_OVER_POOL = "A team may not spend more credits than its pool holds";

    @TempDir
    Path dir;
    final InMemoryApiKeys keys = new InMemoryApiKeys();
    String operatorKey;
    String productKey;
    Creditpool pool;
    HttpService service;

    @BeforeEach
    void serveAnExportedRulesFolder() {
        Path rules = dir.resolve("my-rules");
        assertThat(CreditpoolCommand.run("rules", "export", rules.toString())).isZero();
        operatorKey = keys.create("ops", ApiKeys.Scope.OPERATOR).key();
        productKey = keys.create("shop").key();
        pool = Creditpool.builder().rules(rules).planTable(rules.resolve("plans.csv")).store(StoreSettings.MEMORY)
                .build();
        service = HttpService.start(pool, keys, 0);
    }

    @AfterEach
    void stop() {
        service.close();
        pool.close();
    }

    private ServiceClient.Reply call(String key, String method, String path, Map<String, String> headers,
            String body) {
        return ServiceClient.of("http://127.0.0.1:" + service.port(), key).send(method, path, headers, body);
    }

    private int consume(String id, long credits) {
        return call(productKey, "POST", "/v1/teams/acme/consumptions", Map.of("Creditpool-Member", "olivia",
                "Idempotency-Key", id), "{\"credits\":" + credits + "}").status();
    }

    @Test
    void eachRuleCountsTheDecisionsItFiredInAndTheOthersCountZero() {
        assertThat(call(productKey, "POST", "/v1/teams", Map.of(),
                "{\"team\":\"acme\",\"plan\":\"team\",\"seats\":2,\"owner\":\"olivia\"}").status()).isEqualTo(201);
        assertThat(consume("gen-1", 10)).isEqualTo(200);
        assertThat(consume("gen-2", 10)).isEqualTo(200);
        assertThat(consume("gen-2", 10)).as("a replayed request id is not decided again").isEqualTo(200);

        JsonNode usage = call(operatorKey, "GET", "/admin/rules", Map.of(), null).body().path("rule_usage");
        assertThat(usage.path(ACCEPTS).asLong()).isEqualTo(2);
        assertThat(usage.has(DENIES_OVER_POOL)).isTrue();
        assertThat(usage.path(DENIES_OVER_POOL).asLong()).isZero();
        assertThat(usage.size()).isEqualTo(pool.ruleSet().rules().ruleNames().size());

        assertConsumedOverThePool();
        usage = call(operatorKey, "GET", "/admin/rules", Map.of(), null).body().path("rule_usage");
        assertThat(usage.path(DENIES_OVER_POOL).asLong()).isEqualTo(1);
        assertThat(usage.path(ACCEPTS).asLong()).as("the rule that did not decide is not counted").isEqualTo(2);

        String metrics = call(operatorKey, "GET", "/metrics", Map.of(), null).text();
        String version = pool.rulesVersion();
        assertThat(metrics).contains("creditpool_rules_decided_total{rule=\"" + ACCEPTS + "\",rules_version=\""
                + version + "\"} 2.0");
        assertThat(metrics).contains("creditpool_rules_decided_total{rule=\"" + DENIES_OVER_POOL
                + "\",rules_version=\"" + version + "\"} 1.0");
    }

    private void assertConsumedOverThePool() {
        assertThat(consume("gen-3", 1_000_000)).isEqualTo(402);
    }
}
