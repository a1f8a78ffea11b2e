package io.creditpool.kernel.port.out;

import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.TeamId;

import java.util.List;
import java.util.function.Function;

/** Where teams, their ledgers and their request ids are kept. */
public interface CreditStore {
    /**
     * Runs {@code work} on one team as one atomic unit: no other unit on the same team runs meanwhile, and
     * either everything the work did is written (team, ledger entries, request records) or, if it throws,
     * nothing is.
     */
    <T> T inTransaction(TeamId team, Function<TeamUnit, T> work);

    /** The team's ledger, oldest entry first. Empty for an unknown team. */
    List<LedgerEntry> ledger(TeamId team);

    /** Every team in the store. */
    List<TeamId> teams();
}
