package io.creditpool.adapters.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.creditpool.adapters.client.ServiceClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code rules reload --server URL}: asks a running service to reload its rules folder now
 * ({@code POST /admin/rules/reload} with an operator key) and tells what happened in plain words.
 */
@Command(name = "reload", description = "Ask the service at URL to reload its rules folder now, with the operator "
        + "key in " + CreditpoolCommand.API_KEY_VARIABLE + " (keys create NAME --admin); prints what happened. Exit 0 "
        + "when the rules were reloaded or unchanged, 3 when they were refused (the old rules stay live), 1 when the "
        + "server could not do it.")
final class RulesReloadCommand implements Callable<Integer> {
    static final String PATH = "/admin/rules/reload";

    @CommandLine.ParentCommand
    CreditpoolCommand.Rules rules;

    @Option(names = "--server", required = true, paramLabel = "URL",
            description = "The running service, e.g. http://127.0.0.1:8080.")
    String server;

    @Override
    public Integer call() {
        CommandLine cl = rules.parent.spec.commandLine();
        PrintWriter out = cl.getOut();
        PrintWriter err = cl.getErr();
        try {
            return reload(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int reload(PrintWriter out, PrintWriter err) {
        if (rules.parent.rules != null || rules.parent.plans != null) {
            err.println("--rules and --plans do not apply with --server: the server reloads its own rules folder");
            return CreditpoolCommand.FAILED;
        }
        String key = CreditpoolCommand.apiKey();
        if (key == null) {
            err.println(CreditpoolCommand.API_KEY_VARIABLE + ": an operator key for " + server + " is required (make "
                    + "one with ./creditpool keys create NAME --admin, then export "
                    + CreditpoolCommand.API_KEY_VARIABLE + "=KEY)");
            return CreditpoolCommand.FAILED;
        }
        ServiceClient.Reply reply;
        try {
            reply = ServiceClient.of(server, key).send("POST", PATH, Map.of(), null);
        } catch (IllegalArgumentException | ServiceClient.NoAnswerException e) {
            err.println("--server: " + e.getMessage());
            return CreditpoolCommand.FAILED;
        }
        JsonNode body = reply.body();
        if (reply.ok() && body.has("outcome")) {
            String outcome = body.path("outcome").asText();
            String version = body.path("version").asText();
            long ms = body.path("took_ms").asLong();
            if (outcome.equals("reloaded")) {
                out.println("reloaded: rules " + version + " (was " + body.path("previous_version").asText() + "), "
                        + ms + " ms");
            } else {
                out.println(outcome + ": rules " + version + " stay live (the folder holds them already), " + ms
                        + " ms");
            }
            return 0;
        }
        if (reply.status() == 422 && reply.code().equals("rules-refused")) {
            out.println("refused: " + body.path("errors").size() + " error(s), rules " + body.path("version").asText()
                    + " stay live");
            body.path("errors").forEach(e -> out.println("  - " + e.asText()));
            return CreditpoolCommand.BROKEN_POLICY;
        }
        err.println(server + " did not reload: " + switch (reply.status()) {
            case 401 -> "it refuses the API key (" + reply.detail() + ")";
            case 403, 409 -> reply.detail();
            default -> reply.request() + " answered " + reply.status() + " " + reply.describe();
        });
        return CreditpoolCommand.FAILED;
    }
}
