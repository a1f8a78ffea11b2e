package io.creditpool.kernel.port.out;

import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Tier;

/** What the rules see of one consumption: the amount, the pool, the member's month and the auto top-up settings. */
public record ConsumptionFacts(Tier tier, long credits, long balance, long usageThisMonth, MemberLimit limit,
        AutoTopUp autoTopUp) {
}
