package io.creditpool.benchmarks;

import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.BillingCycle;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.GrantTerms;
import io.creditpool.kernel.domain.Money;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.port.out.AlertLevels;
import io.creditpool.kernel.port.out.ConsumptionFacts;
import io.creditpool.kernel.port.out.ConsumptionVerdict;
import io.creditpool.kernel.port.out.CreditPolicy;
import io.creditpool.kernel.port.out.PolicyVerdict;
import io.creditpool.kernel.port.out.TopUpTerms;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmarks' baseline: the policy of the shipped DRL files written as plain Java, without Drools. It gives
 * the same answers and names the same rules, in the order Drools fires them, so the two can be compared decision
 * by decision ({@code PlainJavaCreditPolicyTest} checks that they agree). Rules of equal salience fire in the order
 * Drools happens to give them here: consumption-order, auto-top-up, low-balance, member-limits, refresh-and-expiry, top-ups
 * (found by the agreement test, not a documented Drools order), then as written in each file. Not used by Creditpool itself: the DRL
 * files are the policy; this class is only as right as its agreement test.
 */
@Singleton
public final class PlainJavaCreditPolicy implements CreditPolicy {
    // refresh-and-expiry.drl
    static final String CYCLE_GRANT = "Each cycle grants the seats bought times the plan's monthly credits per seat";
    static final String PLAN_EXPIRY = "Plan credits expire at the end of their cycle";
    // low-balance.drl
    static final String LOW_BELOW_THRESHOLD =
            "The pool runs low when a consumption takes it below the auto top-up threshold";
    static final String LOW_BELOW_A_TENTH = "Without auto top-up, the pool runs low below a tenth of the monthly plan credits";
    // consumption-order.drl
    static final String OVER_POOL = "A consumption larger than the pool is more than the pool holds";
    static final String POOL_DENIES = "A team may not spend more credits than its pool holds";
    static final String ACCEPTED = "A consumption the pool covers, within the member's limit, is accepted";
    static final String PLAN_FIRST = "Plan credits are spent first, as they expire at the end of the cycle";
    static final String TOP_UPS_AFTER = "Top-up credits are spent after plan credits, oldest first";
    // member-limits.drl
    static final String OVER_LIMIT = "A consumption that takes the member past their monthly limit is over the limit";
    static final String LIMIT_DENIES = "A member may not spend past their monthly limit";
    // top-ups.drl
    static final String TOP_UP_PRICE = "A top-up costs the plan's price per credit";
    static final String TOP_UP_NEVER_EXPIRES = "Top-up credits never expire";
    // auto-top-up.drl
    static final String AUTO_ENTERPRISE_ONLY = "Auto top-up is for enterprise plans only";
    static final String AUTO_ENTERPRISE_ON = "Enterprise teams may turn on auto top-up";
    static final String AUTO_OFF = "Auto top-up may always be turned off";
    static final String AUTO_REARMS = "Auto top-up re-arms when the pool is back at or above the threshold";
    static final String AUTO_FIRES =
            "Auto top-up buys its amount once when a consumption takes the pool below the threshold";
    static final String AUTO_NEVER_EXPIRES = "Auto top-up credits never expire";
    // alert-levels.csv: both tiers tell at 80 and 100 percent of a limit or cap; no pool alerts
    static final AlertLevels SHIPPED_ALERTS = new AlertLevels(List.of(80, 100), List.of());

    /** Plan credits: seats times credits per seat, expiring at the cycle's end, spent first. */
    @Override
    public GrantTerms cycleGrant(Plan plan, int seats, BillingCycle cycle) {
        List<String> fired = new ArrayList<>(3);
        int burnPriority = 0;
        fired.add(PLAN_FIRST);
        long credits = seats * plan.monthlyCreditsPerSeat();
        fired.add(CYCLE_GRANT);
        Instant expiresAt = cycle.end();
        fired.add(PLAN_EXPIRY);
        return new GrantTerms(credits, expiresAt, burnPriority, fired);
    }

