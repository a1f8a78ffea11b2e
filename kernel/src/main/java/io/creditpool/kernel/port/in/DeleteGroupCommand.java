package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.GroupId;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;

/**
 * An owner or admin deletes a group: its members are in no group from then on; what it used this calendar month
 * stays counted under its id until the month ends.
 */
public record DeleteGroupCommand(TeamId team, MemberId by, GroupId group, RequestId id) {
    public DeleteGroupCommand {
        Commands.required("team", team);
        Commands.required("by", by);
        Commands.required("group", group);
    }
}
