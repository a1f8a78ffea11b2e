package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.TeamId;

import java.util.List;
import java.util.Optional;

/** Reading a team. Each read first applies any cycle change that is due, as every access does. */
public interface TeamQueries {
    Optional<TeamMetrics> metrics(TeamId team);

    /**
     * The shares at which the team is alerted on its plan, as the rules set them now (for showing which alerts stand);
     * empty for an unknown team.
     */
    default Optional<io.creditpool.kernel.port.out.AlertLevels> alertLevels(TeamId team) {
        return Optional.empty();
    }

    List<LedgerEntry> ledger(TeamId team);

    /**
     * At most {@code limit} of the newest entries of the team's ledger numbered below {@code before} (null: the
     * newest), read without going through the rest of its history.
     */
    LedgerPage ledgerPage(TeamId team, Long before, int limit);

    /**
     * Checks the guarantees for one team: the balance equals its open grants and the ledger's sum, nothing is
     * negative, no limited member is over their limit this month (held credits count), every reservation drew from
     * granted grants and was settled at most once, within what it held, and the open ones are those the ledger
     * holds. Returns what is wrong; empty when all hold.
     */
    List<String> audit(TeamId team);
}
