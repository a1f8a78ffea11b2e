package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.Group;
import io.creditpool.kernel.domain.GroupCap;
import io.creditpool.kernel.domain.GroupId;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;

/**
 * An owner or admin makes a group (a department or a project) in the team: {@code group} is its id, which never
 * changes; {@code name} what people read (null: the id); {@code cap} what its members may spend together a calendar
 * month (null: {@link GroupCap#UNLIMITED}).
 */
public record CreateGroupCommand(TeamId team, MemberId by, GroupId group, String name, GroupCap cap, RequestId id) {
    public CreateGroupCommand {
        Commands.required("team", team);
        Commands.required("by", by);
        Commands.required("group", group);
        name = name == null ? group.value() : Group.checkName(name);
        cap = cap == null ? GroupCap.UNLIMITED : cap;
    }
}
