package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.GroupId;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;

/**
 * An owner or admin moves {@code member} into group {@code group} (null: into no group), out of the one they were in:
 * a member belongs to at most one group. What they spent stays with the group they spent it in.
 */
public record MoveMemberCommand(TeamId team, MemberId by, MemberId member, GroupId group, RequestId id) {
    public MoveMemberCommand {
        Commands.required("team", team);
        Commands.required("by", by);
        Commands.required("member", member);
    }
}
