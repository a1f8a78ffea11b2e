package io.creditpool.adapters.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.creditpool.adapters.cli.AnalystWalkthroughTest.blocks;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guide's decision-table change (rules/ANALYSTS.md, "Decision tables"), done as the guide says with the table,
 * the added row and the scenario taken from the guide: the table goes into an exported rule set, {@code rules check}
 * compiles it with the DRL files and runs its scenario; a mistake in it is refused naming the table.
 */
class DecisionTableWalkthroughTest {
    @TempDir
    Path dir;

    private final Cli cli = new Cli();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    @Test
    void anAnalystAddsTheGuidesTableAndARowAndChecksThemWithTheirScenario() throws Exception {
        Path rules = dir.resolve("my-rules");
        assertThat(cli.run("rules", "export", rules.toString())).isZero();
        List<String> tables = blocks("## Decision tables", "csv");
        Files.writeString(rules.resolve("scenarios/largest-consumption.yaml"),
                blocks("## Decision tables", "yaml").get(0));

        // the scenario needs the table: without it, 1001 credits are accepted
        assertThat(cli.run("rules", "check", rules.toString())).as(out + "" + err).isEqualTo(CreditpoolCommand.FAILED);
        assertThat(out.toString()).contains("0 of 1 scenario(s) passed");

        Files.writeString(rules.resolve("largest-consumption.csv"), tables.get(0));
        assertThat(cli.run("rules", "check", rules.toString())).as(out + "" + err).isZero();
        assertThat(out.toString()).contains("0 error(s)", "1 of 1 scenario(s) passed");
        assertThat(cli.run("--rules", rules.toString(), "rules")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("A standard consumption may take at most 1000 credits",
                "An enterprise consumption may take at most 5000 credits");

        // a row added as the guide shows is one more rule
        Files.writeString(rules.resolve("largest-consumption.csv"), tables.get(0) + tables.get(1));
        assertThat(cli.run("rules", "check", rules.toString())).as(out + "" + err).isZero();
        assertThat(cli.run("--rules", rules.toString(), "rules")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("A business consumption may take at most 3000 credits");

        // a mistake in the table is refused, naming it, and the scenarios are not run
        Files.writeString(rules.resolve("largest-consumption.csv"), tables.get(0).replace("credits >", "credts >"));
        assertThat(cli.run("rules", "check", rules.toString())).isEqualTo(CreditpoolCommand.BROKEN_POLICY);
        assertThat(out.toString()).contains("largest-consumption.csv", "scenarios not run");
    }

    @Test
    void anAnalystAddsTheGuidesRowAndColumnToThePlanParametersAndChecksThemWithTheirScenarios() throws Exception {
        Path rules = dir.resolve("my-rules");
        assertThat(cli.run("rules", "export", rules.toString())).isZero();
        Path table = rules.resolve("plan-parameters.csv");
        List<String> tables = blocks("## Per-plan parameters", "csv");
        List<String> scenarios = blocks("## Per-plan parameters", "yaml");

        // the business scenario needs the business row: without it the pool is low only below a tenth
        Files.writeString(rules.resolve("scenarios/business-low-balance.yaml"), scenarios.get(0));
        assertThat(cli.run("rules", "check", rules.toString())).as(out + "" + err).isEqualTo(CreditpoolCommand.FAILED);
        assertThat(out.toString()).contains("0 of 1 scenario(s) passed");

        // a row, added at the end of the shipped table as the guide shows
        Files.writeString(table, Files.readString(table) + tables.get(0));
        assertThat(cli.run("rules", "check", rules.toString())).as(out + "" + err).isZero();
        assertThat(out.toString()).contains("0 error(s)", "1 of 1 scenario(s) passed");

        // the pro scenario needs the Plan column and the pro row
        Files.writeString(rules.resolve("scenarios/pro-default-cap.yaml"), scenarios.get(1));
        assertThat(cli.run("rules", "check", rules.toString())).as(out + "" + err).isEqualTo(CreditpoolCommand.FAILED);
        assertThat(out.toString()).contains("1 of 2 scenario(s) passed");

        // the table with the column, as the guide shows it
        Files.writeString(table, tables.get(1));
        assertThat(cli.run("rules", "check", rules.toString())).as(out + "" + err).isZero();
        assertThat(out.toString()).contains("0 error(s)", "2 of 2 scenario(s) passed");
    }
}
