package io.creditpool.kernel.port.out;

/**
 * The payment plugin: where a host product plugs in its card processor. Creditpool calls it for every top-up, manual
 * or automatic, after the purchase has been recorded and before any credit is granted.
 *
 * <h2>What Creditpool guarantees the plugin</h2>
 * <ul>
 *   <li>Every charge for one purchase carries the same {@link ChargeRequest#idempotencyKey()}; a new purchase always
 *       gets a new key. A charge may be made again with the same key at any time (after an unknown outcome, after a
 *       crash, from another instance), including concurrently.</li>
 *   <li>It is called outside any database transaction, from a purchase worker's thread, never from the thread of
 *       the command that ordered the purchase (an embedding that starts no worker threads calls it from
 *       {@code settlePurchases()} or from a manual top-up's own thread), so it may block; it should answer well
 *       within the workers' lease ({@code creditpool.payments.lease}, 2 minutes unless set).</li>
 *   <li>Credits are granted only after {@link ChargeResult#succeeded} and exactly once per key.</li>
 * </ul>
 *
 * <h2>What the plugin must guarantee</h2>
 * <ul>
 *   <li><b>At most one charge per key.</b> Pass the key to the processor as its idempotency key (Stripe's
 *       {@code Idempotency-Key} header, Adyen's {@code Idempotency-Key}, Braintree's order id...). A second call with
 *       the same key must answer as the first did and take nothing more.</li>
 *   <li><b>Succeeded</b> ({@link ChargeResult#succeeded(String)}) only when the money was taken; the reference is
 *       the processor's id for the charge (it is written to the ledger).</li>
 *   <li><b>Declined</b> ({@link ChargeResult#declined(String)}) only when the money was definitely not taken and will
 *       not be by this key: a card declined, insufficient funds, an expired card, a request the processor refused as
 *       invalid. The reason (the processor's decline code) reaches the owner through a
 *       {@link CreditEvent.TopUpFailed} event.</li>
 *   <li><b>Unknown</b>: in every other case (a timeout, a connection reset, a 5xx or 429 answer, an answer that
 *       cannot be read, credentials refused) throw {@link ChargeOutcomeUnknownException}. Creditpool then grants
 *       nothing, keeps the purchase pending and later (backing off from one minute to six hours) asks
 *       {@link #lookup} before it charges again with the same key, until the outcome is known. Any other runtime exception is treated the same way. A plugin may
 *       retry a few times itself before giving up, always with the same key.</li>
 *   <li>Never log or put in an exception message a secret (API keys, card data).</li>
 * </ul>
 *
 * <p>A plugin is registered in one of two ways: bound in code ({@code Creditpool.builder().payments(gateway)}, or a
 * Guice binding of this interface), or found on the classpath through {@link java.util.ServiceLoader} as a
 * {@link PaymentPlugin} and chosen by configuration ({@code creditpool.payments=NAME:SETTINGS}).
 */
public interface PaymentGateway {
    /**
     * Charges the team's saved payment method.
     *
     * @param request the team, the idempotency key, the amount in minor units of a currency, and a description for
     *                the customer's statement; all present and valid
     * @return succeeded (money taken) or declined (money definitely not taken); never null
     * @throws ChargeOutcomeUnknownException when it cannot be known whether the money was taken
     */
    ChargeResult charge(ChargeRequest request);

    /**
     * What the processor knows of the charge made for {@code request}'s purchase (found by its idempotency key as
     * stored with the charge, not by the processor's memory of the key, which may be gone), asked before any charge
     * that follows an unknown outcome. It must not charge. It must answer {@link ChargeLookup.NotFound} only when the
     * processor's answer covers every charge made so far (a list of the customer's charges, not a search index that
     * may lag); when in doubt, {@link ChargeLookup.Unknown}.
     *
     * <p>A plugin that cannot ask answers unknown (the default): Creditpool then relies on the idempotency key alone
     * and charges again with the same key, which is safe only while the processor remembers the key.
     *
     * @param request the purchase's charge, as {@link #charge} gets it (the same key, team and amount)
     * @return {@link ChargeLookup.Found} with the charge's outcome (succeeded with its reference, or declined),
     *         {@link ChargeLookup.NotFound}, or {@link ChargeLookup.Unknown}; never null, never an exception for an
     *         unanswered question (that is unknown)
     */
    default ChargeLookup lookup(ChargeRequest request) {
        return ChargeLookup.unknown("this payment plugin cannot look charges up");
    }

    /**
     * The charges the processor holds for installation {@code installation} created at or after {@code since}, for
     * reconciliation ({@code audit --payments}): every one, succeeded or not, read from a list that is complete
     * (every page; not a search index that lags), each with the purchase key and installation id stored with it
     * ({@link ChargeRequest#idempotencyKey()}, {@link ChargeRequest#installation()}), its amount and its outcome. It
     * must not charge.
     *
     * @param installation the store's installation id ({@link CreditStore#installationId()}), not empty
     * @param since        the earliest creation time wanted
     * @throws UnsupportedOperationException when the plugin cannot list them (the default)
     * @throws RuntimeException              any other, when the list could not be read whole (its message says why)
     */
    default java.util.List<ProcessorCharge> charges(String installation, java.time.Instant since) {
        throw new UnsupportedOperationException("this payment plugin cannot list its charges");
    }

    /** The charge may or may not have been made; Creditpool charges again with the same idempotency key later. */
    final class ChargeOutcomeUnknownException extends RuntimeException {
        public ChargeOutcomeUnknownException(String message, Throwable cause) {
            super(message, cause);
        }

        public ChargeOutcomeUnknownException(String message) {
            super(message);
        }
    }
}
