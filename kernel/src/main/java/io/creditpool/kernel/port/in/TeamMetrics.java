package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.BillingCycle;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.TeamId;

import java.time.Instant;
import java.util.List;

/**
 * What the workspace settings show: credits remaining with a breakdown by source and expiry, seats, and each
 * member's usage this calendar month against their limit; auto top-up settings, and purchases whose charge
 * outcome is not known yet.
 */
public record TeamMetrics(TeamId team, String plan, BillingCycle cycle, long balance, long planCredits,
        long topUpCredits, List<GrantBalance> grants, int seatsTotal, int seatsUsed, int seatsAvailable,
        List<MemberUsage> members, AutoTopUp autoTopUp, boolean autoTopUpInFlight, int pendingPurchases,
        long topUps, long charges) {

    /** What is left of one grant, and when it expires (null: never). */
    public record GrantBalance(long grantId, GrantSource source, long remaining, Instant expiresAt) {
    }

    public record MemberUsage(MemberId member, Role role, long usageThisMonth, MemberLimit limit) {
    }

    public MemberUsage member(MemberId id) {
        return members.stream().filter(m -> m.member().equals(id)).findFirst().orElse(null);
    }
}
