package io.creditpool.kernel.service;

import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.Group;
import io.creditpool.kernel.domain.GroupId;
import io.creditpool.kernel.domain.Team;
import io.creditpool.kernel.port.in.ChangeGroupCommand;
import io.creditpool.kernel.port.in.CreateGroupCommand;
import io.creditpool.kernel.port.in.DeleteGroupCommand;
import io.creditpool.kernel.port.in.ManageGroupsUseCase;
import io.creditpool.kernel.port.in.MoveMemberCommand;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Groups of a team's members (departments, projects) and their monthly caps. Only the owner and admins make, rename,
 * delete and cap groups and move members between them: the kernel checks it, as it checks who changes roles. That a
 * group's usage stays within its cap is checked with every consumption ({@link ConsumptionService}).
 */
@Singleton
public final class GroupService implements ManageGroupsUseCase {
    /** How many group ids a denial for an unknown group lists. */
    private static final int GROUPS_LISTED = 10;

    private final TeamCommands commands;

    @Inject
    public GroupService(TeamCommands commands) {
        this.commands = commands;
    }

    @Override
    public Decision createGroup(CreateGroupCommand c) {
        return commands.run(c.team(), c.id(), c, (team, plan, now) -> {
            Optional<Decision> refused = TeamCommands.manager(team, c.by(), KernelRules.MANAGERS_MANAGE_GROUPS,
                    "manage groups");
            if (refused.isPresent()) {
                return new TeamCommands.Decided(refused.get());
            }
            if (team.group(c.group()).isPresent()) {
                return new TeamCommands.Decided(Decision.deny(DenialCode.INVALID_INPUT, "group: '" + c.group()
                        + "' is a group of team " + team.id() + " already", List.of(KernelRules.WELL_FORMED),
                        team.balance()));
            }
            team.createGroup(c.by(), new Group(c.group(), c.name(), c.cap()), now);
            return accepted(team, KernelRules.MANAGERS_MANAGE_GROUPS);
        });
    }

    @Override
    public Decision changeGroup(ChangeGroupCommand c) {
        return commands.run(c.team(), c.id(), c, (team, plan, now) -> {
            Optional<Decision> refused = TeamCommands.manager(team, c.by(), KernelRules.MANAGERS_MANAGE_GROUPS,
                    "manage groups");
            if (refused.isEmpty()) {
                refused = unknownGroup(team, c.group());
            }
            if (refused.isPresent()) {
                return new TeamCommands.Decided(refused.get());
            }
            team.changeGroup(c.by(), c.group(), c.name(), c.cap(), now);
            return c.cap() == null ? accepted(team, KernelRules.MANAGERS_MANAGE_GROUPS)
                    : accepted(team, KernelRules.MANAGERS_MANAGE_GROUPS, KernelRules.GROUP_CAP_HOLDS);
        });
    }

    @Override
    public Decision deleteGroup(DeleteGroupCommand c) {
        return commands.run(c.team(), c.id(), c, (team, plan, now) -> {
            Optional<Decision> refused = TeamCommands.manager(team, c.by(), KernelRules.MANAGERS_MANAGE_GROUPS,
                    "manage groups");
            if (refused.isEmpty()) {
                refused = unknownGroup(team, c.group());
            }
            if (refused.isPresent()) {
                return new TeamCommands.Decided(refused.get());
            }
            team.deleteGroup(c.by(), c.group(), now);
            return accepted(team, KernelRules.MANAGERS_MANAGE_GROUPS, KernelRules.USAGE_STAYS_WITH_GROUP);
        });
    }

    @Override
    public Decision moveMember(MoveMemberCommand c) {
        return commands.run(c.team(), c.id(), c, (team, plan, now) -> {
            Optional<Decision> refused = TeamCommands.manager(team, c.by(), KernelRules.MANAGERS_MANAGE_GROUPS,
                    "move members between groups");
            if (refused.isEmpty()) {
                refused = TeamCommands.unknownMember(team, "member", c.member());
            }
            if (refused.isEmpty() && c.group() != null) {
                refused = unknownGroup(team, c.group());
            }
            if (refused.isPresent()) {
                return new TeamCommands.Decided(refused.get());
            }
            team.moveMember(c.by(), c.member(), c.group(), now);
            return accepted(team, KernelRules.MANAGERS_MANAGE_GROUPS, KernelRules.ONE_GROUP,
                    KernelRules.USAGE_STAYS_WITH_GROUP);
        });
    }

    /** A denial naming the field {@code group} when the team has no such group. */
    static Optional<Decision> unknownGroup(Team team, GroupId group) {
        if (team.group(group).isPresent()) {
            return Optional.empty();
        }
        String known = team.groups().stream().limit(GROUPS_LISTED).map(g -> g.id().value())
                .collect(Collectors.joining(", "));
        int more = team.groups().size() - GROUPS_LISTED;
        return Optional.of(Decision.deny(DenialCode.INVALID_INPUT, "group: no group '" + group + "' in team "
                + team.id() + (known.isEmpty() ? "; it has no groups" : "; its groups are: " + known
                        + (more > 0 ? " and " + more + " more" : "")),
                List.of(KernelRules.WELL_FORMED), team.balance()));
    }

    private static TeamCommands.Decided accepted(Team team, String... rules) {
        return new TeamCommands.Decided(Decision.accept(List.of(rules), team.balance()));
    }
}
