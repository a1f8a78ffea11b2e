package io.creditpool.acceptance;

import io.creditpool.adapters.jdbc.TestDatabases;
import io.creditpool.adapters.scenario.ScenarioFiles;
import io.creditpool.adapters.scenario.ScenarioReport;
import io.creditpool.adapters.scenario.ScenarioRunner;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every scenario under {@code acceptance-tests/scenarios/} is a test, run through the same code as
 * {@code ./creditpool check} on each store: in memory, SQLite, H2 in file mode, PostgreSQL, and PostgreSQL as a
 * distributed SQL engine behaves (every transaction serializable, a share of commits refused with 40001, which the
 * store retries). The whole wired system, the shipped rules and plans, the guarantees audited after every step.
 */
class ScenarioSuiteTest {
    static final Path SCENARIOS = Path.of("scenarios");
    static final List<String> STORES = List.of("memory", "sqlite", "h2", "postgres", "postgres-serializable");

    @TestFactory
    Stream<DynamicContainer> everyScenarioPassesOnEveryStore() {
        List<Path> files = ScenarioFiles.under(List.of(SCENARIOS));
        assertThat(files).as("scenario files under " + SCENARIOS.toAbsolutePath()).isNotEmpty();
        return STORES.stream().map(store -> {
            ScenarioRunner runner = new ScenarioRunner(b -> b, TestDatabases.of(store));
            return DynamicContainer.dynamicContainer(store, files.stream().map(file ->
                    DynamicTest.dynamicTest(file.getFileName().toString(), file.toUri(), () -> {
                        ScenarioRunner.Result result = runner.run(file);
                        assertThat(result.failures()).as(() -> ScenarioReport.timeline(result)).isEmpty();
                        assertThat(result.steps()).as("steps run").hasSize(result.scenario().steps().size());
                    })));
        });
    }
}
