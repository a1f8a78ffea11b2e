package io.creditpool.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which rules decide in production: {@code GET /admin/rules} and {@code /metrics} count, per rule name and rules
 * version, the decisions each rule fired in, and list the rules that never fired with 0.
 */
class RuleUsageTest extends ServedRulesFolder {
    private static final String ACCEPTS = "A consumption the pool covers, within the member's limit, is accepted";
    private static final String DENIES_OVER_POOL = "A team may not spend more credits than its pool holds";

    @Test
    void eachRuleCountsTheDecisionsItFiredInAndTheOthersCountZero() {
        assertThat(call(productKey, "POST", "/v1/teams", Map.of(),
                "{\"team\":\"acme\",\"plan\":\"team\",\"seats\":2,\"owner\":\"olivia\"}").status()).isEqualTo(201);
        assertThat(consume("gen-1", 10).status()).isEqualTo(200);
        assertThat(consume("gen-2", 10).status()).isEqualTo(200);
        assertThat(consume("gen-2", 10).status()).as("a replayed request id is not decided again").isEqualTo(200);

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
        assertThat(consume("gen-3", 1_000_000).status()).isEqualTo(402);
    }
}
