package io.creditpool.adapters.cli;

import io.creditpool.Creditpool;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.adapters.scenario.ScenarioException;
import io.creditpool.adapters.scenario.ScenarioFiles;
import io.creditpool.adapters.scenario.ScenarioReport;
import io.creditpool.adapters.scenario.ScenarioRunner;
import io.creditpool.adapters.scenario.ScenarioServerException;
import io.creditpool.kernel.port.in.RecoverPurchasesUseCase;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.StoreUnavailableException;
import io.creditpool.rules.PlanTable;
import io.creditpool.rules.RuleBase;
import io.creditpool.rules.RuleBuildException;
import io.creditpool.rules.RuleSource;
import io.creditpool.rules.RulesSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** The {@code creditpool} command line. */
@Command(name = "creditpool", mixinStandardHelpOptions = true, version = "creditpool 0.1.0",
        description = "Team credit pools: run scenarios, check them, inspect the rules.",
        subcommands = {CreditpoolCommand.Rules.class,
            CreditpoolCommand.Audit.class, CreditpoolCommand.Recover.class, LoadCommand.class, KeysCommand.class,
            ServeCommand.class, ReplayCommand.class, LedgerCommand.class, StoreCommand.class})
public final class CreditpoolCommand implements Callable<Integer> {
    /** Exit code when an expectation failed or a scenario is malformed. */
    static final int FAILED = 1;
    /** Exit code of a command line that is wrong (picocli's convention). */
    static final int USAGE = 2;
    /** Exit code when the rules or plan table do not load. */
    static final int BROKEN_POLICY = 3;
    /** Where {@code --server} finds the API key: this environment variable, or the system property below. */
    static final String API_KEY_VARIABLE = "CREDITPOOL_API_KEY";
    static final String API_KEY_PROPERTY = "creditpool.api.key";

    @Option(names = "--rules", paramLabel = "DIR", converter = Arguments.Existing.class, scope = CommandLine.ScopeType.INHERIT,
            description = "Use every *.drl in DIR instead of the configured (creditpool.rules / CREDITPOOL_RULES) "
                    + "or shipped rules.")
    Path rules;

