package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.TeamId;

/** An owner or admin makes a member an admin, or an admin a member. */
public record ChangeRoleCommand(TeamId team, MemberId by, MemberId member, Role role, RequestId id) {
    public ChangeRoleCommand {
        Commands.required("team", team);
        Commands.required("by", by);
        Commands.required("member", member);
        Commands.required("role", role);
        if (role == Role.OWNER) {
            throw new InvalidInputException("role", "a team has exactly one owner; the role must be member or admin");
        }
    }
}
