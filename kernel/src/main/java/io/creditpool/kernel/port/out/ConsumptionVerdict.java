package io.creditpool.kernel.port.out;

/**
 * What the rules decided for one consumption: the verdict, whether auto top-up is armed afterwards, how many
 * credits to buy automatically now (0: none), and the level the pool went below if it is now low (0: not low).
 */
public record ConsumptionVerdict(PolicyVerdict verdict, boolean autoTopUpArmed, long autoTopUpCredits,
        long lowBalanceLevel) {
    /** A verdict that says nothing of a low balance. */
    public ConsumptionVerdict(PolicyVerdict verdict, boolean autoTopUpArmed, long autoTopUpCredits) {
        this(verdict, autoTopUpArmed, autoTopUpCredits, 0);
    }
}
