package io.creditpool.kernel.domain;

/**
 * A team's auto top-up settings: when enabled, a consumption that takes the pool below {@code threshold}
 * buys {@code amount} credits once. {@code armed} is false after it fired, until the pool is back at or above
 * the threshold.
 */
public record AutoTopUp(boolean enabled, long threshold, long amount, boolean armed) {
    public static final AutoTopUp OFF = new AutoTopUp(false, 0, 0, false);

    /** New settings as an owner or admin gives them; armed at once. */
    public static AutoTopUp configured(boolean enabled, long threshold, long amount) {
        if (!enabled) {
            return OFF;
        }
        return new AutoTopUp(true, Credits.positive("threshold", threshold), Credits.positive("amount", amount), true);
    }

    public AutoTopUp withArmed(boolean nowArmed) {
        return new AutoTopUp(enabled, threshold, amount, enabled && nowArmed);
    }

    /**
     * These settings replacing {@code previous}: a newly enabled auto top-up is armed; one that was already on keeps
     * its armed state, so saving the settings again never buys a second time for the same crossing.
     */
    public AutoTopUp replacing(AutoTopUp previous) {
        return withArmed(!previous.enabled || previous.armed);
    }
}
