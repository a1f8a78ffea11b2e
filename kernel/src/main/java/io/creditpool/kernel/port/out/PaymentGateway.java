package io.creditpool.kernel.port.out;

/**
 * The payment plugin: charges a team's saved payment method for a top-up.
 *
 * <p>Contract: {@link #charge} returns {@link ChargeResult#succeeded} only when the money was taken and
 * {@link ChargeResult#declined} only when it was definitely not taken. A charge made again with the same
 * idempotency key must not take the money twice; it must answer as the first charge did. When the outcome is
 * unknown (a timeout, a lost connection), the plugin throws {@link ChargeOutcomeUnknownException}; Creditpool
 * then grants nothing and may retry later with the same key.
 */
public interface PaymentGateway {
    ChargeResult charge(ChargeRequest request);

    /** The charge may or may not have been made; retry with the same idempotency key to learn which. */
    final class ChargeOutcomeUnknownException extends RuntimeException {
        public ChargeOutcomeUnknownException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
