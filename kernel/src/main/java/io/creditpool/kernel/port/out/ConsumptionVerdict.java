package io.creditpool.kernel.port.out;

/**
 * What the rules decided for one consumption: the verdict, whether auto top-up is armed afterwards, how many
 * credits to buy automatically now (0: none), the level the pool went below if it is now low (0: not low), the
 * shares at which the plan alerts ({@code alerts}) and the notices rules gave ({@code notices}).
 *
 * <p>The level is {@code lowBalanceLevel / lowBalanceDivisor} credits, exactly: it need not be a whole number (a
 * tenth of 55 monthly credits is 5.5), and the pool is low when its balance is below it (5 is, 6 is not).
 */
public record ConsumptionVerdict(PolicyVerdict verdict, boolean autoTopUpArmed, long autoTopUpCredits,
        long lowBalanceLevel, long lowBalanceDivisor, AlertLevels alerts, java.util.List<RuleNotice> notices) {
    public ConsumptionVerdict {
        if (lowBalanceLevel < 0 || lowBalanceDivisor < 1) {
            throw new IllegalStateException("the rules set a low-balance level of " + lowBalanceLevel + "/"
                    + lowBalanceDivisor + "; a level is 0 or more credits, divided by 1 or more (rules: "
                    + verdict.rules() + ")");
        }
        alerts = alerts == null ? AlertLevels.NONE : alerts;
        notices = notices == null ? java.util.List.of() : java.util.List.copyOf(notices);
    }

    /** A verdict without alerts or notices. */
    public ConsumptionVerdict(PolicyVerdict verdict, boolean autoTopUpArmed, long autoTopUpCredits,
            long lowBalanceLevel, long lowBalanceDivisor) {
        this(verdict, autoTopUpArmed, autoTopUpCredits, lowBalanceLevel, lowBalanceDivisor, AlertLevels.NONE,
                java.util.List.of());
    }

    /** A verdict whose low-balance level, if any, is a whole number of credits. */
    public ConsumptionVerdict(PolicyVerdict verdict, boolean autoTopUpArmed, long autoTopUpCredits,
            long lowBalanceLevel) {
        this(verdict, autoTopUpArmed, autoTopUpCredits, lowBalanceLevel, 1);
    }

    /** A verdict that says nothing of a low balance. */
    public ConsumptionVerdict(PolicyVerdict verdict, boolean autoTopUpArmed, long autoTopUpCredits) {
        this(verdict, autoTopUpArmed, autoTopUpCredits, 0, 1);
    }

    /** Whether the rules named a low-balance level. */
    public boolean saysLow() {
        return lowBalanceLevel > 0;
    }

    /**
     * The low-balance level in whole credits: the least balance that is not low (the exact level rounded up, 6 for
     * 5.5). A whole balance is below the exact level exactly when it is below this one.
     */
    public long lowBalanceCredits() {
        return -Math.floorDiv(-lowBalanceLevel, lowBalanceDivisor);
    }

    /** Whether a pool holding {@code balance} credits is below the exact low-balance level. */
    public boolean lowAt(long balance) {
        return balance < lowBalanceCredits();
    }
}