    @Option(names = "--plans", paramLabel = "CSV", converter = Arguments.Existing.class, scope = CommandLine.ScopeType.INHERIT,
            description = "Use this plan table instead of the configured or shipped one.")
    Path plans;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // an H2 store is shared by every ./creditpool process on it: operators' commands work while serve runs
        if (System.getProperty(StoreSettings.H2_AUTO_SERVER) == null) {
            System.setProperty(StoreSettings.H2_AUTO_SERVER, "true");
        }
        // the port H2's mixed mode serves the store on listens on loopback only, never on the machine's network
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /**
     * The command line, ready to run. Every path it is given must be there (a usage error naming it otherwise),
     * also {@code --rules} and {@code --plans} given after a command, which picocli copies without their converter.
     */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new CreditpoolCommand());
        cl.registerConverter(Path.class, new Arguments.Existing());
        return cl;
    }

    @Override
    public Integer call() {
        return groupUsage(spec);
    }

    /**
     * A group of commands given without one of them ({@code keys} alone): a usage error, its usage on standard
     * error and exit 2, as picocli answers any other command line that is wrong.
     */
    static int groupUsage(CommandLine.Model.CommandSpec spec) {
        CommandLine cl = spec.commandLine();
        cl.getErr().println(spec.qualifiedName() + ": give one of its commands: "
                + String.join(", ", cl.getSubcommands().keySet()));
        cl.usage(cl.getErr());
        cl.getErr().flush();
        return USAGE;
    }

    ScenarioRunner runner() {
        return new ScenarioRunner(b -> {
            if (rules != null) {
                b.rules(rules);
            }
            if (plans != null) {
                b.planTable(plans);
            }
            return b;
        });
    }

    /** What a command does with a Creditpool; returns the exit code. */
    interface PoolWork {
        int run(Creditpool pool, PrintWriter out);
    }

    /**
     * Runs {@code work} on a Creditpool built as {@link #creditpool()} says, then closes it; a setting or store that
     * does not work is told on standard error with exit code 1.
     */
    int withPool(PoolWork work) {
        return withPool(b -> b, work);
    }

    /** As {@link #withPool(PoolWork)}, with the builder changed by {@code setup} first. */
    int withPool(java.util.function.UnaryOperator<Creditpool.Builder> setup, PoolWork work) {
        CommandLine cl = spec.commandLine();
        StoreSettings store = storedTeams();
        if (!store.exists()) {
            // never an empty store read and found sound
            cl.getErr().println("there is no store at " + store + ": nothing was read. Name the store to use with "
                    + StoreSettings.PROPERTY + " / " + StoreSettings.VARIABLE
                    + " (sqlite:PATH, h2:PATH or postgres:URL); without either, commands use "
                    + StoreSettings.DEFAULT_FOLDER + "/, as serve does");
            return FAILED;
        }
        // the plan ./creditpool load puts its teams on, so that audit and ledger export read those teams too
        // a one-shot command starts no purchase worker: it settles nothing in the background while it runs
        try (Creditpool pool = setup.apply(creditpool().store(store).plans(List.of(LoadCommandPlans.LOAD_PLAN))
                .synchronousPurchases()).build()) {
            int code = work.run(pool, cl.getOut());
            cl.getOut().flush();
            return code;
        } catch (IllegalArgumentException | IllegalStateException | StoreUnavailableException
                | java.io.UncheckedIOException e) {
            cl.getErr().println(e.getMessage());
            return FAILED;
        }
    }

    /**
     * The store the service's commands use ({@code serve}, {@code keys}, {@code audit}, {@code recover},
     * {@code ledger export}): the configured one, else the default store in {@code ./data}
     * ({@link StoreSettings#inFolder}: SQLite, or an H2 store made there before).
     */
    static StoreSettings storedTeams() {
        return StoreSettings.configured().orElseGet(() -> StoreSettings.inFolder(StoreSettings.DEFAULT_FOLDER));
    }

    /** A Creditpool on the configured store and payments, with the rules and plan table the options name. */
    Creditpool.Builder creditpool() {
        Creditpool.Builder builder = Creditpool.builder();
        if (rules != null) {
            builder.rules(rules);
        }
        if (plans != null) {
            builder.planTable(plans);
        }
        return builder;
    }

    /** The rules {@code --rules} names, else the configured rules folder's, else the shipped ones. */
    RuleSource ruleSource() {
        return rules == null ? RulesSettings.ruleSource() : RuleSource.folder(rules);
    }

    /** The plan table {@code --plans} names, else the configured rules folder's, else the shipped one. */
    PlanTable planTable() {
        return plans == null ? RulesSettings.planTable() : PlanTable.file(plans);
    }

    /**
     * Runs scenario files and returns the exit code; {@code timeline} prints every step. With {@code server} (null: in
     * process) they run through the HTTP API of that server, which must be in sandbox mode.
     */
    int runScenarios(List<Path> paths, boolean timeline, PrintWriter out, PrintWriter err, String server) {
        ScenarioRunner runner;
        if (server != null) {
            if (rules != null || plans != null) {
                err.println("--rules and --plans do not apply with --server: the server's rules and plan table "
                        + "decide (give them to its serve command)");
                return FAILED;
            }
            String key = apiKey();
            if (key == null) {
                err.println(API_KEY_VARIABLE + ": the API key for " + server + " is required (make one with "
                        + "./creditpool keys create NAME, then export " + API_KEY_VARIABLE + "=KEY)");
                return FAILED;
            }
            try {
                runner = ScenarioRunner.overHttp(serverUri(server), key);
            } catch (ScenarioServerException e) {
                err.println(e.getMessage());
                return FAILED;
            }
        } else {
            try {
                runner = runner();
                RuleBase.of(ruleSource());
                planTable();
            } catch (RuleBuildException | IllegalArgumentException | java.io.UncheckedIOException e) {
                err.println(e.getMessage());
                return BROKEN_POLICY;
            }
        }
        int failed = 0;
        List<Path> files;
        try {
            files = ScenarioFiles.under(paths);
        } catch (ScenarioException e) {
            err.println(e.getMessage());
            return FAILED;
        }
        for (Path file : files) {
            try {
                ScenarioRunner.Result result = runner.run(file);
                if (timeline) {
                    out.println(ScenarioReport.timeline(result));
                } else if (result.passed()) {
                    out.println("PASS " + file + " (" + result.scenario().name() + ")");
                } else {
                    out.print(ScenarioReport.diff(result));
                }
                if (!result.passed()) {
                    failed++;
                }
            } catch (ScenarioException e) {
                failed++;
                out.println("FAIL " + file + " (malformed)");
                out.println("  - " + e.getMessage());
            } catch (ScenarioServerException e) {
                failed++;
                out.println("FAIL " + file + " (server)");
                out.println("  - " + e.getMessage());
            }
            out.flush();
        }
        out.println(files.size() - failed + " of " + files.size() + " scenario(s) passed");
        out.flush();
        return failed == 0 && !files.isEmpty() ? 0 : FAILED;
    }

    private static final String SERVER = "Run them through the HTTP API of the server at URL, which must be in "
            + "sandbox mode (serve --sandbox), with the API key in " + API_KEY_VARIABLE + ".";

    @Command(name = "simulate", description = "Run scenario files and print a timeline of each: every step, "
            + "its decision and the rules that made it, the balance after.")
    int simulate(@Option(names = "--server", paramLabel = "URL", description = SERVER) String server,
            @Parameters(arity = "1..*", paramLabel = "FILE", converter = Arguments.Existing.class, description = "Scenario files or folders.")
            List<Path> files) {
        return runScenarios(files, true, spec.commandLine().getOut(), spec.commandLine().getErr(), server);
    }

    @Command(name = "check", description = "Run scenario files (or every *.yaml under folders), check their "
            + "expectations, print a diff for each failed one; exit 1 if any failed.")
    int check(@Option(names = "--server", paramLabel = "URL", description = SERVER) String server,
            @Parameters(arity = "1..*", paramLabel = "PATH", converter = Arguments.Existing.class, description = "Scenario files or folders.")
            List<Path> paths) {
        return runScenarios(paths, false, spec.commandLine().getOut(), spec.commandLine().getErr(), server);
    }

    private static URI serverUri(String text) {
        try {
            return new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw new ScenarioServerException("--server: '" + text + "' is not a server URL like "
                    + "http://127.0.0.1:8080");
        }
    }

    /** The API key for {@code --server}: {@code -Dcreditpool.api.key}, else {@code CREDITPOOL_API_KEY}; or null. */
    static String apiKey() {
        String key = System.getProperty(API_KEY_PROPERTY);
        if (key == null || key.isBlank()) {
            key = System.getenv(API_KEY_VARIABLE);
        }
        return key == null || key.isBlank() ? null : key.trim();
    }

    @Command(name = "rules", description = "Compile the rules and list them with the plan table; exit 3 if they "
            + "do not compile. See also rules export, rules check and rules reload.",
            subcommands = {RulesExportCommand.class, RulesCheckCommand.class, RulesReloadCommand.class})
    static final class Rules implements Callable<Integer> {
        @CommandLine.ParentCommand
        CreditpoolCommand parent;

        @Override
        public Integer call() {
            CommandLine cl = parent.spec.commandLine();
            PrintWriter out = cl.getOut();
            try {
                RuleSource source = parent.ruleSource();
                RuleBase base = RuleBase.of(source);
                PlanTable table = parent.planTable();
                out.println("Rules from " + source.origin() + " (" + source.files().keySet() + "):");
                base.ruleNames().forEach(name -> out.println("  - " + name));
                out.println("Plans from " + table.origin() + ":");
                table.plans().forEach(p -> out.printf("  - %s: %s, %d credits per seat a month, %s %s per %s "
                        + "(minor units)%n", p.name(), p.tier().word(), p.monthlyCreditsPerSeat(),
                        p.price().minorUnits().toPlainString(), p.currency(),
                        p.price().perCredit() ? "top-up credit" : p.price().credits() + " top-up credits"));
                out.flush();
                return 0;
            } catch (RuleBuildException | IllegalArgumentException | java.io.UncheckedIOException e) {
                cl.getErr().println(e.getMessage());
                return BROKEN_POLICY;
            }
        }
    }

    /** How far back {@code audit --payments} and {@code recover} compare charges unless {@code --since} says. */
    static final java.time.Duration RECONCILED_BY_DEFAULT = java.time.Duration.ofDays(90);

    /** {@code --since}: a date ({@code 2026-01-31}, midnight UTC) or an instant ({@code 2026-01-31T12:00:00Z}). */
    static java.time.Instant since(String text) {
        if (text == null) {
            return java.time.Instant.now().minus(RECONCILED_BY_DEFAULT);
        }
        try {
            return text.contains("T") ? java.time.Instant.parse(text)
                    : java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("--since: '" + text + "' is not a date like 2026-01-31 or an instant "
                    + "like 2026-01-31T12:00:00Z");
        }
    }

    /** The processor's charges against the ledger, printed; answers whether they agree. */
    static boolean reconcile(Creditpool pool, java.time.Instant since, PrintWriter out) {
        io.creditpool.adapters.payments.PaymentReconciliation.Report report =
                io.creditpool.adapters.payments.PaymentReconciliation.reconcile(pool.component(CreditStore.class),
                        pool.component(io.creditpool.kernel.port.out.PaymentGateway.class), since);
        io.creditpool.adapters.payments.PaymentReconciliation.lines(report).forEach(out::println);
        return report.clean();
    }

    @Command(name = "audit", description = "Check every team in the store (creditpool.store / CREDITPOOL_STORE; "
            + "./data when neither is set, as for serve; a store that is not there is an error): "
            + "recompute each balance from the ledger and compare it with the stored balance and the open grants; "
            + "check limits and expiries. With --payments, also compare the card processor's charges for this "
            + "store's installation with the ledger. Exit 1 if anything is wrong.")
    static final class Audit implements Callable<Integer> {
        @CommandLine.ParentCommand
        CreditpoolCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--payments", description = "Also list the payment processor's charges for this store "
                + "(creditpool.payments / CREDITPOOL_PAYMENTS) and report those charged but not granted, granted "
                + "but not charged, or of another amount than the ledger says.")
        boolean payments;

        @Option(names = "--since", paramLabel = "DATE", description = "With --payments: compare the charges made "
                + "since DATE (2026-01-31 or 2026-01-31T12:00:00Z); 90 days back unless given.")
        String since;

        @Override
        public Integer call() {
            java.time.Instant from;
            try {
                from = since(since);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            if (since != null && !payments) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--since: applies only with --payments");
            }
            return parent.withPool((pool, out) -> {
                io.creditpool.StoreAudit.Summary audited = io.creditpool.StoreAudit.run(pool,
                        f -> out.println("WRONG " + f.line()));
                out.println(audited.teams() + " team(s) audited in " + audited.store() + ": "
                        + (audited.clean() ? "every balance equals its ledger" : audited.problems() + " problem(s)"));
                boolean agree = !payments || reconcile(pool, from, out);
                return audited.clean() && agree ? 0 : FAILED;
            });
        }
    }

    @Command(name = "recover", description = "Finish the top-ups a stop left half done in the configured store "
            + "(creditpool.store / CREDITPOOL_STORE) with the configured payment plugin (creditpool.payments / "
            + "CREDITPOOL_PAYMENTS): each one no running worker holds is asked for at the processor first; one it "
            + "holds is recorded as it ended (granted once if paid), one it does not is charged again with its own "
            + "idempotency key. Then the processor's charges are compared with the ledger and what is still off is "
            + "reported, not changed. Exit 1 if some charge still has no answer or something is off.")
    static final class Recover implements Callable<Integer> {
        @CommandLine.ParentCommand
        CreditpoolCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--since", paramLabel = "DATE", description = "Compare the charges made since DATE "
                + "(2026-01-31 or 2026-01-31T12:00:00Z) once the purchases are finished; 90 days back unless "
                + "given.")
        String since;

        @Override
        public Integer call() {
            java.time.Instant from;
            try {
                from = since(since);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            io.creditpool.kernel.port.out.PaymentGateway configured;
            try {
                configured = io.creditpool.adapters.payments.PaymentPlugins.open(
                        io.creditpool.adapters.payments.PaymentPlugins.configured());
            } catch (IllegalArgumentException e) {
                parent.spec.commandLine().getErr().println(e.getMessage());
                return FAILED;
            }
            return parent.withPool(b -> b.payments(new io.creditpool.adapters.payments.AskFirstPaymentGateway(
                    configured)), (pool, out) -> {
                RecoverPurchasesUseCase.Recovery r = pool.recoverPurchases();
                out.println(r.pending() + " pending purchase(s) in " + pool.component(StoreSettings.class) + ": "
                        + r.granted() + " granted, " + r.declined() + " declined, " + r.stillUnknown()
                        + " still without an answer from the payment processor, "
                        + (r.pending() - r.granted() - r.declined() - r.stillUnknown())
                        + " held by a running purchase worker (its lease has not run out)");
                boolean agree = true;
                try {
                    if (configured instanceof io.creditpool.adapters.payments.SandboxPaymentGateway) {
                        out.println("charges not compared: the sandbox keeps its charges in this process's memory");
                    } else {
                        agree = reconcile(pool, from, out);
                    }
                } catch (IllegalStateException e) {
                    // a plugin that cannot list its charges still recovers; the comparison is only skipped
                    out.println("charges not compared: " + e.getMessage());
                }
                return r.stillUnknown() == 0 && agree ? 0 : FAILED;
            });
        }
    }
}
