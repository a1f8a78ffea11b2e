package io.creditpool.adapters.cli;

import io.creditpool.Creditpool;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.ConsumeCreditsCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * A load driver through the whole kernel on the configured store: callers spend one credit at a time (and buy a
 * top-up now and then) on a set of teams, each request with its own request id, and the figures at the end.
 * With {@code --print} every answer is printed as it comes, one line each, for tests that kill the process midway.
 */
@Command(name = "load", description = "Drive consumptions (and top-ups) through the kernel on the configured store "
        + "(creditpool.store / CREDITPOOL_STORE) and print throughput and latency.")
final class LoadCommand implements Callable<Integer> {
    static final Plan LOAD_PLAN = LoadCommandPlans.LOAD_PLAN;

    @CommandLine.ParentCommand
    CreditpoolCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--teams", defaultValue = "1", description = "Teams to spread the load over, 1 to 1000000 (default 1).")
    int teams;

    @Option(names = "--callers", defaultValue = "16", description = "Concurrent callers, 1 to 10000 (default 16).")
    int callers;

    @Option(names = "--seconds", defaultValue = "10", description = "How long to run, 1 to 86400 (default 10).")
    int seconds;

    @Option(names = "--top-up-every", defaultValue = "0",
            description = "Each caller buys a top-up every N requests, 0 or more (default 0: never).")
    int topUpEvery;

    @Option(names = "--prefix", defaultValue = "load", description = "Team ids are PREFIX-0, PREFIX-1, ...")
    String prefix;

    @Option(names = "--print", description = "Print every answer: KIND TEAM REQUEST-ID OUTCOME.")
    boolean print;

    @Override
    public Integer call() throws Exception {
        Arguments.inRange(spec, "--teams", teams, 1, 1_000_000);
        Arguments.inRange(spec, "--callers", callers, 1, 10_000);
        Arguments.inRange(spec, "--seconds", seconds, 1, 86_400);
        Arguments.inRange(spec, "--top-up-every", topUpEvery, 0, Integer.MAX_VALUE);
        try {
            TeamId.of(prefix + "-0");
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--prefix: '" + prefix + "' does not make "
                    + "team ids: " + e.getMessage());
        }
        PrintWriter out = parent.spec.commandLine().getOut();
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (Creditpool pool = Creditpool.builder().plans(List.of(LOAD_PLAN)).build()) {
            List<TeamId> ids = new ArrayList<>();
            for (int t = 0; t < teams; t++) {
                TeamId id = TeamId.of(prefix + "-" + t);
                Decision created = pool.createTeam(new CreateTeamCommand(id, LOAD_PLAN.name(), 1000, owner(), 1, null));
                if (created.denied()) {
                    parent.spec.commandLine().getErr().println("team " + id + ": " + created);
                    return CreditpoolCommand.FAILED;
                }
                ids.add(id);
            }
            LoadDriver.Result result = LoadDriver.run(callers, Duration.ofSeconds(seconds), (caller, i) -> {
                TeamId team = ids.get((int) ((caller + i) % ids.size()));
                RequestId id = RequestId.of(run + "-" + caller + "-" + i);
                boolean topUp = topUpEvery > 0 && i % topUpEvery == topUpEvery - 1;
                Decision d = topUp ? pool.buyTopUp(new BuyTopUpCommand(team, owner(), 10, id))
                        : pool.consume(new ConsumeCreditsCommand(team, owner(), 1, id));
                if (print) {
                    synchronized (out) {
                        out.println((topUp ? "top-up " : "consume ") + team + " " + id + " " + d.outcome());
                        out.flush();
                    }
                }
            });
            out.printf("store %s: %d requests from %d callers over %d team(s) in %.1f s: %.0f per second, "
                    + "p50 %.0f us, p99 %.0f us%n", pool.component(StoreSettings.class), result.requests(), callers,
                    teams, result.seconds(), result.perSecond(), result.p50Micros(), result.p99Micros());
            out.flush();
            return 0;
        }
    }

    private static MemberId owner() {
        return MemberId.of("owner");
    }
}
