package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.BillingCycle;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.GroupCap;
import io.creditpool.kernel.domain.GroupId;
import io.creditpool.kernel.domain.Spendable;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.TeamId;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * What the workspace settings show: credits remaining with a breakdown by source and expiry, seats, and each
 * member's usage this calendar month (held credits included) against their limits, their group and what they can
 * spend; auto top-up settings, purchases whose charge outcome is not known yet, the open reservations (credits held
 * out of the balance), and each group's usage this calendar month against its cap.
 */
public record TeamMetrics(TeamId team, String plan, BillingCycle cycle, long balance, long planCredits,
        long topUpCredits, List<GrantBalance> grants, int seatsTotal, int seatsUsed, int seatsAvailable,
        List<MemberUsage> members, AutoTopUp autoTopUp, boolean autoTopUpInFlight, int pendingPurchases,
        long topUps, long charges, List<HeldCredits> reservations, List<GroupUsage> groups) {
    public TeamMetrics {
        grants = List.copyOf(grants);
        members = List.copyOf(members);
        reservations = List.copyOf(reservations);
        groups = List.copyOf(groups);
    }

    /** Metrics of a team without groups. */
    public TeamMetrics(TeamId team, String plan, BillingCycle cycle, long balance, long planCredits,
            long topUpCredits, List<GrantBalance> grants, int seatsTotal, int seatsUsed, int seatsAvailable,
            List<MemberUsage> members, AutoTopUp autoTopUp, boolean autoTopUpInFlight, int pendingPurchases,
            long topUps, long charges, List<HeldCredits> reservations) {
        this(team, plan, cycle, balance, planCredits, topUpCredits, grants, seatsTotal, seatsUsed, seatsAvailable,
                members, autoTopUp, autoTopUpInFlight, pendingPurchases, topUps, charges, reservations, List.of());
    }

    /** Metrics of a team without open reservations. */
    public TeamMetrics(TeamId team, String plan, BillingCycle cycle, long balance, long planCredits,
            long topUpCredits, List<GrantBalance> grants, int seatsTotal, int seatsUsed, int seatsAvailable,
            List<MemberUsage> members, AutoTopUp autoTopUp, boolean autoTopUpInFlight, int pendingPurchases,
            long topUps, long charges) {
        this(team, plan, cycle, balance, planCredits, topUpCredits, grants, seatsTotal, seatsUsed, seatsAvailable,
                members, autoTopUp, autoTopUpInFlight, pendingPurchases, topUps, charges, List.of());
    }

    /** One open reservation: the credits it holds for a member until it is settled, released or expires. */
    public record HeldCredits(RequestId reservation, MemberId member, long credits, Instant reservedAt,
            Instant expiresAt) {
    }

    /** Credits held by open reservations, out of the balance. */
    public long held() {
        return reservations.stream().mapToLong(HeldCredits::credits).sum();
    }

    /** Credits held by {@code member}'s open reservations. */
    public long heldBy(MemberId member) {
        return reservations.stream().filter(r -> r.member().equals(member)).mapToLong(HeldCredits::credits).sum();
    }

    /** What is left of one grant, and when it expires (null: never). */
    public record GrantBalance(long grantId, GrantSource source, long remaining, Instant expiresAt) {
    }

    /**
     * A member's usage this calendar month, the monthly limit the owner or an admin set ({@code limit}) and the one
     * they set themselves ({@code ownLimit}; unlimited: none), their group ({@code group}; null: none) and what they
     * can spend now ({@code spendable}: the least of the pool, what is left of their limit and of their group's
     * cap, and which of them binds).
     */
    public record MemberUsage(MemberId member, Role role, long usageThisMonth, MemberLimit limit,
            MemberLimit ownLimit, GroupId group, Spendable spendable) {
        public MemberUsage {
            ownLimit = ownLimit == null ? MemberLimit.UNLIMITED : ownLimit;
        }

        /** A member with no limit of their own, in no group, whose spendable credits are not known (null). */
        public MemberUsage(MemberId member, Role role, long usageThisMonth, MemberLimit limit) {
            this(member, role, usageThisMonth, limit, MemberLimit.UNLIMITED, null, null);
        }

        /** The limit that applies: the lower of {@code limit} and {@code ownLimit}. */
        public MemberLimit effectiveLimit() {
            return new io.creditpool.kernel.domain.Member(member, role, limit, ownLimit, group).effectiveLimit();
        }
    }

    /**
     * A group's usage this calendar month (what its members spent and hold while in it, whoever is in it now), its
     * monthly cap, and how many members are in it.
     */
    public record GroupUsage(GroupId group, String name, GroupCap cap, long usageThisMonth, int members) {
        /** What is left of the cap this month (0 when it is reached or passed); empty when the group has no cap. */
        public OptionalLong left() {
            return cap.unlimited() ? OptionalLong.empty() : OptionalLong.of(cap.leftAfter(usageThisMonth));
        }
    }

    public MemberUsage member(MemberId id) {
        return members.stream().filter(m -> m.member().equals(id)).findFirst().orElse(null);
    }

    /** The group {@code id}, or null when the team has none of that id. */
    public GroupUsage group(GroupId id) {
        return groups.stream().filter(g -> g.group().equals(id)).findFirst().orElse(null);
    }

    /** The owner and the admins: who can raise a member's limit or a group's cap. */
    public List<MemberUsage> managers() {
        return members.stream().filter(m -> m.role().manages()).toList();
    }
}
