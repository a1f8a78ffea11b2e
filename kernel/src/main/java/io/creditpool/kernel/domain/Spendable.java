package io.creditpool.kernel.domain;

import java.util.Locale;

/**
 * What a member can spend now: {@code min(pool balance, limit left, group cap left)}, and which of them binds. Only
 * the kernel's figures count here; a rule may still refuse less (a plan's default member cap, its largest single
 * consumption).
 */
public record Spendable(long credits, Bound bound) {
    /** The figure that sets what a member can spend; on a tie, the first of these that binds. */
    public enum Bound {
        /** The monthly limit the owner or an admin set. */
        MEMBER_LIMIT,
        /** The lower monthly limit the member set themselves. */
        OWN_LIMIT,
        /** The monthly cap of the member's group. */
        GROUP_CAP,
        /** What the team's pool holds. */
        POOL;

        /** {@code member-limit}, {@code own-limit}, {@code group-cap}, {@code pool}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public Spendable {
        if (credits < 0) {
            throw new IllegalStateException("a member can spend 0 credits or more, not " + credits);
        }
        if (bound == null) {
            throw new IllegalStateException("what a member can spend names what binds it");
        }
    }

    /**
     * What a member can spend: the least of the pool's {@code balance}, what is left of their monthly {@code limit}
     * (the owner's or an admin's) and of their {@code ownLimit} after {@code usage}, and {@code groupLeft} (Long.MAX_VALUE:
     * no group, or no cap). Ties go to the limit, then the group's cap, then the pool: the admin's limit before the
     * member's own when both are the same.
     */
    public static Spendable of(long balance, long usage, MemberLimit limit, MemberLimit ownLimit, long groupLeft) {
        long best = Long.MAX_VALUE;
        Bound bound = null;
        if (!limit.unlimited()) {
            best = Math.max(0, limit.credits() - usage);
            bound = Bound.MEMBER_LIMIT;
        }
        if (!ownLimit.unlimited() && Math.max(0, ownLimit.credits() - usage) < best) {
            best = Math.max(0, ownLimit.credits() - usage);
            bound = Bound.OWN_LIMIT;
        }
        if (groupLeft < best) {
            best = groupLeft;
            bound = Bound.GROUP_CAP;
        }
        if (balance < best) {
            best = balance;
            bound = Bound.POOL;
        }
        return bound == null ? new Spendable(balance, Bound.POOL) : new Spendable(Math.max(0, best), bound);
    }
}
