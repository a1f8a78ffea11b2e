package io.creditpool.kernel.port.out;

import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.RequestId;
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

    /**
     * As {@link #inTransaction(TeamId, Function)}, for work that will look up request id {@code request} (null for
     * none): a store that commits many units together may fetch their request records at once. The work may still
     * look up any request id; the answer is the same either way.
     */
    default <T> T inTransaction(TeamId team, RequestId request, Function<TeamUnit, T> work) {
        return inTransaction(team, work);
    }

    /** The team's ledger, oldest entry first. Empty for an unknown team. */
    List<LedgerEntry> ledger(TeamId team);

    /**
     * Entries {@code from} to {@code to} (numbered from 1 in the order they were written, both included) of the team's
     * ledger, oldest first: those of them that exist. A store that can read a range without reading the rest should.
     */
    default List<LedgerEntry> ledger(TeamId team, long from, long to) {
        List<LedgerEntry> all = ledger(team);
        long first = Math.max(1, from);
        long last = Math.min(all.size(), to);
        return first > last ? List.of() : List.copyOf(all.subList((int) first - 1, (int) last));
    }

    /** How many entries the team's ledger holds; 0 for an unknown team. */
    default long ledgerSize(TeamId team) {
        return ledger(team).size();
    }

    /**
     * The id this store was given when it was created, never the same for two stores (a copy restored from a backup
     * is the one exception, and keeps its charges). It is part of every purchase key, so two stores charging on one
     * processor account never share a key. Empty for a store that has none.
     */
    default String installationId() {
        return "";
    }

    /** Every team in the store. */
    List<TeamId> teams();

    /**
     * The request ids {@code team}'s commands came with and what was recorded of each, in the order they were decided
     * (any recorded without a time first): what a team asked for, denied requests included, which its ledger does not
     * hold. A store that keeps no requests apart from its transactions answers none.
     */
    default List<TeamRequest> requests(TeamId team) {
        return List.of();
    }

    /**
     * Whether any team in the store is on plan {@code plan}: a plan table that no longer has a plan teams are on
     * must not go live. This reads every team; a store that can ask its database instead should.
     */
    default boolean anyTeamOnPlan(String plan) {
        for (TeamId id : teams()) {
            if (inTransaction(id, unit -> unit.team().map(t -> t.planName().equals(plan)).orElse(false))) {
                return true;
            }
        }
        return false;
    }
}
