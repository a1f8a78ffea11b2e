package io.creditpool.adapters.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code ledger}: what can be done with a team's ledger in the configured store; {@code ledger export} for now. */
@Command(name = "ledger", description = "Work with the ledgers of the teams in the configured store "
        + "(creditpool.store / CREDITPOOL_STORE). See ledger export.",
        subcommands = {LedgerExportCommand.class})
final class LedgerCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    CreditpoolCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return CreditpoolCommand.groupUsage(spec);
    }
}
