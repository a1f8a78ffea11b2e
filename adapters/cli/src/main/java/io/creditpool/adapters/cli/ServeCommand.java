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

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", description = "The port, 0 to 65535 (0: any free one; default: "
            + "CREDITPOOL_PORT, else 8080).")
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
        if (port != null) {
            chosenPort = Arguments.inRange(spec, "--port", port, 0, MAX_PORT);
        } else {
            String variable = System.getenv().getOrDefault("CREDITPOOL_PORT", "8080");
            try {
                chosenPort = Integer.parseInt(variable.trim());
            } catch (NumberFormatException e) {
                chosenPort = -1;
            }
            if (chosenPort < 0 || chosenPort > MAX_PORT) {
                cl.getErr().println("CREDITPOOL_PORT: '" + variable + "' is not a port number from 0 to " + MAX_PORT);
                return CreditpoolCommand.FAILED;
            }
        }
        if (host != null && host.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--host: give an address to listen on, such as 127.0.0.1 "
                    + "or 0.0.0.0 (every interface)");
        }
        String chosenHost = host != null ? host : System.getenv().getOrDefault("CREDITPOOL_HOST", "127.0.0.1");
        String taken = unavailable(chosenHost, chosenPort);
        if (taken != null) {
            cl.getErr().println(taken);
            return CreditpoolCommand.FAILED;
        }
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
            return cannotListen(cl, e, chosenHost, chosenPort);
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
            return cannotListen(cl, e, chosenHost, chosenPort);
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

    static final int MAX_PORT = 65_535;

    private static String inUse(String host, int port) {
        return "serve: port " + port + " on " + host + " is in use (another serve, or another program, listens on "
                + "it); choose another with --port N or CREDITPOOL_PORT=N (0 takes any free port)";
    }

    /**
     * Why the service could not listen on {@code host:port}, said before anything starts (a port in use, an address
     * that is not this machine's); null when it can. A port taken between this check and the start is told as
     * {@link #cannotListen} says.
     */
    static String unavailable(String host, int port) {
        java.net.InetAddress address;
        try {
            address = java.net.InetAddress.getByName(host);
        } catch (java.net.UnknownHostException e) {
            return "serve: --host / CREDITPOOL_HOST: '" + host + "' is not an address of this machine";
        }
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.setReuseAddress(true);   // as Jetty does: a port left in TIME_WAIT by a stopped serve is free
            socket.bind(new java.net.InetSocketAddress(address, port));
            return null;
        } catch (java.net.BindException e) {
            String why = String.valueOf(e.getMessage());
            if (why.contains("in use")) {
                return inUse(host, port);
            }
            return "serve: cannot listen on " + host + ":" + port + " (" + why + "); choose another address with "
                    + "--host / CREDITPOOL_HOST or port with --port / CREDITPOOL_PORT";
        } catch (java.io.IOException e) {
            return "serve: cannot listen on " + host + ":" + port + " (" + e.getMessage() + ")";
        }
    }

    /** The service did not start: the port was taken after {@link #unavailable} found it free, say; exit 1. */
    private static int cannotListen(CommandLine cl, RuntimeException e, String host, int port) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                cl.getErr().println(inUse(host, port));
                return CreditpoolCommand.FAILED;
            }
        }
        String taken = unavailable(host, port);
        cl.getErr().println(taken != null ? taken : "serve: the service did not start on " + host + ":" + port + ": "
                + e.getMessage());
        return CreditpoolCommand.FAILED;
    }
}
