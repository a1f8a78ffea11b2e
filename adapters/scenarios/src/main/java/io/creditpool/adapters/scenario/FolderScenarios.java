package io.creditpool.adapters.scenario;

import io.creditpool.RuleSetScenarios;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.rules.RuleSet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The scenario check of a rules reload: runs every scenario under the folder's {@code scenarios/} on the candidate,
 * in memory, each on a Creditpool of its own and within the time limit of {@link ScenarioTimeLimit}.
 */
public final class FolderScenarios implements RuleSetScenarios {
    /**
     * Each failure names its scenario and its first problem. A scenario that does not finish in time ends the run:
     * the candidate is refused anyway, and each further one could leave another thread stuck.
     */
    @Override
    public List<String> failures(Path folder, RuleSet candidate) {
        Path dir = folder.resolve("scenarios");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> failures = new ArrayList<>();
        List<Path> files;
        ScenarioTimeLimit limit;
        try {
            files = ScenarioFiles.under(List.of(dir));
            limit = ScenarioTimeLimit.configured();
        } catch (ScenarioException | IllegalArgumentException e) {
            return List.of(e.getMessage());
        }
        ScenarioRunner runner = new ScenarioRunner(b -> b.ruleSet(candidate), StoreSettings.MEMORY);
        for (Path file : files) {
            String name = folder.relativize(file).toString();
            try {
                ScenarioRunner.Result result = limit.run(runner, file);
                if (!result.passed()) {
                    failures.add("scenario '" + result.scenario().name() + "' (" + name + ") failed: "
                            + result.failures().get(0));
                }
            } catch (ScenarioTimeoutException e) {
                failures.add(e.getMessage());
                break;
            } catch (RuntimeException e) {
                // a malformed scenario, or a rule that breaks a decision
                failures.add("scenario " + name + " failed: " + e.getMessage());
            }
        }
        return failures;
    }
}
