package io.creditpool.kernel.domain;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A team's budgets: what each member and each group spent per calendar month, the team's groups with their caps and
 * who is in each, and, weighed against a member's monthly limits (the owner's or an admin's, and her own, kept on
 * her {@link Member}), what she may spend and when the team is told before a limit bites. "What may this member
 * spend" is answered here and only here: the spendable figure the answers show ({@link #spendable}), the kernel's
 * refusal of a consumption over a limit or cap ({@link #refusal}), and the alerts a consumption sets off
 * ({@link #alerts}) all read the same figures.
 *
 * <p>The team holds one and changes it as it applies decided commands; it tells the store which parts changed.
 *
 * <p>An alert is told when a consumption or reservation first takes a usage to a share of its limit in a calendar
 * month: the usage before it is measured by its peak, so held credits given back and spent again do not tell the
 * same share twice, and a replayed request (answered from its stored decision) tells nothing. The team's commands
 * are serialized, and the peak is stored with the usage in the same transaction as the events, so races and restarts
 * cannot tell a share twice either.
 */
public final class Budgets {
    /** What each member spent per calendar month, by member. */
    private final Map<MemberId, Usage> usage;
    /** The team's groups, in the order they were made. */
    private final Map<GroupId, Group> groups;
    /**
     * What each group's members spent per calendar month, by group id: kept when a group is deleted, so a group made
     * again under the same id in the same month goes on from what it had used.
     */
    private final Map<GroupId, Usage> groupUsage;
    /** Who is in each group: derived from the members, kept as they change, so no command looks through them all. */
    private final Map<GroupId, Set<MemberId>> groupMembers = new LinkedHashMap<>();

    Budgets(Map<MemberId, Usage> usage, Collection<Group> groups, Map<GroupId, Usage> groupUsage,
            Collection<Member> members) {
        this.usage = new LinkedHashMap<>(usage);
        this.groups = new LinkedHashMap<>();
        groups.forEach(g -> this.groups.put(g.id(), g));
        this.groupUsage = new LinkedHashMap<>(groupUsage);
        for (Member m : members) {
            if (m.group() != null && this.groups.containsKey(m.group())) {
                groupMembers.computeIfAbsent(m.group(), g -> new LinkedHashSet<>()).add(m.id());
            }
        }
    }

    /** No usage and no groups: a new team's. */
    static Budgets none() {
        return new Budgets(Map.of(), List.of(), Map.of(), List.of());
    }

    /** A deep copy, for stores that keep teams in memory. */
    Budgets copy(Collection<Member> members) {
        return new Budgets(usage, groups.values(), groupUsage, members);
    }

    /** What an alert is about: a member's limit, a group's cap, or the pool. */
    public enum Kind {
        LIMIT, GROUP_CAP, POOL
    }

    /**
     * One share first reached: of {@code member}'s limit (with {@code ownLimit} true when it is the one she set
     * herself), of {@code group}'s cap (by {@code member}'s consumption), or of the pool's monthly plan credits
     * ({@code used} the balance left then, {@code of} the level in credits). {@code group} is null but for a group's.
     */
    public record Alert(Kind kind, MemberId member, GroupId group, int percent, long used, long of,
            boolean ownLimit) {
    }

    /**
     * How far a member's and her group's usage had gone this month before a consumption: their peaks, and the pool's
     * balance. Taken before the consumption is applied, given to {@link #alerts} after it.
     */
    public record Before(YearMonth month, long memberPeak, long groupPeak, long balance) {
    }

    // ---- reading

    public Map<MemberId, Usage> usage() {
        return Collections.unmodifiableMap(usage);
    }

    /** What {@code member} spent (and holds) in calendar month {@code month}. */
    public long usageIn(MemberId member, YearMonth month) {
        Usage u = usage.get(member);
        return u == null ? 0 : u.in(month);
    }

    /** What {@code member} spent in the calendar month before {@code month}. */
    public long usageInMonthBefore(MemberId member, YearMonth month) {
        Usage u = usage.get(member);
        return u == null ? 0 : u.inMonthBefore(month);
    }

    /** The team's groups, in the order they were made. */
    public Collection<Group> groups() {
        return Collections.unmodifiableCollection(groups.values());
    }

    public java.util.Optional<Group> group(GroupId group) {
        return java.util.Optional.ofNullable(groups.get(group));
    }

    /** What each group's members spent, by group id (groups deleted this month among them). */
    public Map<GroupId, Usage> groupUsage() {
        return Collections.unmodifiableMap(groupUsage);
    }

    /** What the members of {@code group} spent (and hold) in calendar month {@code month}, whoever is in it now. */
    public long groupUsageIn(GroupId group, YearMonth month) {
        Usage u = groupUsage.get(group);
        return u == null ? 0 : u.in(month);
    }

    /** The members in {@code group} now. */
    public Set<MemberId> membersOf(GroupId group) {
        Set<MemberId> in = groupMembers.get(group);
        return in == null ? Set.of() : Collections.unmodifiableSet(in);
    }

    /** The group {@code member}'s spending counts against now: theirs, if they are in one; null otherwise. */
    public Group groupOf(Member member) {
        return member.group() == null ? null : groups.get(member.group());
    }

    // ---- what a member may spend

    /**
     * What {@code member} can spend in calendar month {@code month} from a pool of {@code balance}: the least of the
     * balance, what is left of their monthly limit (the owner's or an admin's, and their own) and of their group's
     * cap, and which binds.
     */
    public Spendable spendable(Member member, long balance, YearMonth month) {
        Group g = groupOf(member);
        long groupLeft = g == null ? Long.MAX_VALUE : g.cap().leftAfter(groupUsageIn(g.id(), month));
        return Spendable.of(balance, usageIn(member.id(), month), member.limit(), member.ownLimit(), groupLeft);
    }

    /**
     * Why the kernel refuses {@code member} {@code credits} more in calendar month {@code month}, whatever the rules
     * said: {@link DenialCode#MEMBER_LIMIT} past the limit that applies to her, {@link DenialCode#GROUP_CAP} past her
     * group's cap; null when both allow them. The pool is the team's to check.
     */
    public DenialCode refusal(Member member, long credits, YearMonth month) {
        MemberLimit limit = member.effectiveLimit();
        if (!limit.unlimited() && usageIn(member.id(), month) + credits > limit.credits()) {
            return DenialCode.MEMBER_LIMIT;
        }
        Group group = groupOf(member);
        if (group != null && !group.cap().unlimited()
                && groupUsageIn(group.id(), month) + credits > group.cap().credits()) {
            return DenialCode.GROUP_CAP;
        }
        return null;
    }

    /**
     * Whether {@code member} may set herself {@code own} as her monthly limit: any limit at or below the one the owner
     * or an admin set, or none of her own; never one above it, which only they can raise.
     */
    public static boolean mayLimitHerself(Member member, MemberLimit own) {
        MemberLimit set = member.limit();
        return own.unlimited() || set.unlimited() || own.credits() <= set.credits();
    }

    /** How far {@code member} and her group had gone in {@code month}, with the pool at {@code balance}. */
    public Before before(Member member, long balance, YearMonth month) {
        Group group = groupOf(member);
        return new Before(month, peakIn(usage.get(member.id()), month),
                group == null ? 0 : peakIn(groupUsage.get(group.id()), month), balance);
    }

    /**
     * The alerts one accepted consumption or reservation of {@code member} set off, in order: her limit's shares,
     * then her group's, then the pool's, each share from the lowest. {@code before} was taken before it was applied;
     * the pool now holds {@code balance}, of {@code monthlyPlanCredits} a month, and {@code owner} is told of it. The
     * shares, in percent, are the rules': {@code usageLevels} of a limit or cap, {@code poolLevels} of the monthly
     * plan credits, each from the lowest.
     */
    public List<Alert> alerts(Member member, Before before, long balance, long monthlyPlanCredits, MemberId owner,
            List<Integer> usageLevels, List<Integer> poolLevels) {
        if (usageLevels.isEmpty() && poolLevels.isEmpty()) {
            return List.of();
        }
        YearMonth month = before.month();
        List<Alert> told = new ArrayList<>(2);
        MemberLimit limit = member.effectiveLimit();
        if (!limit.unlimited()) {
            long used = usageIn(member.id(), month);
            for (int percent : usageLevels) {
                if (reached(before.memberPeak(), used, limit.credits(), percent)) {
                    told.add(new Alert(Kind.LIMIT, member.id(), null, percent, used, limit.credits(),
                            member.ownLimitApplies()));
                }
            }
        }
        Group group = groupOf(member);
        if (group != null && !group.cap().unlimited()) {
            long used = groupUsageIn(group.id(), month);
            for (int percent : usageLevels) {
                if (reached(before.groupPeak(), used, group.cap().credits(), percent)) {
                    told.add(new Alert(Kind.GROUP_CAP, member.id(), group.id(), percent, used,
                            group.cap().credits(), false));
                }
            }
        }
        if (monthlyPlanCredits > 0) {
            for (int i = poolLevels.size() - 1; i >= 0; i--) {
                // the highest share first: a consumption that empties a pool at 20 percent passes 20, then 0
                int percent = poolLevels.get(i);
                long scaled = Math.multiplyExact(monthlyPlanCredits, (long) percent);
                if (Math.multiplyExact(before.balance(), 100L) > scaled
                        && Math.multiplyExact(balance, 100L) <= scaled) {
                    told.add(new Alert(Kind.POOL, owner, null, percent, balance, Math.floorDiv(scaled, 100L),
                            false));
                }
            }
        }
        return told;
    }

    // ---- changing (by the team, which records each change in its ledger and its changes)

    /**
     * Counts {@code credits} taken at {@code month} against {@code member} and her group; answers the group counted
     * against, or null.
     */
    GroupId count(Member member, YearMonth month, long credits) {
        usage.merge(member.id(), new Usage(month, credits), (old, add) -> old.plus(month, credits));
        Group group = groupOf(member);
        if (group == null) {
            return null;
        }
        groupUsage.merge(group.id(), new Usage(month, credits), (old, add) -> old.plus(month, credits));
        return group.id();
    }

    /**
     * Takes back {@code credits} counted in {@code month} for {@code member} and against {@code group} (the group
     * they were held in, whichever the member is in now; null: none): held credits given back.
     */
    void uncount(MemberId member, GroupId group, YearMonth month, long credits) {
        usage.computeIfPresent(member, (k, u) -> u.minus(month, credits));
        if (group != null) {
            groupUsage.computeIfPresent(group, (k, u) -> u.minus(month, credits));
        }
    }

    boolean hasGroup(GroupId group) {
        return groups.containsKey(group);
    }

    void putGroup(Group group) {
        groups.put(group.id(), group);
    }

    /**
     * Removes {@code group} and answers who was in it. What it used in {@code month} stays counted under its id; a
     * usage of earlier months is let go, and then {@code usageLetGo} is true in what is answered.
     */
    Removed removeGroup(GroupId group, YearMonth month) {
        groups.remove(group);
        Set<MemberId> in = groupMembers.remove(group);
        Usage used = groupUsage.get(group);
        boolean letGo = used != null && used.in(month) == 0;
        if (letGo) {
            groupUsage.remove(group);
        }
        return new Removed(in == null ? Set.of() : in, letGo);
    }

    record Removed(Set<MemberId> members, boolean usageLetGo) {
    }

    /** {@code member} is in {@code to} (null: none) from now on, out of {@code from} (null: none). */
    void move(MemberId member, GroupId from, GroupId to) {
        if (from != null) {
            leave(from, member);
        }
        if (to != null) {
            groupMembers.computeIfAbsent(to, g -> new LinkedHashSet<>()).add(member);
        }
    }

    private void leave(GroupId group, MemberId member) {
        Set<MemberId> in = groupMembers.get(group);
        if (in != null) {
            in.remove(member);
            if (in.isEmpty()) {
                groupMembers.remove(group);
            }
        }
    }

    // ---- shares

    /** The peak of {@code usage} in {@code month}: 0 for none, or for a usage of an earlier month. */
    public static long peakIn(Usage usage, YearMonth month) {
        return usage == null ? 0 : usage.peakIn(month);
    }

    /** The least usage that is {@code percent} of {@code cap}: the share rounded up to a whole credit. */
    public static long level(long cap, int percent) {
        return -Math.floorDiv(-Math.multiplyExact(cap, (long) percent), 100L);
    }

    /**
     * Whether a usage that had peaked at {@code peakBefore} and is {@code usedAfter} now first reached {@code percent}
     * of {@code cap}. A cap of 0 is never reached: nothing can be spent under it.
     */
    static boolean reached(long peakBefore, long usedAfter, long cap, int percent) {
        long level = level(cap, percent);
        return level > 0 && peakBefore < level && usedAfter >= level;
    }

    /**
     * The highest of {@code percents} of {@code cap} that {@code used} has reached now; 0 when none has (or the cap
     * is 0). What stands now, for showing: not whether it was told.
     */
    public static int standing(long used, long cap, List<Integer> percents) {
        int highest = 0;
        for (int percent : percents) {
            long level = level(cap, percent);
            if (level > 0 && used >= level) {
                highest = Math.max(highest, percent);
            }
        }
        return highest;
    }
}
