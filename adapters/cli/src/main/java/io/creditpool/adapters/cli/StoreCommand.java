package io.creditpool.adapters.cli;

import io.creditpool.Creditpool;
import io.creditpool.adapters.jdbc.JdbcCreditStore;
import io.creditpool.adapters.jdbc.StoreCopy;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.StoreUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code store}: what an operator does with a whole store; {@code store copy} for now. */
@Command(name = "store", description = "Work with a whole store. See store copy.",
        subcommands = {StoreCommand.Copy.class})
final class StoreCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    CreditpoolCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return CreditpoolCommand.groupUsage(spec);
    }

    @Command(name = "copy", description = "Copy a store into a new one, on the same database or another: every "
            + "team with its ledger and request ids, the API keys, the events and webhooks, and the store's "
            + "installation id; then audit the copy. Stop the service on the original first and start it on the "
            + "copy after (the copy is the same installation: never run both). Example: store copy --from h2:data "
            + "--to sqlite:data/creditpool.db. Exit 1 if the copy is refused or its audit finds a problem.")
    static final class Copy implements Callable<Integer> {
        @CommandLine.ParentCommand
        StoreCommand store;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--from", required = true, paramLabel = "STORE",
                description = "The store to copy: sqlite:PATH, h2:PATH or postgres:URL (user and password as for "
                        + "creditpool.store).")
        String from;

        @Option(names = "--to", required = true, paramLabel = "STORE",
                description = "The new store to copy into (it must hold no team and no API key): sqlite:PATH, "
                        + "h2:PATH or postgres:URL.")
        String to;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            StoreSettings source;
            StoreSettings target;
            try {
                source = parse("--from", from);
                target = parse("--to", to);
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return CreditpoolCommand.USAGE;
            }
            if (!source.exists()) {
                err.println("--from: there is no store at " + source + ": nothing was copied");
                return CreditpoolCommand.FAILED;
            }
            if (source.setting().equals(target.setting())) {
                err.println("--to: the store to copy into is the store to copy (" + source + ")");
                return CreditpoolCommand.USAGE;
            }
            StoreCopy.Copied copied;
            try (JdbcCreditStore original = JdbcCreditStore.open(source);
                    JdbcCreditStore copy = JdbcCreditStore.open(target)) {
                copied = StoreCopy.copy(original, copy);
            } catch (IllegalStateException | StoreUnavailableException e) {
                err.println(e.getMessage());
                return CreditpoolCommand.FAILED;
            }
            out.println("copied " + source + " to " + target + ": " + copied.of("creditpool_team") + " team(s), "
                    + copied.of("creditpool_ledger") + " ledger entries, " + copied.of("creditpool_request")
                    + " request id(s), " + copied.of("creditpool_api_key") + " API key(s), "
                    + copied.of("creditpool_event") + " event(s), " + copied.of("creditpool_webhook")
                    + " webhook(s)");
            return audit(target, out, err);
        }

        /** The copy's audit, as {@code ./creditpool audit} makes it. */
        private int audit(StoreSettings target, PrintWriter out, PrintWriter err) {
            try (Creditpool pool = store.parent.creditpool().store(target)
                    .plans(List.of(LoadCommandPlans.LOAD_PLAN)).synchronousPurchases().build()) {
                CreditStore teams = pool.component(CreditStore.class);
                List<String> wrong = new ArrayList<>(((JdbcCreditStore) teams).ledgerMismatches());
                List<TeamId> all = teams.teams();
                for (TeamId team : all) {
                    pool.audit(team).forEach(w -> wrong.add("team " + team + ": " + w));
                }
                wrong.forEach(w -> out.println("WRONG " + w));
                out.println(all.size() + " team(s) audited in " + target + ": "
                        + (wrong.isEmpty() ? "every balance equals its ledger" : wrong.size() + " problem(s)"));
                out.flush();
                return wrong.isEmpty() ? 0 : CreditpoolCommand.FAILED;
            } catch (IllegalArgumentException | IllegalStateException | StoreUnavailableException e) {
                err.println(e.getMessage());
                return CreditpoolCommand.FAILED;
            }
        }

        private static StoreSettings parse(String option, String value) {
            StoreSettings settings;
            try {
                settings = StoreSettings.parse(value, System.getenv("CREDITPOOL_DB_USER"),
                        System.getenv("CREDITPOOL_DB_PASSWORD"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + ": '" + value + "' is not a store; use sqlite:PATH, "
                        + "h2:PATH or postgres:jdbc:postgresql://HOST:PORT/DATABASE");
            }
            if (!settings.persistent()) {
                throw new IllegalArgumentException(option + ": the memory store keeps nothing to copy");
            }
            return settings;
        }
    }
}
