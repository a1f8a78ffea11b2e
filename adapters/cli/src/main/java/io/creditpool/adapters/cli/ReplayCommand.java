package io.creditpool.adapters.cli;

import io.creditpool.Creditpool;
import io.creditpool.adapters.scenario.Scenario;
import io.creditpool.adapters.scenario.ScenarioException;
import io.creditpool.adapters.scenario.ScenarioFiles;
import io.creditpool.adapters.scenario.ScenarioParser;
import io.creditpool.adapters.scenario.ScenarioRunner;
import io.creditpool.adapters.scenario.ScenarioWorld;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.Money;
import io.creditpool.rules.PlanTable;
import io.creditpool.rules.RuleBase;
import io.creditpool.rules.RuleBuildException;
import io.creditpool.rules.RuleSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * {@code creditpool replay --rules NEW [--plans CSV] SCENARIO...}: what-if. Runs each scenario under the current
 * rules (those {@code --rules} names before {@code replay}, else the configured or shipped ones) and under the new
 * ones ({@code --rules} and {@code --plans} after {@code replay}), and prints, step by step, where the two runs
 * differ: the decision (and the rules that made it), the balance after, the charges (top-ups that fire or not), the
 * credits that expire, what the owner is told; then counts per team and in total. A scenario's expectations are not
 * checked: the two runs are compared with each other. Exit 0 when every run completed (differences are not
 * failures), 1 if a scenario is malformed or a run could not go on, 3 if either rule set or plan table does not load.
 */
@Command(name = "replay", description = "What-if: run scenario files under the current rules and under the rules "
        + "given after replay (--rules DIR, and --plans CSV for a new plan table), and print where they differ, step "
        + "by step: decisions (now denied or accepted, with the rules), balances, charges (top-ups that would or would "
        + "not fire), expiries, then counts per team and in total. Exit 0 when the runs completed (differences are "
        + "not failures), 1 if a scenario is malformed, 3 if a rule set or plan table does not load.")
