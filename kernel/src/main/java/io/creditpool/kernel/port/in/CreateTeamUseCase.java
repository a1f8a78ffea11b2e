package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.Decision;

public interface CreateTeamUseCase {
    /** Creates the team and grants its first cycle's plan credits. */
    Decision createTeam(CreateTeamCommand command);
}
