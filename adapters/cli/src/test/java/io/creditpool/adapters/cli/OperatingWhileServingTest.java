package io.creditpool.adapters.cli;

import io.creditpool.adapters.keys.ApiKeys;
import io.creditpool.adapters.store.StoreSettings;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
 * An operator's commands while {@code serve} runs under load on a file store (SQLite, the default, whose file the
 * processes share; H2, whose mixed mode serves the file to the other processes on a loopback port): keys are listed,
 * made and revoked, the store is audited and a team's ledger exported, from another process, and the running service
 * refuses a revoked key on its next request; nothing of the service listens on an address other than loopback (what
 * {@code ss -ltnp} shows, read from {@code /proc}). Then SIGTERM stops it with exit code 0 and a line saying so.
 */
class OperatingWhileServingTest {
    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> get(String url, String key) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2"})
    void keysAuditAndLedgerExportWorkWhileServeRunsAndARevokedKeyIsRefusedAtOnce(String kind, @TempDir Path folder)
            throws Exception {
        StoreSettings store = kind.equals("h2") ? StoreSettings.h2(folder.resolve("data"))
                : StoreSettings.sqlite(folder.resolve("data").resolve(StoreSettings.SQLITE_FILE));
        String key = ServeProcess.key(store, "shop", ApiKeys.Scope.PRODUCT);
        Path log = folder.resolve("serve.log");
        // the shipped log format, not the tests' (which logs warnings only)
        ServeProcess serve = ServeProcess.start(store, List.of("logback.configurationFile="
                + Path.of("src/main/resources/logback.xml").toAbsolutePath()), log);
        Cli cli = new Cli();
        System.setProperty(StoreSettings.PROPERTY, store.setting());
        // what the launcher (CreditpoolCommand.main, which serve ran from) sets for every command
        System.setProperty(StoreSettings.H2_AUTO_SERVER, "true");
        try {
            String url = serve.url("serving on (http://\\S+) ");
            assertThat(url).as(serve.firstLine()).isNotNull();
            HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(url + "/v1/teams"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"team\":\"acme\",\"plan\":\"team\",\"seats\":40,"
                            + "\"owner\":\"olivia\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            Load load = new Load(url, key);
            load.start();
            load.awaitFirst();

            assertThat(cli.run("keys", "list")).as(cli.err.toString()).isZero();
            assertThat(cli.out.toString()).contains("shop");
            assertThat(cli.run("audit")).as(cli.out + "" + cli.err).isZero();
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

            assertThat(cli.run("audit")).as(cli.out + "" + cli.err).isZero();
            load.stopAndJoin();
            assertThat(load.failures).as("consumptions refused or failed while the operator worked; the service "
                    + "logged:%n%s", Files.readString(log)).isEmpty();
            assertThat(load.accepted).as("consumptions served meanwhile").isPositive();
            assertThat(cli.run("audit")).as(cli.out + "" + cli.err).isZero();
            assertThat(cli.out.toString()).contains("every balance equals its ledger");

            List<String> listening = Listening.addresses(serve.pid());
            assertThat(listening).as("the service's listening sockets").isNotEmpty();
            assertThat(listening).as("listening on an address other than loopback")
                    .allMatch(Listening::loopback);
        } finally {
            System.clearProperty(StoreSettings.PROPERTY);
            System.clearProperty(StoreSettings.H2_AUTO_SERVER);
            assertThat(serve.stop()).as("SIGTERM: the service stops").isTrue();
        }
        assertThat(serve.exitCode()).as("exit code after SIGTERM").isZero();
        assertThat(Files.readString(log)).contains("stopped took_ms=").doesNotContain("failed to stop");
    }

    /** One caller consuming 1 credit at a time, each under its own idempotency key, until stopped. */
    private final class Load extends Thread {
        final String url;
        final String key;
        final java.util.concurrent.CountDownLatch first = new java.util.concurrent.CountDownLatch(1);
        final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile boolean running = true;
        volatile int accepted;

        Load(String url, String key) {
            super("load");
            this.url = url;
            this.key = key;
        }

        @Override
        public void run() {
            for (int i = 0; running && failures.isEmpty(); i++) {
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url
                            + "/v1/teams/acme/consumptions")).header("Authorization", "Bearer " + key)
                            .header("Content-Type", "application/json").header("Creditpool-Member", "olivia")
                            .header("Idempotency-Key", "load-" + i)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"credits\":1}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 || r.statusCode() == 201) {
                        accepted++;
                        first.countDown();
                    } else {
                        failures.add(r.statusCode() + " " + r.body());
                    }
                    Thread.sleep(2);
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
            first.countDown();
        }

        void awaitFirst() throws InterruptedException {
            assertThat(first.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("a first consumption").isTrue();
        }

        void stopAndJoin() throws InterruptedException {
            running = false;
            join(30_000);
        }
    }
}
