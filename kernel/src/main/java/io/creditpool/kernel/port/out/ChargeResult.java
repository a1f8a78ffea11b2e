package io.creditpool.kernel.port.out;

/**
 * How a charge ended: succeeded (the money was taken) or declined (it was not, for good).
 *
 * @param succeeded true when the money was taken
 * @param reference the processor's reference for the charge, or its decline code
 */
public record ChargeResult(boolean succeeded, String reference) {
    public static ChargeResult succeeded(String reference) {
        return new ChargeResult(true, reference);
    }

    public static ChargeResult declined(String reason) {
        return new ChargeResult(false, reason);
    }
}
