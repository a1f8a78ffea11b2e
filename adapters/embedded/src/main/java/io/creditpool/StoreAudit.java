package io.creditpool;

import io.creditpool.adapters.store.LedgerCheckedStore;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.CreditStore;

import java.util.List;
import java.util.function.Consumer;

/**
 * Every team of a store checked against its ledger: the stored balances as they are first (where the database can
 * sum the ledgers itself), then each team's balance recomputed from its ledger and compared with the stored balance
 * and the open grants, limits and expiries. What {@code ./creditpool audit} prints and {@code GET /admin/audit}
 * streams. It reads every team, so it runs on an operator's thread, never on a product's request path.
 */
public final class StoreAudit {
    private StoreAudit() {
    }

    /** One thing found wrong: the team it is about (null when the line names it itself), and what. */
    public record Finding(String team, String problem) {
        /** As {@code audit} prints it. */
        public String line() {
            return team == null ? problem : "team " + team + ": " + problem;
        }
    }

    /** How an audit ended: how many teams it read in which store, and how many problems it found. */
    public record Summary(int teams, int problems, String store) {
        public boolean clean() {
            return problems == 0;
        }
    }

    /** Audits every team of {@code pool}'s store, telling each finding to {@code found} as soon as it is found. */
    public static Summary run(Creditpool pool, Consumer<Finding> found) {
        CreditStore store = pool.component(CreditStore.class);
        int problems = 0;
        // the stored balances first, as they are: an audit of a team brings it up to date and stores it
        if (store instanceof LedgerCheckedStore checked) {
            for (String line : checked.ledgerMismatches()) {
                found.accept(new Finding(null, line));
                problems++;
            }
        }
        List<TeamId> teams = store.teams();
        for (TeamId team : teams) {
            for (String problem : pool.audit(team)) {
                found.accept(new Finding(team.value(), problem));
                problems++;
            }
        }
        return new Summary(teams.size(), problems, pool.component(StoreSettings.class).toString());
    }
}
