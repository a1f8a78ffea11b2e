package io.creditpool.kernel.port.out;

import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.BillingCycle;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.GrantTerms;
import io.creditpool.kernel.domain.Plan;

import java.time.Instant;

/**
 * The business policy: how many plan credits a cycle brings and when credits expire, what a top-up costs,
 * who may have auto top-up and when it fires, which consumptions are within the member's limit and the pool.
 * The kernel applies what it decides and still guards the guarantees whatever it says.
 */
public interface CreditPolicy {
    /** The plan credits a team of {@code seats} seats gets for {@code cycle}, and their expiry. */
    GrantTerms cycleGrant(Plan plan, int seats, BillingCycle cycle);

    /** The price of {@code credits} bought as {@code source} (a top-up or an auto top-up) and their grant terms. */
    TopUpTerms topUp(Plan plan, GrantSource source, long credits, Instant at);

    /** Whether a team on {@code plan} may have these auto top-up settings. */
    PolicyVerdict autoTopUpChange(Plan plan, AutoTopUp settings);

    /** Whether a member may spend credits now, and what auto top-up does after it. */
    ConsumptionVerdict consumption(ConsumptionFacts facts);

    /**
     * The shares at which a team on {@code plan} is alerted (the same a consumption's verdict carries), for showing
     * which alerts stand now; none for a policy that names none.
     */
    default AlertLevels alertLevels(Plan plan) {
        return AlertLevels.NONE;
    }

    /**
     * The version of the rule set this policy decides with now (during a command, the one the command started
     * with), which every decision records; {@code ""} for a policy that has no versions.
     */
    default String version() {
        return "";
    }
}
