package io.creditpool.acceptance;

import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.TestClocks;
import io.creditpool.adapters.http.HttpService;
import io.creditpool.adapters.keys.InMemoryApiKeys;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.adapters.scenario.Scenario;
import io.creditpool.adapters.scenario.ScenarioFiles;
import io.creditpool.adapters.scenario.ScenarioParser;
import io.creditpool.adapters.scenario.ScenarioReport;
import io.creditpool.adapters.scenario.ScenarioRunner;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.Plan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every scenario under {@code acceptance-tests/scenarios/} run through the HTTP API of a service in sandbox mode (in
 * this JVM, on the memory store, with an API key), and in process: each passes over HTTP, with the same steps at the
 * same times, the same decisions (outcome, rules, balance; the reason too, except the wording of bad input, which
 * the service names by its JSON fields), the same events told, the same failures (none) and the same workspace at
 * the end. So the service and the Java API agree on the whole acceptance suite.
 */
class HttpScenarioSuiteTest {
    static final List<Path> FILES = ScenarioFiles.under(List.of(ScenarioSuiteTest.SCENARIOS));

    static Creditpool pool;
    static HttpService service;
    static ScenarioRunner overHttp;
    static final ScenarioRunner IN_PROCESS = new ScenarioRunner(b -> b, StoreSettings.MEMORY);

    @BeforeAll
    static void startTheServiceInSandboxMode() {
        // the server's plan table holds every plan the scenarios add
        Map<String, Plan> plans = new LinkedHashMap<>();
        FILES.forEach(file -> ScenarioParser.parse(file).plans().forEach(p -> plans.put(p.name(), p)));
        pool = Creditpool.builder().clock(new TestClocks()).payments(new SandboxPaymentGateway())
                .plans(plans.values()).store(StoreSettings.MEMORY).synchronousPurchases().build();
        InMemoryApiKeys keys = new InMemoryApiKeys();
        String key = keys.create("acceptance").key();
        service = HttpService.start(pool, keys, "127.0.0.1", 0, true);
        overHttp = ScenarioRunner.overHttp(URI.create("http://127.0.0.1:" + service.port()), key);
    }

    @AfterAll
    static void stop() {
        service.close();
        pool.close();
    }

    @TestFactory
    Stream<DynamicTest> everyScenarioPassesOverHttpExactlyAsInProcess() {
        assertThat(FILES).isNotEmpty();
        return FILES.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), file.toUri(), () -> {
            Scenario scenario = ScenarioParser.parse(file);
            ScenarioRunner.Result http = overHttp.run(scenario);
            ScenarioRunner.Result local = IN_PROCESS.run(scenario);

            assertThat(http.failures()).as(() -> ScenarioReport.timeline(http)).isEmpty();
            assertThat(local.failures()).isEmpty();
            assertThat(http.steps()).hasSameSizeAs(local.steps());
            assertSameOutcome(http.creation(), local.creation());
            for (int i = 0; i < local.steps().size(); i++) {
                assertSameOutcome(http.steps().get(i), local.steps().get(i));
            }
            assertThat(http.end()).as("the workspace at the end").isEqualTo(local.end());
        }));
    }

    private static void assertSameOutcome(ScenarioRunner.StepOutcome http, ScenarioRunner.StepOutcome local) {
        String step = "step " + local.number() + " (" + local.description() + ")";
        assertThat(http.number()).isEqualTo(local.number());
        assertThat(http.description()).isEqualTo(local.description());
        assertThat(http.at()).as(step + ": when").isEqualTo(local.at());
        assertThat(http.balance()).as(step + ": balance after").isEqualTo(local.balance());
        assertThat(http.failures()).as(step + ": failures").isEqualTo(local.failures());
        assertThat(http.events()).as(step + ": events told").isEqualTo(local.events());
        Decision h = http.decision();
        Decision l = local.decision();
        if (l == null) {
            assertThat(h).as(step).isNull();
            return;
        }
        assertThat(h).as(step).isNotNull();
        assertThat(h.outcome()).as(step + ": outcome").isEqualTo(l.outcome());
        assertThat(h.rules()).as(step + ": rules").isEqualTo(l.rules());
        assertThat(h.balance()).as(step + ": balance of the decision").isEqualTo(l.balance());
        if (l.denial() != DenialCode.INVALID_INPUT) {
            assertThat(withoutInstallation(h.reason())).as(step + ": reason").isEqualTo(withoutInstallation(l.reason()));
        }
    }

    /**
     * The words of a reason without the store's installation id, which begins every purchase key: the two runs are
     * two stores, each with its own.
     */
    private static String withoutInstallation(String reason) {
        return reason == null ? null : reason.replaceAll(
                "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:", "INSTALLATION:");
    }
}
