package io.creditpool.adapters.cli;

import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.TestClocks;
import io.creditpool.adapters.http.HttpService;
import io.creditpool.adapters.jdbc.JdbcApiKeys;
import io.creditpool.adapters.jdbc.JdbcCreditStore;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.adapters.payments.PaymentPlugins;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.kernel.port.in.RecoverPurchasesUseCase;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code serve}: the credit pool as an HTTP JSON service, on the configured store (SQLite in {@code ./data} when none
 * is configured). Finishes half-done top-ups first, then answers until it is stopped (SIGTERM or Ctrl-C), finishing
 * the requests in flight; meanwhile its background workers send the products' events to their webhooks.
 */
@Command(name = "serve", description = "Start the HTTP service on the configured store (creditpool.store / "
        + "CREDITPOOL_STORE; SQLite in ./data/creditpool.db when neither is set, or an H2 store made in ./data "
        + "before) and payment plugin (creditpool.payments). Callers need an API key (see keys create).")
final class ServeCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    CreditpoolCommand parent;

    @Option(names = "--port", paramLabel = "PORT", description = "The port (default: CREDITPOOL_PORT, else 8080).")
    Integer port;

    @Option(names = "--host", paramLabel = "HOST", description = "The address to listen on (default: "
            + "CREDITPOOL_HOST, else 127.0.0.1; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--sandbox", description = "Sandbox mode: teams in memory (gone when it stops), payments to the "
            + "sandbox processor, scriptable per team, and test clocks; adds the /v1/sandbox routes. API keys are "
            + "still those of the service's store.")
    boolean sandbox;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = parent.spec.commandLine();
        PrintWriter out = cl.getOut();
        int chosenPort;
        try {
            chosenPort = port != null ? port : Integer.parseInt(System.getenv().getOrDefault("CREDITPOOL_PORT", "8080"));
        } catch (NumberFormatException e) {
            cl.getErr().println("CREDITPOOL_PORT: not a port number: " + System.getenv("CREDITPOOL_PORT"));
            return CreditpoolCommand.FAILED;
        }
        String chosenHost = host != null ? host : System.getenv().getOrDefault("CREDITPOOL_HOST", "127.0.0.1");
        StoreSettings store = KeysCommand.serviceStore();
        if (sandbox) {
            return sandbox(cl, store, chosenHost, chosenPort);
        }
        // a configured rules folder (or --rules) is watched: a change is compiled, checked and tested, then swapped in
        Creditpool pool = parent.creditpool().store(store).watchRules(true).build();
        RecoverPurchasesUseCase.Recovery recovered = pool.recoverPurchases();
        HttpService service;
        try {
            service = HttpService.start(pool, KeysCommand.durableKeys(pool), chosenHost, chosenPort);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        StopOnSignal stop = StopOnSignal.install(() -> {
            service.close();         // finishes the requests in flight
            pool.close();
        });
        out.println("Creditpool serving on http://" + chosenHost + ":" + service.port() + " (store " + store
                + ", payments " + PaymentPlugins.configured() + ", rules " + pool.ruleSet().origin() + " version "
                + pool.rulesVersion() + "; " + recovered.pending() + " half-done top-up(s) recovered)");
        out.flush();
        stop.awaitStopped();
        return 0;
    }

    /**
     * Sandbox mode: nothing it does reaches the store's teams or a real processor. Teams live in memory, so a test
     * clock (in memory too) and the teams on it always agree; the keys are read from the service's store.
     */
    private int sandbox(CommandLine cl, StoreSettings keyStore, String chosenHost, int chosenPort)
            throws InterruptedException {
        if (keyStore.kind() == StoreSettings.Kind.MEMORY) {
            cl.getErr().println("creditpool.store / CREDITPOOL_STORE: API keys need a store that keeps them "
                    + "(sqlite:PATH, h2:PATH or postgres:URL), not memory");
            return CreditpoolCommand.FAILED;
        }
        JdbcCreditStore keys = JdbcCreditStore.open(keyStore);
        // no purchase worker threads: each request's purchases are settled before it answers, on the team's test
        // clock, so a sandbox script gets the same results on every run
        Creditpool pool = parent.creditpool().store(StoreSettings.MEMORY).clock(new TestClocks())
                .payments(new SandboxPaymentGateway()).synchronousPurchases().build();
        HttpService service;
        try {
            service = HttpService.start(pool, new JdbcApiKeys(keys), chosenHost, chosenPort, true);
        } catch (RuntimeException e) {
            pool.close();
            keys.close();
            throw e;
        }
        StopOnSignal stop = StopOnSignal.install(() -> {
            service.close();         // finishes the requests in flight
            pool.close();
            keys.close();
        });
        PrintWriter out = cl.getOut();
        out.println("Creditpool serving on http://" + chosenHost + ":" + service.port() + " in sandbox mode (teams "
                + "in memory, gone when it stops; sandbox payments; test clocks; API keys from " + keyStore + ")");
        out.flush();
        stop.awaitStopped();
        return 0;
    }
}
