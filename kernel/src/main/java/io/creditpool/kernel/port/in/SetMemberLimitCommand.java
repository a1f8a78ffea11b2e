package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;

/** An owner or admin caps a member's usage per calendar month, or makes it unlimited. */
public record SetMemberLimitCommand(TeamId team, MemberId by, MemberId member, MemberLimit limit, RequestId id) {
    public SetMemberLimitCommand {
        Commands.required("team", team);
        Commands.required("by", by);
        Commands.required("member", member);
        Commands.required("limit", limit);
    }
}
