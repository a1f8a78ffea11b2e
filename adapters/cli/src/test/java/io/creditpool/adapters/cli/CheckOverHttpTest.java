package io.creditpool.adapters.cli;

import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.TestClocks;
import io.creditpool.adapters.http.HttpService;
import io.creditpool.adapters.keys.InMemoryApiKeys;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code check --server URL} as a user runs it against a service in sandbox mode: the same report and exit codes as
 * in process, and a clear error (exit 1) without a key, with a wrong URL or a server not in sandbox mode.
 */
class CheckOverHttpTest {
    static final InMemoryApiKeys keys = new InMemoryApiKeys();
    static Creditpool sandboxPool;
    static Creditpool normalPool;
    static HttpService sandbox;
    static HttpService normal;
    static String key;

    @TempDir
    Path dir;

    private final Cli cli = new Cli();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    @BeforeAll
    static void start() {
        key = keys.create("checks").key();
        sandboxPool = Creditpool.builder().clock(new TestClocks()).payments(new SandboxPaymentGateway())
                .store(StoreSettings.MEMORY).build();
        sandbox = HttpService.start(sandboxPool, keys, "127.0.0.1", 0, true);
        normalPool = Creditpool.builder().store(StoreSettings.MEMORY).build();
        normal = HttpService.start(normalPool, keys, 0);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
        normal.close();
        sandboxPool.close();
        normalPool.close();
    }

    @AfterEach
    void forgetTheKey() {
        System.clearProperty(CreditpoolCommand.API_KEY_PROPERTY);
    }

    private int run(String... args) {
        return cli.run(args);
    }

    private static String url(HttpService service) {
        return "http://127.0.0.1:" + service.port();
    }

    private Path scenario(String name, String steps) throws IOException {
        return Files.writeString(dir.resolve(name), """
                name: %s
                start: 2026-01-01T00:00:00Z
                team: {id: acme, plan: team, seats: 2, owner: olivia}
                steps:
                %s""".formatted(name, steps));
    }

    @Test
    void checkPassesGoodScenariosThroughTheServerAndPrintsADiffForAFailedOne() throws IOException {
        scenario("good.yaml", """
                  - invite: {by: olivia, member: alice}
                  - consume: {member: alice, amount: 100, id: gen-1}
                    expect: accepted
                  - payments: decline
                  - top-up: {by: olivia, amount: 10}
                    expect: {denied: payment-declined}
                  - advance: P1M
                  - expect: {balance: 1000, usage: {alice: 0}, charges: 1, paid: 0, events: [top-up-declined]}
                """);
        System.setProperty(CreditpoolCommand.API_KEY_PROPERTY, key);

        assertThat(run("check", "--server", url(sandbox), dir.toString())).isZero();
        assertThat(out.toString()).contains("PASS", "1 of 1 scenario(s) passed");

        scenario("wrong.yaml", "  - consume: {member: olivia, amount: 100}\n  - expect: {balance: 1000}\n");
        out.getBuffer().setLength(0);
        assertThat(run("check", "--server", url(sandbox), dir.toString())).isEqualTo(CreditpoolCommand.FAILED);
        assertThat(out.toString()).contains("FAIL " + dir.resolve("wrong.yaml"),
                "step 2 (check balance 1000): expected balance 1000, was 900", "1 of 2 scenario(s) passed");
    }

    @Test
    void simulateThroughTheServerPrintsTheSameTimelineAsInProcess() throws IOException {
        Path file = scenario("sim.yaml", "  - consume: {member: olivia, amount: 1200}\n  - advance: PT6H\n");
        assertThat(run("simulate", file.toString())).isZero();
        String inProcess = out.toString();
        out.getBuffer().setLength(0);
        System.setProperty(CreditpoolCommand.API_KEY_PROPERTY, key);

        assertThat(run("simulate", "--server", url(sandbox), file.toString())).isZero();

        assertThat(out.toString()).isEqualTo(inProcess).contains("2026-01-01 06:00  advance PT6H");
    }

