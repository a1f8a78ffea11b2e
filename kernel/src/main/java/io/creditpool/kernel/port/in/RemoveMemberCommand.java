package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;

/** An owner or admin removes a member, which frees their seat. */
public record RemoveMemberCommand(TeamId team, MemberId by, MemberId member, RequestId id) {
    public RemoveMemberCommand {
        Commands.required("team", team);
        Commands.required("by", by);
        Commands.required("member", member);
    }
}
