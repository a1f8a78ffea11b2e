package io.creditpool.kernel.service;

import io.creditpool.kernel.domain.BillingCycle;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.Budgets;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.GrantTerms;
import io.creditpool.kernel.domain.Member;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.Team;
import io.creditpool.kernel.port.in.ChangeRoleCommand;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpCommand;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpUseCase;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.CreateTeamUseCase;
import io.creditpool.kernel.port.in.InviteMemberCommand;
import io.creditpool.kernel.port.in.ManageMembersUseCase;
import io.creditpool.kernel.port.in.RemoveMemberCommand;
import io.creditpool.kernel.port.in.SetMemberLimitCommand;
import io.creditpool.kernel.port.in.SetOwnLimitCommand;
import io.creditpool.kernel.port.in.SetOwnLimitUseCase;
import io.creditpool.kernel.port.out.CreditPolicy;
import io.creditpool.kernel.port.out.PlanCatalog;
import io.creditpool.kernel.port.out.PolicyVerdict;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Creating teams, membership, roles, member limits and auto top-up settings. */
@Singleton
public final class MembershipService implements CreateTeamUseCase, ManageMembersUseCase, ConfigureAutoTopUpUseCase,
        SetOwnLimitUseCase {
    private final TeamCommands commands;
    private final CreditPolicy policy;
    private final PlanCatalog plans;

    @Inject
    public MembershipService(TeamCommands commands, CreditPolicy policy, PlanCatalog plans) {
        this.commands = commands;
        this.policy = policy;
        this.plans = plans;
    }

    @Override
    public Decision createTeam(CreateTeamCommand command) {
        Optional<Plan> plan = plans.plan(command.plan());
        if (plan.isEmpty()) {
            return commands.stamped(Decision.deny(DenialCode.INVALID_INPUT, "plan: no plan named '"
                    + command.plan() + "' in the plan table; the plans are: " + plans.plans().stream().map(Plan::name)
                    .sorted().collect(java.util.stream.Collectors.joining(", ")), List.of(KernelRules.WELL_FORMED), 0));
        }
        return commands.store().inTransaction(command.team(), unit -> {
            Instant now = commands.clock().now(command.team());
            int anchorDay = command.billingAnchorDay() != null ? command.billingAnchorDay()
                    : now.atOffset(ZoneOffset.UTC).getDayOfMonth();
            // the fingerprint leaves out the request id: creating the same team twice is a replay, whatever the ids
            String fingerprint = new CreateTeamCommand(command.team(), command.plan(), command.seats(),
                    command.owner(), anchorDay, null).toString();
            Optional<Team> existing = unit.team();
            if (existing.isPresent()) {
                Team.Creation first = existing.get().creation();
                return first.fingerprint().equals(fingerprint) ? first.decision()
                        : commands.stamped(Decision.deny(DenialCode.REQUEST_CONFLICT, "team: '" + command.team()
                                + "' already exists with other terms", List.of(KernelRules.REQUEST_ONCE),
                                existing.get().balance()));
            }
            BillingCycle first = BillingCycle.startingAt(now, anchorDay);
            GrantTerms terms = TeamCommands.checked(policy.cycleGrant(plan.get(), command.seats(), first), now);
            List<String> rules = new ArrayList<>(terms.rules());
            rules.add(0, KernelRules.SEATS);
            Decision decision = commands.stamped(Decision.accept(rules, terms.credits()));
            Team team = Team.create(command.team(), plan.get().name(), command.seats(), command.owner(), anchorDay,
                    now, new Team.Creation(fingerprint, decision));
            team.startCycle(team.cycle(), terms);
            unit.create(team);
            return decision;
        });
    }

    @Override
    public Decision invite(InviteMemberCommand c) {
        return commands.run(c.team(), c.id(), c, (team, plan, now) -> {
            Optional<Decision> refused = manager(team, c.by(), KernelRules.MANAGERS_MANAGE_MEMBERS, "invite members");
            if (refused.isPresent()) {
                return new TeamCommands.Decided(refused.get());
            }
            if (team.member(c.member()).isPresent()) {
                return new TeamCommands.Decided(Decision.deny(DenialCode.INVALID_INPUT,
                        "member: '" + c.member() + "' is already a member of team " + team.id(),
                        List.of(KernelRules.WELL_FORMED), team.balance()));
            }
            if (team.seatsAvailable() == 0) {
                return new TeamCommands.Decided(Decision.deny(DenialCode.NO_SEATS,
                        "all " + team.seats() + " seats of team " + team.id() + " are taken",
                        List.of(KernelRules.SEATS), team.balance()));
            }
            team.addMember(c.by(), c.member(), c.role(), now);
            return accepted(team, KernelRules.MANAGERS_MANAGE_MEMBERS, KernelRules.SEATS);
        });
    }

    @Override
    public Decision remove(RemoveMemberCommand c) {
        return commands.run(c.team(), c.id(), c, (team, plan, now) -> {
            Optional<Decision> refused = managerOverMember(team, c.by(), c.member(),
                    KernelRules.MANAGERS_MANAGE_MEMBERS, "remove members");
            if (refused.isPresent()) {
                return new TeamCommands.Decided(refused.get());
            }
            team.removeMember(c.by(), c.member(), now);
            return accepted(team, KernelRules.MANAGERS_MANAGE_MEMBERS, KernelRules.SEATS);
        });
    }

    @Override
    public Decision changeRole(ChangeRoleCommand c) {
        return commands.run(c.team(), c.id(), c, (team, plan, now) -> {
            Optional<Decision> refused = managerOverMember(team, c.by(), c.member(),
                    KernelRules.MANAGERS_MANAGE_MEMBERS, "change roles");
            if (refused.isPresent()) {
                return new TeamCommands.Decided(refused.get());
            }
            team.changeRole(c.by(), c.member(), c.role(), now);
            return accepted(team, KernelRules.MANAGERS_MANAGE_MEMBERS);
        });
    }

    @Override
    public Decision setLimit(SetMemberLimitCommand c) {
        return commands.run(c.team(), c.id(), c, (team, plan, now) -> {
            Optional<Decision> refused = manager(team, c.by(), KernelRules.MANAGERS_SET_LIMITS, "set member limits");
            if (refused.isEmpty()) {
                refused = TeamCommands.unknownMember(team, "member", c.member());
            }
            if (refused.isPresent()) {
                return new TeamCommands.Decided(refused.get());
            }
            team.setLimit(c.by(), c.member(), c.limit(), now);
            return accepted(team, KernelRules.MANAGERS_SET_LIMITS);
        });
    }

    @Override
    public Decision setOwnLimit(SetOwnLimitCommand c) {
        return commands.run(c.team(), c.id(), c, (team, plan, now) -> {
            Optional<Decision> unknown = TeamCommands.unknownMember(team, "member", c.member());
            if (unknown.isPresent()) {
                return new TeamCommands.Decided(unknown.get());
            }
            Member member = team.member(c.member()).orElseThrow();
            MemberLimit set = member.limit();
            if (!Budgets.mayLimitHerself(member, c.limit())) {
                // not hers to raise: only the owner or an admin may (decided after the request id, naming the field)
                return new TeamCommands.Decided(Decision.deny(DenialCode.NOT_ALLOWED, "limit: " + c.member()
                        + " may lower their own limit, not raise it: " + c.limit() + " is above the monthly limit of "
                        + set + " the owner or an admin set; only they can raise that",
                        List.of(KernelRules.OWN_LIMIT_ONLY_LOWERS), team.balance()));
            }
            team.setOwnLimit(c.member(), c.limit(), now);
            return accepted(team, KernelRules.OWN_LIMIT_ONLY_LOWERS);
        });
    }

    @Override
    public Decision configureAutoTopUp(ConfigureAutoTopUpCommand c) {
        return commands.run(c.team(), c.id(), c, (team, plan, now) -> {
            Optional<Decision> refused = manager(team, c.by(), KernelRules.MANAGERS_CONFIGURE_AUTO_TOP_UP,
                    "configure auto top-up");
            if (refused.isPresent()) {
                return new TeamCommands.Decided(refused.get());
            }
            PolicyVerdict verdict = policy.autoTopUpChange(plan, c.settings());
            List<String> rules = new ArrayList<>();
            rules.add(KernelRules.MANAGERS_CONFIGURE_AUTO_TOP_UP);
            rules.addAll(verdict.rules());
            if (!verdict.decided()) {
                rules.add(KernelRules.RULES_MUST_DECIDE);
                return new TeamCommands.Decided(Decision.deny(DenialCode.NO_DECISION,
                        "no rule accepted or denied these auto top-up settings", rules, team.balance()));
            }
            if (verdict.ruleDenial() != null) {
                return new TeamCommands.Decided(Decision.deny(verdict.ruleDenial(), rules, team.balance()));
            }
            if (!verdict.accepted()) {
                return new TeamCommands.Decided(Decision.deny(verdict.denial(), "plan " + plan.name() + " is "
                        + plan.tier().word(), rules, team.balance()));
            }
            team.configureAutoTopUp(c.by(), c.settings(), now);
            return new TeamCommands.Decided(Decision.accept(rules, team.balance()));
        });
    }

    private static TeamCommands.Decided accepted(Team team, String... rules) {
        return new TeamCommands.Decided(Decision.accept(List.of(rules), team.balance()));
    }

    /** A denial unless {@code by} is the owner or an admin of the team. */
    private static Optional<Decision> manager(Team team, MemberId by, String rule,
            String what) {
        Optional<Decision> unknown = TeamCommands.unknownMember(team, "by", by);
        if (unknown.isPresent()) {
            return unknown;
        }
        Member actor = team.member(by).orElseThrow();
        return actor.role().manages() ? Optional.empty() : Optional.of(TeamCommands.notAllowed(team, actor, rule, what));
    }

    /** A denial unless {@code by} manages the team and {@code member} is a member other than the owner. */
    private static Optional<Decision> managerOverMember(Team team, MemberId by,
            MemberId member, String rule, String what) {
        Optional<Decision> refused = manager(team, by, rule, what);
        if (refused.isEmpty()) {
            refused = TeamCommands.unknownMember(team, "member", member);
        }
        if (refused.isEmpty() && team.member(member).orElseThrow().role() == Role.OWNER) {
            refused = Optional.of(Decision.deny(DenialCode.NOT_ALLOWED, "member: " + member
                    + " is the owner", List.of(KernelRules.ONE_OWNER), team.balance()));
        }
        return refused;
    }
}
