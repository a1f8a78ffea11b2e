package io.creditpool.kernel.port.out;

/**
 * What the rules decided for one consumption: the verdict, whether auto top-up is armed afterwards, and how
 * many credits to buy automatically now (0: none).
 */
public record ConsumptionVerdict(PolicyVerdict verdict, boolean autoTopUpArmed, long autoTopUpCredits) {
}
