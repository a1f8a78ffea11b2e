package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.Group;
import io.creditpool.kernel.domain.GroupCap;
import io.creditpool.kernel.domain.GroupId;
import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;

/**
 * An owner or admin renames a group ({@code name}; null: keeps its name), sets its monthly cap ({@code cap}; null:
 * keeps it), or both.
 */
public record ChangeGroupCommand(TeamId team, MemberId by, GroupId group, String name, GroupCap cap, RequestId id) {
    public ChangeGroupCommand {
        Commands.required("team", team);
        Commands.required("by", by);
        Commands.required("group", group);
        if (name == null && cap == null) {
            throw new InvalidInputException("name", "give the group a new name, a new cap, or both");
        }
        name = name == null ? null : Group.checkName(name);
    }

    /** Renames {@code group}. */
    public static ChangeGroupCommand rename(TeamId team, MemberId by, GroupId group, String name, RequestId id) {
        return new ChangeGroupCommand(team, by, group, Commands.required("name", name), null, id);
    }

    /** Sets {@code group}'s monthly cap. */
    public static ChangeGroupCommand cap(TeamId team, MemberId by, GroupId group, GroupCap cap, RequestId id) {
        return new ChangeGroupCommand(team, by, group, null, Commands.required("cap", cap), id);
    }
}
