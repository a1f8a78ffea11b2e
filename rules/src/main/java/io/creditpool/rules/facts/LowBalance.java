package io.creditpool.rules.facts;

/**
 * Whether one consumption takes the pool low: a rule sets the level it went below, and the team's owner is told
 * (0: not low). The level is {@code level / divisor} credits exactly, so it need not be whole:
 * {@code setLevel(monthly, 10)} is a tenth of {@code monthly}, 5.5 for 55, and the pool is low below it.
 */
public final class LowBalance {
    private long level;
    private long divisor = 1;

    public long getLevel() {
        return level;
    }

    /** Divides {@link #getLevel()}: 1 for a whole level. */
    public long getDivisor() {
        return divisor;
    }

    /** A level of {@code level} whole credits. */
    public void setLevel(long level) {
        this.level = level;
        this.divisor = 1;
    }

    /** A level of {@code level / divisor} credits, exactly (not rounded). */
    public void setLevel(long level, long divisor) {
        this.level = level;
        this.divisor = divisor;
    }
}
