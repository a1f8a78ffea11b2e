package io.creditpool.kernel.domain;

/**
 * A team's auto top-up settings: when enabled, a consumption that takes the pool below {@code threshold}
 * buys {@code amount} credits once. {@code armed} is false after it fired, until the pool is back at or above
 * the threshold; {@code inFlight} is true while its charge is being made.
 */
public record AutoTopUp(boolean enabled, long threshold, long amount, boolean armed, boolean inFlight) {
    public static final AutoTopUp OFF = new AutoTopUp(false, 0, 0, false, false);

    /** New settings as an owner or admin gives them; armed at once. */
    public static AutoTopUp configured(boolean enabled, long threshold, long amount) {
        if (!enabled) {
            return OFF;
        }
        return new AutoTopUp(true, Credits.positive("threshold", threshold), Credits.positive("amount", amount), true,
                false);
    }

    public AutoTopUp withArmed(boolean nowArmed) {
        return new AutoTopUp(enabled, threshold, amount, nowArmed, inFlight);
    }

    public AutoTopUp withInFlight(boolean nowInFlight) {
        return new AutoTopUp(enabled, threshold, amount, armed, nowInFlight);
    }

    /** The same settings, keeping the run-time state (armed, in flight) of {@code previous}. */
    public AutoTopUp keepingStateOf(AutoTopUp previous) {
        return new AutoTopUp(enabled, threshold, amount, enabled && armed, previous.inFlight);
    }
}
