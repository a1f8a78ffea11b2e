package io.creditpool;

import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.InvalidInputException;

/**
 * The teams of a {@link Creditpool}, from {@link Creditpool#teams()}: creating one. A team once created is reached
 * through {@link Creditpool#team(String)}.
 */
public final class Teams {
    private final Creditpool pool;

    Teams(Creditpool pool) {
        this.pool = pool;
    }

    /**
     * Creates a team on its plan with its owner and grants its first cycle's plan credits, as
     * {@link Creditpool#createTeam} does with {@link NewTeam#command()}.
     *
     * <pre>{@code
     * pool.teams().create(NewTeam.named("acme").plan("team").seats(3).owner("olivia"));
     * }</pre>
     *
     * @throws InvalidInputException naming the field of {@code team} that is missing or wrong; nothing is created
     */
    public Decision create(NewTeam team) {
        if (team == null) {
            throw new InvalidInputException("team", "is required");
        }
        return pool.createTeam(team.command());
    }
}
