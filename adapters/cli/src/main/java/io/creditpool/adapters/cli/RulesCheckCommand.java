package io.creditpool.adapters.cli;

import io.creditpool.adapters.scenario.ScenarioException;
import io.creditpool.adapters.scenario.ScenarioFiles;
import io.creditpool.adapters.scenario.ScenarioReport;
import io.creditpool.adapters.scenario.ScenarioRunner;
import io.creditpool.adapters.scenario.ScenarioTimeLimit;
import io.creditpool.adapters.scenario.ScenarioTimeoutException;
import io.creditpool.rules.PlanTable;
import io.creditpool.rules.RuleSetCheck;
import io.creditpool.rules.RuleSource;
import io.creditpool.rules.RulesSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code rules check [PATH]}: what an analyst runs before shipping a rule set. Compiles the rules and the plan
 * table, reports errors as {@code file:line: message} and warnings about rules that can never fire or that overlap,
 * then runs every scenario in {@code PATH/scenarios/} with that rule set and plan table, each within its time limit
 * ({@link ScenarioTimeLimit}): a scenario that does not finish in time fails the check and ends it.
 */
@Command(name = "check", description = "Compile a rule set (PATH, else --rules, else the configured rules folder "
        + "creditpool.rules / CREDITPOOL_RULES, else the shipped rules) and its plan table (--plans, else "
        + "PATH/plans.csv, else the configured or shipped one); report errors as file:line: message and warn "
        + "about rules that can never fire or that overlap; then run every scenario in PATH/scenarios/, each "
        + "within creditpool.rules.scenario-timeout-s seconds (default 10). Exit 3 if the rule set has errors, 1 if "
        + "a scenario fails or does not finish in time.")
final class RulesCheckCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    CreditpoolCommand.Rules rules;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", converter = Arguments.Existing.class,
            description = "The rules folder to check.")
    Path path;

    @Override
    public Integer call() {
        CreditpoolCommand root = rules.parent;
        CommandLine cl = root.spec.commandLine();
        PrintWriter out = cl.getOut();
        PrintWriter err = cl.getErr();
        Path folder;
        RuleSource source;
        ScenarioTimeLimit limit;
        try {
            folder = path != null ? path : root.rules != null ? root.rules : RulesSettings.configured().orElse(null);
            source = folder == null ? RuleSource.shipped() : RuleSource.folder(folder);
            limit = ScenarioTimeLimit.configured();
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return CreditpoolCommand.BROKEN_POLICY;
        }
        Path csv = root.plans != null ? root.plans
                : folder != null && Files.isRegularFile(folder.resolve(RulesSettings.PLAN_TABLE))
                        ? folder.resolve(RulesSettings.PLAN_TABLE) : null;
        // without a plan table of its own, the rule set runs with the one Creditpool.builder() would choose
        Supplier<PlanTable> plans = csv == null ? RulesSettings::planTable : () -> PlanTable.file(csv);
        out.println("Checking the rules in " + source.origin() + " with the plan table "
                + (csv != null ? csv.toString() : RulesSettings.configuredPlanTable().map(Path::toString)
                        .orElse("shipped with Creditpool")));
        out.flush();

        RuleSetCheck.Report report = RuleSetCheck.check(source, plans);
        report.errors().forEach(e -> out.println(e));
        report.warnings().forEach(w -> out.println(w.where() + ": warning: " + w.message()));
        String counts = report.rules() + " rule(s) in " + report.files() + " file(s), "
                + (report.plans() == null ? "plan table broken" : report.plans().plans().size() + " plan(s)") + ": "
                + (report.compiled() ? "compiled" : "do not compile") + "; " + report.errors().size() + " error(s); "
                + report.warnings().size() + " warning(s)";
        if (!report.passed()) {
            out.println(counts + "; scenarios not run");
            out.flush();
            return CreditpoolCommand.BROKEN_POLICY;
        }
        Path scenarios = folder == null ? null : folder.resolve("scenarios");
        if (scenarios == null || !Files.isDirectory(scenarios)) {
            out.println(counts + "; no scenarios/ folder" + (folder == null ? "" : " in " + folder));
            out.flush();
            return 0;
        }
        List<Path> files;
        try {
            files = ScenarioFiles.under(List.of(scenarios));
        } catch (ScenarioException e) {
            err.println(e.getMessage());
            return CreditpoolCommand.FAILED;
        }
        ScenarioRunner runner = new ScenarioRunner(b -> {
            b.rules(folder);
            if (csv != null) {
                b.planTable(csv);
            }
            return b;
        });
        int passed = 0;
        int ran = 0;
        for (Path file : files) {
            ran++;
            try {
                ScenarioRunner.Result result = limit.run(runner, file);
                if (result.passed()) {
                    passed++;
                    out.println("PASS " + file + " (" + result.scenario().name() + ")");
                } else {
                    out.print(ScenarioReport.diff(result));
                }
            } catch (ScenarioException e) {
                out.println("FAIL " + file + " (malformed)");
                out.println("  - " + e.getMessage());
            } catch (ScenarioTimeoutException e) {
                // the rule set is refused anyway; each further scenario could leave another thread stuck
                out.println("FAIL " + file + " (did not finish)");
                out.println("  - " + e.getMessage());
                out.flush();
                break;
            } catch (RuntimeException e) {
                // a rule that breaks a decision (a negative grant, say) fails its scenario, not the check
                out.println("FAIL " + file + " (a decision failed)");
                out.println("  - " + e.getMessage());
            }
            out.flush();
        }
        out.println(counts + "; " + (files.isEmpty() ? "no scenarios in " + scenarios
                : passed + " of " + files.size() + " scenario(s) passed"
                        + (ran < files.size() ? " (" + (files.size() - ran) + " not run after one that did not "
                                + "finish)" : "")));
        out.flush();
        return passed == files.size() ? 0 : CreditpoolCommand.FAILED;
    }
}
