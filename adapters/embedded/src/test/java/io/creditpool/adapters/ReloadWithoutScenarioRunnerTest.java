package io.creditpool.adapters;

import io.creditpool.Creditpool;
import io.creditpool.RuleSetScenarios;
import io.creditpool.RulesReload;
import io.creditpool.rules.RuleSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded module alone has no scenario runner: a changed rules folder without scenarios still reloads, one with
 * scenarios is refused (never swapped in unchecked), and a runner given to the builder is the one a reload uses.
 */
class ReloadWithoutScenarioRunnerTest {
    @TempDir
    Path dir;

    @Test
    void noScenarioRunnerIsOnTheClassPathOfTheEmbeddedModule() {
        assertThat(RuleSetScenarios.available().failures(dir, null)).isEmpty();
        assertThat(dir.resolve("scenarios")).doesNotExist();
    }

    @Test
    void aFolderWithoutScenariosReloadsAndOneWithScenariosIsRefusedNamingTheModule() throws IOException {
        Path rules = exportShipped(dir.resolve("rules"));
        try (Creditpool pool = Creditpool.builder().rules(rules).planTable(rules.resolve("plans.csv")).build()) {
            String first = pool.rulesVersion();
            changeARule(rules, "1");
            RulesReload plain = pool.reloadRules();
            assertThat(plain.reloaded()).as(plain.errors().toString()).isTrue();

            Files.createDirectories(rules.resolve("scenarios"));
            Files.writeString(rules.resolve("scenarios").resolve("any.yaml"), "name: any\n");
            changeARule(rules, "2");
            RulesReload refused = pool.reloadRules();
            assertThat(refused.refused()).isTrue();
            assertThat(refused.errors()).singleElement().asString().contains("io.creditpool:creditpool-scenarios");
            assertThat(pool.rulesVersion()).isEqualTo(plain.version()).isNotEqualTo(first);
        }
    }

    @Test
    void theScenarioRunnerGivenToTheBuilderDecides() throws IOException {
        Path rules = exportShipped(dir.resolve("rules"));
        Files.createDirectories(rules.resolve("scenarios"));
        List<Path> asked = new java.util.ArrayList<>();
        try (Creditpool pool = Creditpool.builder().rules(rules).planTable(rules.resolve("plans.csv"))
                .scenarios((folder, candidate) -> {
                    asked.add(folder);
                    return List.of("scenario 'x' failed: because this test says so");
                }).build()) {
            changeARule(rules, "3");
            RulesReload reload = pool.reloadRules();
            assertThat(reload.refused()).isTrue();
            assertThat(reload.errors()).containsExactly("scenario 'x' failed: because this test says so");
            assertThat(asked).containsExactly(rules);
        }
    }

    /** A comment is enough to make a new version of the rule set. */
    private static void changeARule(Path rules, String mark) throws IOException {
        try (var files = Files.list(rules)) {
            Path drl = files.filter(p -> p.toString().endsWith(".drl")).sorted().findFirst().orElseThrow();
            Files.writeString(drl, Files.readString(drl) + "\n// change " + mark + "\n");
        }
    }

    private static Path exportShipped(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (var file : RuleSource.shipped().files().entrySet()) {
            Files.writeString(folder.resolve(file.getKey()), file.getValue());
        }
        try (InputStream in = RuleSource.class.getClassLoader()
                .getResourceAsStream(RuleSource.CLASSPATH_FOLDER + "plans.csv")) {
            Files.write(folder.resolve("plans.csv"), in.readAllBytes());
        }
        return folder;
    }
}
