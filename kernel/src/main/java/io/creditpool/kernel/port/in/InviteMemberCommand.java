package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.TeamId;

/** An owner or admin adds a member or admin to the team; the new member takes a seat at once. */
public record InviteMemberCommand(TeamId team, MemberId by, MemberId member, Role role, RequestId id) {
    public InviteMemberCommand {
        Commands.required("team", team);
        Commands.required("by", by);
        Commands.required("member", member);
        Commands.required("role", role);
        if (role == Role.OWNER) {
            throw new InvalidInputException("role", "a team has exactly one owner; invite a member or an admin");
        }
    }
}
