package io.creditpool.adapters.cli;

import io.creditpool.adapters.keys.ApiKeys;
import io.creditpool.adapters.store.StoreSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator's commands while {@code serve} runs on the default store (H2 in a folder): keys are listed, made and
 * revoked, the store is audited and a team's ledger exported, from another process, and the running service refuses
 * a revoked key on its next request. Then SIGTERM stops it with exit code 0 and a line saying so.
 */
class OperatingWhileServingTest {
    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> get(String url, String key) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void keysAuditAndLedgerExportWorkWhileServeRunsAndARevokedKeyIsRefusedAtOnce(@TempDir Path folder)
            throws Exception {
        StoreSettings store = StoreSettings.h2(folder.resolve("data"));
        String key = ServeProcess.key(store, "shop", ApiKeys.Scope.PRODUCT);
        Path log = folder.resolve("serve.log");
        // the shipped log format, not the tests' (which logs warnings only)
        ServeProcess serve = ServeProcess.start(store, List.of("logback.configurationFile="
                + Path.of("src/main/resources/logback.xml").toAbsolutePath()), log);
        Cli cli = new Cli();
        System.setProperty(StoreSettings.PROPERTY, "h2:" + store.location());
        // what the launcher (CreditpoolCommand.main, which serve ran from) sets for every command
        System.setProperty(StoreSettings.H2_AUTO_SERVER, "true");
        try {
            String url = serve.url("serving on (http://\\S+) ");
            assertThat(url).as(serve.firstLine()).isNotNull();
            HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(url + "/v1/teams"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"team\":\"acme\",\"plan\":\"team\",\"seats\":2,"
                            + "\"owner\":\"olivia\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

            assertThat(cli.run("keys", "list")).as(cli.err.toString()).isZero();
            assertThat(cli.out.toString()).contains("shop");
            assertThat(cli.run("audit")).as(cli.err.toString()).isZero();
            assertThat(cli.out.toString()).contains("1 team(s) audited", "every balance equals its ledger");
            assertThat(cli.run("ledger", "export", "acme")).as(cli.err.toString()).isZero();
            assertThat(cli.out.toString()).contains("acme");

            assertThat(cli.run("keys", "create", "leaky")).as(cli.err.toString()).isZero();
            String leaked = cli.out.toString().lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElseThrow()
                    .trim();
            assertThat(get(url + "/v1/plans", leaked).statusCode()).isEqualTo(200);
            assertThat(cli.run("keys", "list")).isZero();
            Matcher id = Pattern.compile("(\\S+)\\s+leaky").matcher(cli.out.toString());
            assertThat(id.find()).as(cli.out.toString()).isTrue();
            assertThat(cli.run("keys", "revoke", id.group(1))).as(cli.err.toString()).isZero();
            assertThat(get(url + "/v1/plans", leaked).statusCode()).as("refused by the running service")
                    .isEqualTo(401);
            assertThat(get(url + "/v1/plans", key).statusCode()).isEqualTo(200);
        } finally {
            System.clearProperty(StoreSettings.PROPERTY);
            System.clearProperty(StoreSettings.H2_AUTO_SERVER);
            assertThat(serve.stop()).as("SIGTERM: the service stops").isTrue();
        }
        assertThat(serve.exitCode()).as("exit code after SIGTERM").isZero();
        assertThat(Files.readString(log)).contains("stopped took_ms=").doesNotContain("failed to stop");
    }
}
