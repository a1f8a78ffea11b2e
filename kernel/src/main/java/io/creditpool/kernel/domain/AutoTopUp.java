package io.creditpool.kernel.domain;

/**
 * A team's auto top-up: its settings and where it stands.
 *
 * <p>When enabled, a consumption that takes the pool below {@code threshold} buys {@code amount} credits once.
 * {@code armed} is false after it fired, until the pool is back at or above the threshold or the purchase was
 * declined (the next consumption below the threshold then tries again).
 *
 * <p>Safety, whatever the rules say: never two automatic purchases in flight for one team; at most
 * {@code monthlyCap} (minor units of the plan's currency, null for no cap) spent on them in one billing month
 * ({@code spentThisCycle} so far); and after {@link #DECLINES_BEFORE_PAUSE} declines in a row it is {@code paused}
 * (buys nothing) until the owner or an admin configures it again or the owner buys a top-up that succeeds.
 *
 * @param declines consecutive declined automatic purchases
 */
public record AutoTopUp(boolean enabled, long threshold, long amount, boolean armed, Long monthlyCap,
        long spentThisCycle, int declines, boolean paused) {
    public static final AutoTopUp OFF = new AutoTopUp(false, 0, 0, false, null, 0, 0, false);
    /** Declined automatic purchases in a row after which auto top-up pauses. */
    public static final int DECLINES_BEFORE_PAUSE = 3;

    /** Settings without a spending cap, armed, nothing spent. */
    public AutoTopUp(boolean enabled, long threshold, long amount, boolean armed) {
        this(enabled, threshold, amount, armed, null, 0, 0, false);
    }

    /** New settings as an owner or admin gives them, without a monthly cap; armed at once. */
    public static AutoTopUp configured(boolean enabled, long threshold, long amount) {
        return configured(enabled, threshold, amount, null);
    }

    /** New settings as an owner or admin gives them; armed at once. {@code monthlyCap} null: no cap. */
    public static AutoTopUp configured(boolean enabled, long threshold, long amount, Long monthlyCap) {
        if (!enabled) {
            return OFF;
        }
        if (monthlyCap != null && monthlyCap <= 0) {
            throw new InvalidInputException("monthly_cap", "must be positive (or absent for no cap), was "
                    + monthlyCap);
        }
        return new AutoTopUp(true, Credits.positive("threshold", threshold), Credits.positive("amount", amount), true,
                monthlyCap, 0, 0, false);
    }

    public AutoTopUp withArmed(boolean nowArmed) {
        return new AutoTopUp(enabled, threshold, amount, enabled && nowArmed, monthlyCap, spentThisCycle, declines,
                paused);
    }

    /**
     * These settings replacing {@code previous}: a newly enabled auto top-up is armed; one that was already on keeps
     * its armed state, so saving the settings again never buys a second time for the same crossing. What was spent
     * this billing month still counts against the cap whatever the change (turned off, on again, changed): only a
     * new billing month starts from nothing ({@link #newMonth}), so switching auto top-up off and on never lifts the
     * cap. A pause ends (the owner or an admin has looked at it).
     */
    public AutoTopUp replacing(AutoTopUp previous) {
        if (!enabled) {
            return previous.spentThisCycle == 0 ? OFF
                    : new AutoTopUp(false, 0, 0, false, null, previous.spentThisCycle, 0, false);
        }
        boolean wasOn = previous.enabled;
        return new AutoTopUp(true, threshold, amount, !wasOn || previous.armed || previous.paused, monthlyCap,
                previous.spentThisCycle, 0, false);
    }

    /** Whether an automatic purchase costing {@code price} minor units stays within the monthly cap. */
    public boolean withinCap(long price) {
        return monthlyCap == null || spentThisCycle + price <= monthlyCap;
    }

    /** After an automatic purchase of {@code price} succeeded: counted against the cap; the decline run ends. */
    public AutoTopUp paid(long price) {
        return new AutoTopUp(enabled, threshold, amount, armed, monthlyCap, spentThisCycle + price, 0, false);
    }

    /** After any top-up was paid by the owner: the decline run ends and a pause is lifted. */
    public AutoTopUp ownerPaid() {
        return new AutoTopUp(enabled, threshold, amount, armed || paused, monthlyCap, spentThisCycle, 0, false);
    }

    /** After an automatic purchase was declined: tries again on the next consumption below the threshold, or pauses. */
    public AutoTopUp declined() {
        int run = declines + 1;
        boolean pause = enabled && run >= DECLINES_BEFORE_PAUSE;
        return new AutoTopUp(enabled, threshold, amount, enabled && !pause, monthlyCap, spentThisCycle, run, pause);
    }

    /** At the start of a billing month: nothing spent yet. */
    public AutoTopUp newMonth() {
        return new AutoTopUp(enabled, threshold, amount, armed, monthlyCap, 0, declines, paused);
    }
}
