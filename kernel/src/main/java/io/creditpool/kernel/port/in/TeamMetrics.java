package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.BillingCycle;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.TeamId;

import java.time.Instant;
import java.util.List;

/**
 * What the workspace settings show: credits remaining with a breakdown by source and expiry, seats, and each
 * member's usage this calendar month (held credits included) against their limit; auto top-up settings, purchases
 * whose charge outcome is not known yet, and the open reservations (credits held out of the balance).
 */
public record TeamMetrics(TeamId team, String plan, BillingCycle cycle, long balance, long planCredits,
        long topUpCredits, List<GrantBalance> grants, int seatsTotal, int seatsUsed, int seatsAvailable,
        List<MemberUsage> members, AutoTopUp autoTopUp, boolean autoTopUpInFlight, int pendingPurchases,
        long topUps, long charges, List<HeldCredits> reservations) {
    public TeamMetrics {
        grants = List.copyOf(grants);
        members = List.copyOf(members);
        reservations = List.copyOf(reservations);
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

    public record MemberUsage(MemberId member, Role role, long usageThisMonth, MemberLimit limit) {
    }

    public MemberUsage member(MemberId id) {
        return members.stream().filter(m -> m.member().equals(id)).findFirst().orElse(null);
    }
}
