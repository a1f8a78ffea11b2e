package io.creditpool.adapters.cli;

import io.creditpool.adapters.store.StoreSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a person who typed a command line wrong is told: a usage error (exit 2) naming the option or path and what it
 * takes, never a failure of something else, and never a stack trace.
 */
class ErrorsAPersonCanActOnTest {
    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    @BeforeEach
    void aStoreOfItsOwn() {
        // no command of this test may make ./data in the module's folder
        System.setProperty(StoreSettings.PROPERTY, "sqlite:" + dir.resolve("store.db"));
    }

    @AfterEach
    void noStoreConfigured() {
        System.clearProperty(StoreSettings.PROPERTY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"keys", "ledger", "store", ""})
    void aGroupOfCommandsWithoutOneIsAUsageErrorWithItsUsageOnStandardError(String group) {
        String[] args = group.isEmpty() ? new String[0] : new String[] {group};
        assertThat(cli.run(args)).isEqualTo(CreditpoolCommand.USAGE);
        assertThat(cli.err.toString()).contains("give one of its commands", "Usage: creditpool");
        assertThat(cli.out.toString()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "load --teams -1, --teams, from 1",
        "load --teams 0, --teams, from 1",
        "load --callers 0, --callers, from 1 to 10000",
        "load --seconds -5, --seconds, from 1 to 86400",
        "load --top-up-every -1, --top-up-every, from 0 up",
        "serve --port -1, --port, from 0 to 65535",
        "serve --port 65536, --port, from 0 to 65535",
        "audit --payments --since yesterday, --since, 2026-01-31",
        "audit --since 2026-01-31, --since, only with --payments",
        "recover --since 31/01/2026, --since, 2026-01-31",
    })
    void aNumberOrDateOutOfItsRangeIsAUsageErrorNamingTheOptionAndTheRange(String line, String option, String range) {
        assertThat(cli.run(line.split(" "))).as(line).isEqualTo(CreditpoolCommand.USAGE);
        assertThat(cli.err.toString()).contains(option, range).doesNotContain("Exception");
        assertThat(dir.resolve("store.db")).as("nothing was started on the store").doesNotExist();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rules check MISSING",
        "check MISSING",
        "simulate MISSING",
        "replay --rules MISSING SCENARIO",
        "replay --rules RULES MISSING",
        "--rules MISSING check SCENARIO",
        "--plans MISSING check SCENARIO",
        "--rules MISSING rules",
        "ledger export acme --output MISSING/acme.yaml",
    })
    void aPathThatIsNotThereIsAUsageErrorNamingIt(String line) throws IOException {
        Path scenario = Files.writeString(dir.resolve("s.yaml"), """
                name: s
                start: 2026-01-01T00:00:00Z
                team: {id: acme, plan: team, seats: 2, owner: olivia}
                steps:
                  - expect: {balance: 1000}
                """);
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Path missing = dir.resolve("nowhere");
        String[] args = line.replace("MISSING", missing.toString()).replace("SCENARIO", scenario.toString())
                .replace("RULES", rules.toString()).split(" ");

        assertThat(cli.run(args)).as(line).isEqualTo(CreditpoolCommand.USAGE);
        String said = cli.err.toString().lines().findFirst().orElse("");
        assertThat(said).contains(missing.toString()).doesNotContain("compile", "errors");
        assertThat(cli.err.toString()).doesNotContain("Exception");
    }

    @Test
    void aScenarioOnAPlanThatIsNotThereListsThePlansThereAre() throws IOException {
        Path scenario = Files.writeString(dir.resolve("s.yaml"), """
                name: s
                start: 2026-01-01T00:00:00Z
                team: {id: acme, plan: platinum, seats: 2, owner: olivia}
                steps:
                  - expect: {balance: 1000}
                """);
        assertThat(cli.run("check", scenario.toString())).isEqualTo(CreditpoolCommand.FAILED);
        assertThat(cli.out.toString() + cli.err.toString()).contains("platinum",
                "the plans are: enterprise, starter, team");
    }
}