public final class ReplayCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "SCENARIO", converter = Arguments.Existing.class, description = "Scenario files or folders of them.")
    List<Path> paths;

    /**
     * A rule set and plan table to run under: {@code null} parts are the configured (or shipped) ones.
     */
    record Policy(String name, Path rules, Path plans) {
        UnaryOperator<Creditpool.Builder> setup() {
            return b -> {
                if (rules != null) {
                    b.rules(rules);
                }
                if (plans != null) {
                    b.planTable(plans);
                }
                return b;
            };
        }

        String describe() {
            return name + " rules: " + (rules == null ? "configured (or shipped)" : rules)
                    + (plans == null ? "" : ", plans: " + plans);
        }
    }

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        PrintWriter out = cl.getOut();
        PrintWriter err = cl.getErr();
        // --rules and --plans are the parent command's options, inherited: before "replay" they name the current
        // policy, after it the new one
        Path currentRules = given(cl.getParent().getParseResult(), "--rules");
        Path currentPlans = given(cl.getParent().getParseResult(), "--plans");
        Path newRules = given(cl.getParseResult(), "--rules");
        Path newPlans = given(cl.getParseResult(), "--plans");
        if (newRules == null && newPlans == null) {
            throw new CommandLine.ParameterException(cl, "replay: give the new rules after replay (--rules DIR, or "
                    + "--plans CSV, or both)");
        }
        Policy current = new Policy("current", currentRules, currentPlans);
        Policy next = new Policy("new", newRules, newPlans != null ? newPlans : currentPlans);
        for (Policy p : List.of(current, next)) {
            try {
                if (p.rules() != null) {
                    RuleBase.of(RuleSource.folder(p.rules()));
                }
                if (p.plans() != null) {
                    PlanTable.file(p.plans());
                }
            } catch (RuleBuildException | IllegalArgumentException | java.io.UncheckedIOException e) {
                err.println("the " + p.name() + " rules do not load: " + e.getMessage());
                return CreditpoolCommand.BROKEN_POLICY;
            }
        }
        List<Path> files;
        try {
            files = ScenarioFiles.under(paths);
        } catch (ScenarioException e) {
            err.println(e.getMessage());
            return CreditpoolCommand.FAILED;
        }
        out.println("Replaying " + files.size() + " scenario(s): " + current.describe() + "; " + next.describe());
        out.println();
        ScenarioRunner before = new ScenarioRunner(current.setup());
        ScenarioRunner after = new ScenarioRunner(next.setup());
        Counts total = new Counts();
        int teams = 0;
        boolean incomplete = false;
        for (Path file : files) {
            Scenario scenario;
            try {
                scenario = ScenarioParser.parse(file);
            } catch (ScenarioException e) {
                out.println("MALFORMED " + file + ": " + e.getMessage());
                incomplete = true;
                continue;
            }
            Run was;
            Run now;
            try {
                was = Run.of(before, scenario);
                now = Run.of(after, scenario);
            } catch (RuntimeException e) {
                RuleBuildException broken = buildProblem(e);
                if (broken != null) {
                    err.println("the rules do not load: " + broken.getMessage());
                    return CreditpoolCommand.BROKEN_POLICY;
                }
                out.println("STOPPED " + file + ": " + e.getMessage());
                incomplete = true;
                continue;
            }
            Counts counts = compare(scenario, was, now, out);
            total.add(counts);
            teams++;
            out.flush();
        }
        out.println("Total: " + teams + " team(s), " + total.summary());
        out.flush();
        return incomplete ? CreditpoolCommand.FAILED : 0;
    }

    /** The path an option was given on this command line (not on the parent's or a subcommand's); or null. */
    private static Path given(CommandLine.ParseResult result, String option) {
        if (result == null || !result.hasMatchedOption(option)) {
            return null;
        }
        List<String> values = result.matchedOption(option).originalStringValues();
        return values.isEmpty() ? null : Path.of(values.get(values.size() - 1));
    }

    private static RuleBuildException buildProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RuleBuildException r) {
                return r;
            }
        }
        return null;
    }

    /** The outcome of a step whose command failed. */
    private static final String FAILED = "failed";

    /** One step as it went in one run: what a replay compares. */
    record StepRun(int number, String when, String description, String outcome, List<String> rules, long balance,
            List<String> charges, List<String> expiries, List<String> told) {
        boolean command() {
            return outcome != null;
        }

        boolean accepted() {
            return "accepted".equals(outcome);
        }

        /** The command failed: the rules could not decide, or decided what the kernel refuses. */
        boolean failed() {
            return FAILED.equals(outcome);
        }

        boolean denied() {
            return command() && !accepted() && !failed();
        }

        /** Who decided, or why the command failed. */
        String why() {
            return (failed() ? "failed: " : "by: ") + String.join("; ", rules);
        }
    }

    /** A scenario's steps as they went in one run. */
    record Run(String team, List<StepRun> steps) {
        static Run of(ScenarioRunner runner, Scenario scenario) {
            List<StepRun> steps = new ArrayList<>();
            int[] seen = {0};
            runner.run(scenario, (outcome, world) -> steps.add(step(outcome, world, seen)));
            return new Run(scenario.team().id(), steps);
        }

        private static StepRun step(ScenarioRunner.StepOutcome o, ScenarioWorld world, int[] seen) {
            List<LedgerEntry> ledger = world.ledger();
            List<String> charges = new ArrayList<>();
            List<String> expiries = new ArrayList<>();
            for (LedgerEntry e : ledger.subList(Math.min(seen[0], ledger.size()), ledger.size())) {
                if (e instanceof LedgerEntry.ChargeAttempted c) {
                    charges.add(c.source().word() + " of " + c.credits() + " credits for " + money(c.price()) + ", "
                            + (c.succeeded() ? "paid" : "declined"));
                } else if (e instanceof LedgerEntry.CreditsExpired x) {
                    expiries.add(x.credits() + " " + x.source().word() + " credits");
                }
            }
            seen[0] = ledger.size();
            Decision d = o.decision();
            String outcome = o.error() != null ? FAILED : d == null ? null : d.outcome();
            List<String> rules = o.error() != null ? List.of(o.error()) : d == null ? List.of() : d.rules();
            return new StepRun(o.number(), TIME.format(o.at()), o.description(), outcome, rules, o.balance(),
                    charges, expiries, o.events());
        }
    }

    /** How the two runs of one team, or of all, differ. */
    static final class Counts {
        int steps;
        int differing;
        int nowDenied;
        int nowAccepted;
        int otherDecision;
        int nowFailing;
        int otherRules;
        int balances;
        int charges;
        int expiries;
        int told;

        void add(Counts c) {
            steps += c.steps;
            differing += c.differing;
            nowDenied += c.nowDenied;
            nowAccepted += c.nowAccepted;
            otherDecision += c.otherDecision;
            nowFailing += c.nowFailing;
            otherRules += c.otherRules;
            balances += c.balances;
            charges += c.charges;
            expiries += c.expiries;
            told += c.told;
        }

        String summary() {
            return differing + " of " + steps + " step(s) differ: " + nowDenied + " now denied, " + nowAccepted
                    + " now accepted, " + otherDecision + " otherwise decided, " + nowFailing + " now failing, " + otherRules
                    + " decided by other rules, " + balances + " balance change(s), " + charges + " with other charges, "
                    + expiries + " with other expiries, " + told + " telling the owner otherwise";
        }
    }

    /** Prints where the runs differ, step by step, and answers the counts. */
    static Counts compare(Scenario scenario, Run was, Run now, PrintWriter out) {
        Counts c = new Counts();
        List<String> lines = new ArrayList<>();
        int steps = Math.max(was.steps().size(), now.steps().size());
        long shownGap = 0;
        for (int i = 0; i < steps; i++) {
            StepRun a = i < was.steps().size() ? was.steps().get(i) : null;
            StepRun b = i < now.steps().size() ? now.steps().get(i) : null;
            c.steps++;
            List<String> diff = new ArrayList<>();
            if (a == null || b == null) {
                diff.add("      ran only " + (a == null ? "with the new rules" : "with the current rules"));
            } else {
                if (!Objects.equals(a.outcome(), b.outcome())) {
                    if (a.accepted() && b.denied()) {
                        c.nowDenied++;
                    } else if (b.accepted() && a.denied()) {
                        c.nowAccepted++;
                    } else if (b.failed()) {
                        c.nowFailing++;
                    } else {
                        c.otherDecision++;
                    }
                    diff.add("      decision  " + a.outcome() + " -> " + b.outcome());
                    diff.add("                was " + a.why());
                    diff.add("                now " + b.why());
                } else if (!a.rules().equals(b.rules())) {
                    c.otherRules++;
                    diff.add("      rules     " + a.outcome() + ", by other rules");
                    diff.add("                was by: " + String.join("; ", a.rules()));
                    diff.add("                now by: " + String.join("; ", b.rules()));
                }
                // a gap in the balance carries over to the steps after it: shown where it opens or changes
                long gap = b.balance() - a.balance();
                if (gap != shownGap) {
                    c.balances++;
                    diff.add("      balance   " + a.balance() + " -> " + b.balance()
                            + (gap == 0 ? " (the same again)" : ""));
                    shownGap = gap;
                }
                if (!a.charges().equals(b.charges())) {
                    c.charges++;
                    diff.add("      charges   " + list(a.charges()) + " -> " + list(b.charges()));
                }
                if (!a.expiries().equals(b.expiries())) {
                    c.expiries++;
                    diff.add("      expired   " + list(a.expiries()) + " -> " + list(b.expiries()));
                }
                if (!a.told().equals(b.told())) {
                    c.told++;
                    diff.add("      told      " + list(a.told()) + " -> " + list(b.told()));
                }
            }
            if (!diff.isEmpty()) {
                c.differing++;
                StepRun s = a != null ? a : b;
                lines.add(String.format("  step %d  %s  %s", s.number(), s.when(), s.description()));
                lines.addAll(diff);
            }
        }
        out.println("Scenario: " + scenario.name() + "  (" + scenario.file() + "), team " + was.team());
        lines.forEach(out::println);
        long balanceWas = was.steps().isEmpty() ? 0 : was.steps().get(was.steps().size() - 1).balance();
        long balanceNow = now.steps().isEmpty() ? 0 : now.steps().get(now.steps().size() - 1).balance();
        out.println("  team " + was.team() + ": " + (c.differing == 0 ? "no differences in " + c.steps + " step(s)"
                : c.summary() + "; balance at the end " + balanceWas + " -> " + balanceNow));
        out.println();
        return c;
    }

    private static String list(List<String> items) {
        return items.isEmpty() ? "none" : String.join("; ", items);
    }

    /** An amount in minor units as people read it: 900 USD cents as 9.00 USD. */
    private static String money(Money money) {
        try {
            int digits = Currency.getInstance(money.currency()).getDefaultFractionDigits();
            if (digits >= 0) {
                return BigDecimal.valueOf(money.minorUnits(), digits).toPlainString() + " " + money.currency();
            }
        } catch (IllegalArgumentException e) {
            // not an ISO currency the JDK knows: minor units as they are
        }
        return money.toString();
    }
}
