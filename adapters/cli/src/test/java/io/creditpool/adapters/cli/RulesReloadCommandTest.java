package io.creditpool.adapters.cli;

import io.creditpool.Creditpool;
import io.creditpool.adapters.keys.ApiKeys;
import io.creditpool.adapters.http.HttpService;
import io.creditpool.adapters.keys.InMemoryApiKeys;
import io.creditpool.adapters.store.StoreSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.creditpool.adapters.reload.AnalystRules.BROKEN_CAP;
import static io.creditpool.adapters.reload.AnalystRules.CAP;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rules reload --server URL} as an operator runs it against a service on a rules folder: the outcome in plain
 * words, exit 0 when reloaded or unchanged, 3 when refused, 1 when the server cannot do it.
 */
class RulesReloadCommandTest {
    @TempDir
    Path dir;
    Path rules;
    final InMemoryApiKeys keys = new InMemoryApiKeys();
    Creditpool pool;
    HttpService service;
    private final Cli cli = new Cli();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    @BeforeEach
    void serveAnExportedRulesFolder() {
        rules = dir.resolve("my-rules");
        assertThat(run("rules", "export", rules.toString())).isZero();
        out.getBuffer().setLength(0);
        pool = Creditpool.builder().rules(rules).planTable(rules.resolve("plans.csv")).store(StoreSettings.MEMORY)
                .build();
        service = HttpService.start(pool, keys, 0);
        System.setProperty(CreditpoolCommand.API_KEY_PROPERTY, keys.create("ops", ApiKeys.Scope.OPERATOR).key());
    }

    @AfterEach
    void stop() {
        System.clearProperty(CreditpoolCommand.API_KEY_PROPERTY);
        service.close();
        pool.close();
    }

    private int run(String... args) {
        return cli.run(args);
    }

    private String url() {
        return "http://127.0.0.1:" + service.port();
    }

    @Test
    void aChangedFolderIsReloadedAndAnUnchangedOneSaysSo() throws IOException {
        String before = pool.rulesVersion();
        Files.writeString(rules.resolve("cap.drl"), CAP);

        assertThat(run("rules", "reload", "--server", url())).as(err.toString()).isZero();

        assertThat(pool.rulesVersion()).isNotEqualTo(before);
        assertThat(out.toString()).matches("reloaded: rules " + pool.rulesVersion() + " \\(was " + before
                + "\\), \\d+ ms\\R");

        out.getBuffer().setLength(0);
        assertThat(run("rules", "reload", "--server", url())).isZero();
        assertThat(out.toString()).startsWith("unchanged: rules " + pool.rulesVersion() + " stay live");
    }

    @Test
    void aBrokenRuleIsRefusedWithExit3AndTheErrorsAndTheLiveVersionAreTold() throws IOException {
        String before = pool.rulesVersion();
        Files.writeString(rules.resolve("cap.drl"), BROKEN_CAP);

        assertThat(run("rules", "reload", "--server", url())).isEqualTo(CreditpoolCommand.BROKEN_POLICY);

        assertThat(out.toString()).startsWith("refused: 1 error(s), rules " + before + " stay live")
                .contains("  - cap.drl:11: rule \"No consumption above 100 credits at once\": OverMemberLimit has no "
                        + "method `neverExpire`");
        assertThat(pool.rulesVersion()).isEqualTo(before);
    }

    @Test
    void aProductKeyAServerWithoutAFolderOrNoServerAreClearErrorsWithExit1() throws IOException {
        System.setProperty(CreditpoolCommand.API_KEY_PROPERTY, keys.create("shop").key());
        assertThat(run("rules", "reload", "--server", url())).isEqualTo(CreditpoolCommand.FAILED);
        assertThat(err.toString()).contains("needs an operator key (keys create NAME --admin)");

        System.setProperty(CreditpoolCommand.API_KEY_PROPERTY, "cp_not-a-key");
        assertThat(run("rules", "reload", "--server", url())).isEqualTo(CreditpoolCommand.FAILED);
        assertThat(err.toString()).contains("refuses the API key");

        System.setProperty(CreditpoolCommand.API_KEY_PROPERTY, keys.create("ops-2", ApiKeys.Scope.OPERATOR).key());
        try (Creditpool shipped = Creditpool.builder().store(StoreSettings.MEMORY).build();
                HttpService other = HttpService.start(shipped, keys, 0)) {
            assertThat(run("rules", "reload", "--server", "http://127.0.0.1:" + other.port()))
                    .isEqualTo(CreditpoolCommand.FAILED);
            assertThat(err.toString()).contains("creditpool.rules");
        }

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThat(run("rules", "reload", "--server", "http://127.0.0.1:" + closedPort))
                .isEqualTo(CreditpoolCommand.FAILED);
        assertThat(err.toString()).contains("http://127.0.0.1:" + closedPort, "did not answer");
        assertThat(run("rules", "reload", "--server", "localhost:8080")).isEqualTo(CreditpoolCommand.FAILED);
        assertThat(err.toString()).contains("'localhost:8080' is not a server URL");
        assertThat(out.toString()).isEmpty();
    }
}
