package io.creditpool.adapters.cli;

import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.adapters.scenario.LedgerExport;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ledger export TEAM}: a team's requests in a period, read from its ledger in the configured store, as a
 * scenario file that {@code replay}, {@code simulate} and {@code check} run unchanged.
 */
@Command(name = "export", description = "Write the requests TEAM's members made (from its ledger in the configured "
        + "store) as a scenario file: the team as it stood at the start of the period, then each consumption, "
        + "top-up, reservation, settlement and setting change at its recorded instant. Replay it under new rules "
        + "with: replay --rules DIR FILE.")
final class LedgerExportCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    LedgerCommand ledger;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TEAM", description = "The team's id.")
    String team;

    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "The first day of the period (UTC); "
            + "default: the team's creation.")
    String from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "The last day of the period (UTC), included; "
            + "default: up to now.")
    String to;

    @Option(names = "--output", paramLabel = "FILE", converter = Arguments.Writable.class, description = "Write the scenario to FILE instead of standard "
            + "output.")
    Path output;

    @Override
    public Integer call() {
        LocalDate first = date("--from", from);
        LocalDate last = date("--to", to);
        if (first != null && last != null && first.isAfter(last)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from " + first + " is after --to " + last
                    + "; the period would be empty");
        }
        TeamId id;
        try {
            id = TeamId.of(team);
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "TEAM: '" + team + "' is not a team id: "
                    + e.getMessage());
        }
        Instant start = first == null ? null : first.atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant until = last == null ? null : last.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return ledger.parent.withPool((pool, out) -> {
            String store = pool.component(StoreSettings.class).toString();
            TeamId found = find(pool, id, store);
            List<LedgerEntry> entries = pool.ledger(found);
            LedgerExport.Origin origin = new LedgerExport.Origin(store, period(first, last),
                    pool.component(Clock.class).now(), command(first, last));
            LedgerExport.Result result = LedgerExport.of(team, entries, pool.requests(found), start, until, origin);
            if (output == null) {
                out.print(result.text());
                return 0;
            }
            try {
                Files.writeString(output, result.text());
            } catch (IOException e) {
                throw new IllegalStateException("--output: cannot write " + output + ": " + e.getMessage(), e);
            }
            out.println("Wrote " + result.steps() + " step(s) of team " + team + "'s requests (" + origin.period()
                    + ") to " + output + "; replay it with: ./creditpool replay --rules NEW_RULES " + output);
            return 0;
        });
    }

    /**
     * The team {@code id} names: itself when the store has it, else the one team a product calls so (the service
     * keeps a product's team {@code acme} as {@code PRODUCT:acme}); more than one is an error naming them.
     */
    private TeamId find(io.creditpool.Creditpool pool, TeamId id, String store) {
        if (pool.metrics(id).isPresent()) {
            return id;
        }
        List<TeamId> named = id.value().indexOf(':') >= 0 ? List.of() : pool.component(
                io.creditpool.kernel.port.out.CreditStore.class).teams().stream()
                .filter(t -> t.value().endsWith(":" + id.value())).sorted(java.util.Comparator.comparing(
                        TeamId::value)).toList();
        if (named.size() == 1) {
            return named.get(0);
        }
        if (named.size() > 1) {
            throw new IllegalArgumentException("team '" + team + "' is a team of several products ("
                    + named.stream().map(TeamId::value).collect(java.util.stream.Collectors.joining(", "))
                    + "); name one as PRODUCT:TEAM; nothing written");
        }
        throw new IllegalArgumentException("team '" + team + "' is not in the store " + store + "; nothing written");
    }

    private LocalDate date(String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": '" + text
                    + "' is not a date like 2026-01-31 (YYYY-MM-DD)");
        }
    }

    private static String period(LocalDate first, LocalDate last) {
        if (first == null && last == null) {
            return "everything up to the export";
        }
        return (first == null ? "from the team's creation" : "from " + first) + " to "
                + (last == null ? "the export" : last + " included") + " (UTC)";
    }

    private String command(LocalDate first, LocalDate last) {
        return "ledger export " + team + (first == null ? "" : " --from " + first) + (last == null ? ""
                : " --to " + last);
    }
}
