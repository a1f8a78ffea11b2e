package io.creditpool.kernel.domain;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * What a member may spend and when a team is told before a limit bites, in one place: a member's monthly limit (the
 * owner's or an admin's, and her own), her group's cap, the pool, and the alert levels the rules set for the plan.
 *
 * <p>An alert is told when a consumption or reservation first takes a usage to a share of its limit in a calendar
 * month: the usage before it is measured by its peak, so held credits given back and spent again do not tell the
 * same share twice, and a replayed request (answered from its stored decision) tells nothing. The team's commands
 * are serialized, and the peak is stored with the usage in the same transaction as the events, so races and restarts
 * cannot tell a share twice either.
 */
public final class Budgets {
    private Budgets() {
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

    /** The peak of {@code usage} in {@code month}: 0 for none, or for a usage of an earlier month. */
    public static long peakIn(Usage usage, YearMonth month) {
        return usage == null ? 0 : usage.peakIn(month);
    }

    /**
     * The alerts one accepted consumption or reservation of {@code member} sets off, in order: her limit's shares,
     * then her group's, then the pool's, each share from the lowest. {@code memberPeak} and {@code groupPeak} are the
     * peaks of the usages before it, {@code balanceBefore} the pool's balance before it; the team holds what it
     * changed already.
     */
    public static List<Alert> alerts(Team team, Member member, Group group, YearMonth month, long memberPeak,
            long groupPeak, long balanceBefore, long monthlyPlanCredits, List<Integer> usageLevels,
            List<Integer> poolLevels) {
        if (usageLevels.isEmpty() && poolLevels.isEmpty()) {
            return List.of();
        }
        List<Alert> told = new ArrayList<>(2);
        MemberLimit limit = member.effectiveLimit();
        if (!limit.unlimited()) {
            long used = team.usageIn(member.id(), month);
            for (int percent : usageLevels) {
                if (reached(memberPeak, used, limit.credits(), percent)) {
                    told.add(new Alert(Kind.LIMIT, member.id(), null, percent, used, limit.credits(),
                            member.ownLimitApplies()));
                }
            }
        }
        if (group != null && !group.cap().unlimited()) {
            long used = team.groupUsageIn(group.id(), month);
            for (int percent : usageLevels) {
                if (reached(groupPeak, used, group.cap().credits(), percent)) {
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
                if (Math.multiplyExact(balanceBefore, 100L) > scaled
                        && Math.multiplyExact(team.balance(), 100L) <= scaled) {
                    told.add(new Alert(Kind.POOL, team.owner().id(), null, percent, team.balance(),
                            Math.floorDiv(scaled, 100L), false));
                }
            }
        }
        return told;
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
