package io.creditpool;

import io.creditpool.rules.RuleSet;

import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Runs the scenarios of a rules folder on a candidate rule set, for {@link Creditpool#reloadRules()}: a reload swaps
 * the candidate in only when every scenario passes. {@code creditpool-scenarios} provides it (found with
 * {@link ServiceLoader}); without it, a folder that has scenarios is never reloaded (see {@link #none()}).
 */
public interface RuleSetScenarios {
    /**
     * Runs every scenario under {@code folder}/{@code scenarios} on {@code candidate}, each within its time limit;
     * answers one line per failure (its scenario's name and its first problem), empty when all passed or there are
     * none.
     */
    List<String> failures(Path folder, RuleSet candidate);

    /** The implementation on the class path, else {@link #none()}. */
    static RuleSetScenarios available() {
        return ServiceLoader.load(RuleSetScenarios.class).findFirst().orElse(none());
    }

    /**
     * Without a scenario runner: a folder with no {@code scenarios/} passes, one with scenarios is refused, since its
     * scenarios cannot be run and a reload never swaps in a set that was not checked.
     */
    static RuleSetScenarios none() {
        return (folder, candidate) -> java.nio.file.Files.isDirectory(folder.resolve("scenarios"))
                ? List.of("scenarios/: the rules folder has scenarios, and running them needs the module "
                        + "io.creditpool:creditpool-scenarios on the class path")
                : List.of();
    }
}
