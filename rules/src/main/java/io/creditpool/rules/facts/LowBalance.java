package io.creditpool.rules.facts;

/**
 * Whether one consumption takes the pool low: a rule sets the level it went below, and the team's owner is told
 * (0: not low).
 */
public final class LowBalance {
    private long level;

    public long getLevel() {
        return level;
    }

    public void setLevel(long level) {
        this.level = level;
    }
}
