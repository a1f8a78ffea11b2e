package io.creditpool.kernel.port.out;

import io.creditpool.kernel.domain.Money;

import java.time.Instant;

/**
 * One charge as the processor holds it, for reconciliation against the ledger.
 *
 * @param reference    the processor's id for the charge
 * @param purchase     the purchase's key stored with it ({@link ChargeRequest#idempotencyKey()})
 * @param installation the installation id stored with it
 * @param amount       the amount charged
 * @param succeeded    whether the money was taken
 * @param at           when the processor created it
 */
public record ProcessorCharge(String reference, String purchase, String installation, Money amount, boolean succeeded,
        Instant at) {
}
