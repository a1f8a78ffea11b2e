package io.creditpool.adapters.cli;

import io.creditpool.Creditpool;
import io.creditpool.adapters.keys.ApiKeys;
import io.creditpool.adapters.jdbc.JdbcApiKeys;
import io.creditpool.adapters.jdbc.JdbcCreditStore;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.StoreUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code keys create|list|revoke}: the service's API keys, kept (hashed) in the service's store. */
@Command(name = "keys", description = "Manage the service's API keys in its store (creditpool.store / "
        + "CREDITPOOL_STORE; ./data when neither is set, as for serve).",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return CreditpoolCommand.groupUsage(spec);
    }

    /** The service's store: the configured one, else the default store in {@code ./data}. */
    static StoreSettings serviceStore() {
        return CreditpoolCommand.storedTeams();
    }

    /** The API keys kept beside the teams of {@code pool}'s store; refused for a store that keeps nothing. */
    static ApiKeys durableKeys(Creditpool pool) {
        if (pool.component(CreditStore.class) instanceof JdbcCreditStore jdbc) {
            return new JdbcApiKeys(jdbc);
        }
        throw new IllegalArgumentException("creditpool.store / CREDITPOOL_STORE: API keys need a store that keeps "
                + "them (sqlite:PATH, h2:PATH or postgres:URL), not memory");
    }

    private interface KeysWork {
        int run(ApiKeys keys, PrintWriter out);
    }

    private static int withKeys(CommandLine.Model.CommandSpec spec, KeysWork work) {
        CommandLine cl = spec.commandLine();
        try (Creditpool pool = Creditpool.builder().store(serviceStore()).synchronousPurchases().build()) {
            int code = work.run(durableKeys(pool), cl.getOut());
            cl.getOut().flush();
            return code;
        } catch (IllegalArgumentException | IllegalStateException | StoreUnavailableException e) {
            cl.getErr().println(e.getMessage());
            return CreditpoolCommand.FAILED;
        }
    }

    @Command(name = "create", description = "Create an API key for host product NAME and print it: it is shown "
            + "only this once (only its hash is kept). The key sees only NAME's teams; with --admin it is an "
            + "operator key instead.")
    static final class Create implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The host product (or, with --admin, the operator): "
                + "lower-case letters, digits and dashes.")
        String product;

        @Option(names = "--admin", description = "An operator key: it reaches only the /admin endpoints (the live "
                + "rules, rules reload) and no product's teams.")
        boolean admin;

        @Override
        public Integer call() {
            return withKeys(spec, (keys, out) -> {
                ApiKeys.Created created = keys.create(product, admin ? ApiKeys.Scope.OPERATOR
                        : ApiKeys.Scope.PRODUCT);
                out.println(created.key());
                spec.commandLine().getErr().println((admin ? "Operator key " + created.id() + " for operator "
                        : "API key " + created.id() + " for ") + created.product()
                        + " created; it is shown only this once");
                return 0;
            });
        }
    }

    @Command(name = "list", description = "List the API keys (id, product or operator, scope, created, revoked); "
            + "never their secrets.")
    static final class ListKeys implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return withKeys(spec, (keys, out) -> {
                List<ApiKeys.Listed> all = keys.list();
                out.println("id            product                                   scope     created"
                        + "                   revoked");
                for (ApiKeys.Listed k : all) {
                    out.printf("%-13s %-41s %-9s %-25s %s%n", k.id(), k.product(), k.scope().word(), k.createdAt(),
                            k.live() ? "-" : k.revokedAt());
                }
                return 0;
            });
        }
    }

    @Command(name = "revoke", description = "Revoke the API key with this id: it stops working at once.")
    static final class Revoke implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The key's id, as `keys list` shows it.")
        String id;

        @Override
        public Integer call() {
            return withKeys(spec, (keys, out) -> {
                if (keys.revoke(id)) {
                    out.println("API key " + id + " revoked");
                    return 0;
                }
                spec.commandLine().getErr().println("id: no live API key '" + id + "'");
                return CreditpoolCommand.FAILED;
            });
        }
    }
}
