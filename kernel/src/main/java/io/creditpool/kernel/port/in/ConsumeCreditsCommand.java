package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.Credits;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;

/** A member spends credits from the team's pool for one piece of work. {@code id} may be null. */
public record ConsumeCreditsCommand(TeamId team, MemberId member, long credits, RequestId id) {
    public ConsumeCreditsCommand {
        Commands.required("team", team);
        Commands.required("member", member);
        Credits.positive("amount", credits);
    }
}