    @Test
    void withoutAKeyItSaysWhereToPutOne() throws IOException {
        assumeTrue(System.getenv(CreditpoolCommand.API_KEY_VARIABLE) == null, "CREDITPOOL_API_KEY is set here");
        scenario("good.yaml", "  - expect: {balance: 1000}\n");

        assertThat(run("check", "--server", url(sandbox), dir.toString())).isEqualTo(CreditpoolCommand.FAILED);
        assertThat(err.toString()).contains("CREDITPOOL_API_KEY", "required");
    }

    @Test
    void aWrongKeyIsRefusedClearly() throws IOException {
        scenario("good.yaml", "  - expect: {balance: 1000}\n");
        System.setProperty(CreditpoolCommand.API_KEY_PROPERTY, "cp_not-a-key");

        assertThat(run("check", "--server", url(sandbox), dir.toString())).isEqualTo(CreditpoolCommand.FAILED);
        assertThat(err.toString()).contains("refuses the API key");
    }

    @Test
    void aServerThatDoesNotAnswerOrAUrlThatIsNotOneIsAClearError() throws IOException {
        scenario("good.yaml", "  - expect: {balance: 1000}\n");
        System.setProperty(CreditpoolCommand.API_KEY_PROPERTY, key);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertThat(run("check", "--server", "http://127.0.0.1:" + closedPort, dir.toString()))
                .isEqualTo(CreditpoolCommand.FAILED);
        assertThat(err.toString()).contains("http://127.0.0.1:" + closedPort, "did not answer");

        assertThat(run("check", "--server", "localhost:8080", dir.toString())).isEqualTo(CreditpoolCommand.FAILED);
        assertThat(err.toString()).contains("'localhost:8080' is not a server URL");
        assertThat(run("check", "--server", "http://no such host", dir.toString())).isEqualTo(CreditpoolCommand.FAILED);
        assertThat(err.toString()).contains("is not a server URL");
    }

    @Test
    void aServerNotInSandboxModeIsNamedAsSuch() throws IOException {
        scenario("good.yaml", "  - expect: {balance: 1000}\n");
        System.setProperty(CreditpoolCommand.API_KEY_PROPERTY, key);

        assertThat(run("check", "--server", url(normal), dir.toString())).isEqualTo(CreditpoolCommand.FAILED);
        assertThat(err.toString()).contains("not in sandbox mode", "serve --sandbox");
    }

    @Test
    void aScenarioPlanTheServerLacksFailsThatScenarioNamingThePlan() throws IOException {
        Files.writeString(dir.resolve("own-plan.yaml"), """
                name: own plan
                start: 2026-01-01T00:00:00Z
                plans:
                  - {name: agency, tier: standard, monthly-credits-per-seat: 350, price-per-credit: 4}
                team: {id: acme, plan: agency, seats: 2, owner: olivia}
                steps:
                  - expect: {balance: 700}
                """);
        System.setProperty(CreditpoolCommand.API_KEY_PROPERTY, key);

        assertThat(run("check", "--server", url(sandbox), dir.toString())).isEqualTo(CreditpoolCommand.FAILED);
        assertThat(out.toString()).contains("(server)", "plan 'agency'", "0 of 1 scenario(s) passed");
    }

    @Test
    void rulesOrPlansGivenWithAServerAreRefused() throws IOException {
        scenario("good.yaml", "  - expect: {balance: 1000}\n");
        System.setProperty(CreditpoolCommand.API_KEY_PROPERTY, key);
        java.nio.file.Files.writeString(dir.resolve("plans.csv"), "name,tier,monthly-credits-per-seat,"
                + "price-per-credit,currency\n");

        assertThat(run("--plans", dir.resolve("plans.csv").toString(), "check", "--server", url(sandbox),
                dir.toString())).isEqualTo(CreditpoolCommand.FAILED);
        assertThat(err.toString()).contains("do not apply with --server");
    }
}
