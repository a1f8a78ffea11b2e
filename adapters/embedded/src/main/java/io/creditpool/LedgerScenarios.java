package io.creditpool;

import io.creditpool.kernel.domain.TeamId;

import java.time.Instant;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A team's real activity written as a scenario file that {@code replay}, {@code simulate} and {@code check} run
 * unchanged: what {@code ./creditpool ledger export} and {@code GET /admin/teams/{team}/ledger/export} answer.
 * {@code creditpool-scenarios} provides it (found with {@link ServiceLoader}); without it there is none.
 */
public interface LedgerScenarios {
    /**
     * The requests of {@code team} (which is in {@code pool}'s store) made from {@code from} (inclusive; null: since
     * the team's creation) until {@code until} (exclusive; null: up to now), as a scenario file's text; its header
     * says which store it came from, the {@code period} in words and the {@code command} that makes it again.
     */
    String export(Creditpool pool, TeamId team, Instant from, Instant until, String period, String command);

    /** The implementation on the class path, if any. */
    static Optional<LedgerScenarios> available() {
        return ServiceLoader.load(LedgerScenarios.class).findFirst();
    }
}
