package io.creditpool.kernel.port.out;

import io.creditpool.kernel.domain.TeamId;

import java.time.Instant;

/** Time is a port: nothing in Creditpool reads the system clock directly, so scenarios and tests can move it. */
public interface Clock {
    Instant now();

    /**
     * The time as {@code team} sees it: {@link #now()} unless the clock keeps a time of its own for the team (a test
     * clock in sandbox mode). The kernel asks this wherever it works on one team.
     */
    default Instant now(TeamId team) {
        return now();
    }
}
