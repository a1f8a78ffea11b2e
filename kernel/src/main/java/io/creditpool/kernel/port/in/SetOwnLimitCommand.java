package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;

/**
 * A member caps their own usage per calendar month below what the owner or an admin allows them ({@code limit}), or
 * lets go of the cap they set ({@link MemberLimit#UNLIMITED}: the owner's or admin's limit applies alone). It never
 * raises what they may spend above the owner's or admin's limit, which stays as it was set.
 */
public record SetOwnLimitCommand(TeamId team, MemberId member, MemberLimit limit, RequestId id) {
    public SetOwnLimitCommand {
        Commands.required("team", team);
        Commands.required("member", member);
        Commands.required("limit", limit);
    }
}
