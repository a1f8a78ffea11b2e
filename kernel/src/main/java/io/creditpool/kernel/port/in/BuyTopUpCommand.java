package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.Credits;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;

/** The owner buys credits that never expire; they are granted once the charge succeeds. */
public record BuyTopUpCommand(TeamId team, MemberId by, long credits, RequestId id) {
    public BuyTopUpCommand {
        Commands.required("team", team);
        Commands.required("by", by);
        Credits.positive("amount", credits);
    }
}