    /** Bought credits: credits at the plan's price (rounded down to the minor unit), never expiring, spent after plan credits. */
    @Override
    public TopUpTerms topUp(Plan plan, GrantSource source, long credits, Instant at) {
        List<String> fired = new ArrayList<>(3);
        int burnPriority = 100;
        fired.add(TOP_UPS_AFTER);
        boolean expirySet = false;
        if (source == GrantSource.AUTO_TOP_UP) {
            fired.add(AUTO_NEVER_EXPIRES);
            expirySet = true;
        }
        Money price = plan.price().chargeFor(credits);
        fired.add(TOP_UP_PRICE);
        if (source == GrantSource.TOP_UP) {
            fired.add(TOP_UP_NEVER_EXPIRES);
            expirySet = true;
        }
        if (!expirySet) {
            throw new IllegalStateException("no rule decided when " + source.word()
                    + " credits expire (rules fired: " + fired + ")");
        }
        return new TopUpTerms(price, new GrantTerms(credits, null, burnPriority, fired));
    }

    /** The alert levels of alert-levels.csv, alike for every shipped plan. */
    @Override
    public AlertLevels alertLevels(Plan plan) {
        return SHIPPED_ALERTS;
    }

    /** Anyone may turn auto top-up off; only enterprise teams may turn it on. */
    @Override
    public PolicyVerdict autoTopUpChange(Plan plan, AutoTopUp settings) {
        if (!settings.enabled()) {
            return PolicyVerdict.accept(List.of(AUTO_OFF));
        }
        if (!plan.tier().equals(Tier.ENTERPRISE)) {
            return PolicyVerdict.deny(DenialCode.PLAN_NOT_ELIGIBLE, List.of(AUTO_ENTERPRISE_ONLY));
        }
        return PolicyVerdict.accept(List.of(AUTO_ENTERPRISE_ON));
    }

    /**
     * The consumption phases as the DRL files order them: classify (over the pool, over the member's limit, auto
     * top-up re-arms), decide (the member's limit first, then the pool, else accept), follow-up (auto top-up fires).
     */
    @Override
    public ConsumptionVerdict consumption(ConsumptionFacts facts) {
        List<String> fired = new ArrayList<>(4);
        long credits = facts.credits();
        long balance = facts.balance();
        AutoTopUp auto = facts.autoTopUp();
        boolean autoEnabled = auto.enabled();
        boolean armed = autoEnabled && auto.armed();

        // classify
        boolean overPool = credits > balance;
        if (overPool) {
            fired.add(OVER_POOL);
        }
        if (autoEnabled && !armed && balance >= auto.threshold()) {
            armed = true;
            fired.add(AUTO_REARMS);
        }
        boolean overLimit = !facts.limit().unlimited() && facts.usageThisMonth() + credits > facts.limit().credits();
        if (overLimit) {
            fired.add(OVER_LIMIT);
        }

        // decide
        DenialCode denial = null;
        if (overLimit) {
            denial = DenialCode.MEMBER_LIMIT;
            fired.add(LIMIT_DENIES);
        }
        if (overPool) {
            if (denial == null) {
                denial = DenialCode.INSUFFICIENT_CREDITS;
            }
            fired.add(POOL_DENIES);
        }
        if (denial == null) {
            fired.add(ACCEPTED);
        }

        // follow-up
        long ordered = 0;
        if (autoEnabled && armed && denial == null && balance - credits < auto.threshold()) {
            armed = false;
            ordered = auto.amount();
            fired.add(AUTO_FIRES);
        }
        long low = 0;
        long lowDivisor = 1;
        if (denial == null && autoEnabled && balance >= auto.threshold() && balance - credits < auto.threshold()) {
            low = auto.threshold();
            fired.add(LOW_BELOW_THRESHOLD);
        }
        long monthly = facts.monthlyPlanCredits();
        if (denial == null && !autoEnabled && monthly >= 10 && balance * 10 >= monthly
                && (balance - credits) * 10 < monthly) {
            // the exact tenth, not rounded, written as the shipped rule writes it: 10 percent, monthly x 10 / 100
            low = monthly * 10;
            lowDivisor = 100;
            fired.add(LOW_BELOW_A_TENTH);
        }

        PolicyVerdict verdict = denial == null ? PolicyVerdict.accept(fired) : PolicyVerdict.deny(denial, fired);
        return new ConsumptionVerdict(verdict, autoEnabled && armed, ordered, low, lowDivisor, SHIPPED_ALERTS,
                List.of());
    }
}
