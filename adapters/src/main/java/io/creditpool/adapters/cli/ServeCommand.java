package io.creditpool.adapters.cli;

import io.creditpool.Creditpool;
import io.creditpool.adapters.http.HttpService;
import io.creditpool.adapters.jdbc.StoreSettings;
import io.creditpool.adapters.payments.PaymentPlugins;
import io.creditpool.kernel.port.in.RecoverPurchasesUseCase;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code serve}: the credit pool as an HTTP JSON service, on the configured store (H2 in {@code ./data} when none is
 * configured). Finishes half-done top-ups first, then answers until it is stopped (SIGTERM or Ctrl-C), finishing
 * the requests in flight.
 */
@Command(name = "serve", description = "Start the HTTP service on the configured store (creditpool.store / "
        + "CREDITPOOL_STORE; H2 in ./data when neither is set) and payment plugin (creditpool.payments). "
        + "Callers need an API key (see keys create).")
final class ServeCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    CreditpoolCommand parent;

    @Option(names = "--port", paramLabel = "PORT", description = "The port (default: CREDITPOOL_PORT, else 8080).")
    Integer port;

    @Option(names = "--host", paramLabel = "HOST", description = "The address to listen on (default: "
            + "CREDITPOOL_HOST, else 127.0.0.1; 0.0.0.0 for every interface).")
    String host;

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
        Creditpool pool = parent.creditpool().store(store).build();
        RecoverPurchasesUseCase.Recovery recovered = pool.recoverPurchases();
        HttpService service;
        try {
            service = HttpService.start(pool, KeysCommand.durableKeys(pool), chosenHost, chosenPort);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();         // finishes the requests in flight
            pool.close();
            stopped.countDown();
        }, "creditpool-shutdown"));
        out.println("Creditpool serving on http://" + chosenHost + ":" + service.port() + " (store " + store
                + ", payments " + PaymentPlugins.configured() + "; " + recovered.pending()
                + " half-done top-up(s) recovered)");
        out.flush();
        stopped.await();
        return 0;
    }
}
