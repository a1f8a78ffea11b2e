package io.creditpool.kernel.port.out;

import io.creditpool.kernel.domain.Money;
import io.creditpool.kernel.domain.TeamId;

/**
 * One charge to make on the team's saved payment method.
 *
 * @param team           the team to charge (required)
 * @param idempotencyKey the purchase's key, the same for every charge of one purchase and never reused by another;
 *                       a processor must charge at most once per key (required). A plugin stores it with the charge
 *                       at the processor too (Stripe's {@code metadata}), so that {@link PaymentGateway#lookup} and
 *                       {@link PaymentGateway#charges} find the charge after the processor has forgotten the key
 * @param amount         what to charge, in minor units of a currency (required, at least 0)
 * @param description    words for the customer's statement and receipts (required, may be empty)
 * @param installation   the id of the Creditpool store that ordered the charge, made when the store was created (it
 *                       is part of the key as well); a plugin stores it with the charge, so that reconciliation finds
 *                       this store's charges (empty for a store without one)
 */
public record ChargeRequest(TeamId team, String idempotencyKey, Money amount, String description,
        String installation) {
    public ChargeRequest {
        installation = installation == null ? "" : installation;
    }

    /** A charge from a store without an installation id. */
    public ChargeRequest(TeamId team, String idempotencyKey, Money amount, String description) {
        this(team, idempotencyKey, amount, description, "");
    }
}
