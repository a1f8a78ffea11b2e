package io.creditpool.kernel.port.out;

import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Tier;

/**
 * What the rules see of one consumption: the amount, the pool, the member's month, the auto top-up settings, what
 * the team's plan grants per billing month for all its seats, and the team and member in the business's words
 * ({@code team}; null when a caller has none to give). {@code limit} is the limit the owner or an admin set,
 * {@code ownLimit} the lower one the member set themselves ({@link MemberLimit#UNLIMITED}: none), {@code group} the
 * member's group (null: none), {@code at} when the consumption is decided (null when a caller has none to give).
 */
public record ConsumptionFacts(Tier tier, long credits, long balance, long usageThisMonth, MemberLimit limit,
        AutoTopUp autoTopUp, long monthlyPlanCredits,
        TeamFacts team, MemberLimit ownLimit, GroupFacts group, java.time.Instant at) {
    public ConsumptionFacts {
        ownLimit = ownLimit == null ? MemberLimit.UNLIMITED : ownLimit;
    }

    /** Facts without the instant they are decided at. */
    public ConsumptionFacts(Tier tier, long credits, long balance, long usageThisMonth, MemberLimit limit,
            AutoTopUp autoTopUp, long monthlyPlanCredits, TeamFacts team, MemberLimit ownLimit, GroupFacts group) {
        this(tier, credits, balance, usageThisMonth, limit, autoTopUp, monthlyPlanCredits, team, ownLimit, group,
                null);
    }

    /** Facts of a member with no limit of their own and in no group. */
    public ConsumptionFacts(Tier tier, long credits, long balance, long usageThisMonth, MemberLimit limit,
            AutoTopUp autoTopUp, long monthlyPlanCredits, TeamFacts team) {
        this(tier, credits, balance, usageThisMonth, limit, autoTopUp, monthlyPlanCredits, team, null, null);
    }

    /** Facts without the team's (null). */
    public ConsumptionFacts(Tier tier, long credits, long balance, long usageThisMonth, MemberLimit limit,
            AutoTopUp autoTopUp, long monthlyPlanCredits) {
        this(tier, credits, balance, usageThisMonth, limit, autoTopUp, monthlyPlanCredits, null);
    }

    /** Facts without the monthly plan credits (0). */
    public ConsumptionFacts(Tier tier, long credits, long balance, long usageThisMonth, MemberLimit limit,
            AutoTopUp autoTopUp) {
        this(tier, credits, balance, usageThisMonth, limit, autoTopUp, 0);
    }
}
