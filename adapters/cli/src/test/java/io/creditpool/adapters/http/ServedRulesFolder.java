package io.creditpool.adapters.http;

import io.creditpool.Creditpool;
import io.creditpool.adapters.cli.CreditpoolCommand;
import io.creditpool.adapters.client.ServiceClient;
import io.creditpool.adapters.keys.ApiKeys;
import io.creditpool.adapters.keys.InMemoryApiKeys;
import io.creditpool.adapters.store.StoreSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service on a loopback port, running a rules folder exported from the shipped rules, with an operator key and a
 * product key; for the tests of the {@code /admin/rules} endpoints.
 */
abstract class ServedRulesFolder {
    @TempDir
    Path dir;
    Path rules;
    final InMemoryApiKeys keys = new InMemoryApiKeys();
    String operatorKey;
    String productKey;
    Creditpool pool;
    HttpService service;

    @BeforeEach
    void serveAnExportedRulesFolder() {
        rules = dir.resolve("my-rules");
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

    ServiceClient.Reply call(String key, String method, String path) {
        return call(key, method, path, Map.of(), null);
    }

    ServiceClient.Reply call(String key, String method, String path, Map<String, String> headers, String body) {
        return ServiceClient.of("http://127.0.0.1:" + service.port(), key).send(method, path, headers, body);
    }

    /** {@code credits} consumed by olivia of team acme under request id {@code id}. */
    ServiceClient.Reply consume(String id, long credits) {
        return call(productKey, "POST", "/v1/teams/acme/consumptions", Map.of("Creditpool-Member", "olivia",
                "Idempotency-Key", id), "{\"credits\":" + credits + "}");
    }
}
