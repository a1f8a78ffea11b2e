package io.creditpool.kernel.port.out;

import io.creditpool.kernel.domain.Money;
import io.creditpool.kernel.domain.TeamId;

/**
 * One charge to make on the team's saved payment method.
 *
 * @param team           the team to charge (required)
 * @param idempotencyKey unique per charge attempt chain of one purchase; a processor must charge at most once per
 *                       key (required). It is the purchase's key for the first chain, and a new key derived from it
 *                       only after a {@link PaymentGateway#lookup lookup} found that nothing was taken
 * @param amount         what to charge, in minor units of a currency (required, at least 0)
 * @param description    words for the customer's statement and receipts (required, may be empty)
 * @param purchase       the purchase's key, the same for every charge of one purchase: a plugin stores it with the
 *                       charge at the processor (Stripe's {@code metadata}) so that {@link PaymentGateway#lookup}
 *                       and {@link PaymentGateway#charges} find it (required; the idempotency key when not given)
 * @param installation   the id of the Creditpool store that ordered the charge, made when the store was created; a
 *                       plugin stores it with the charge too, so that reconciliation finds this store's charges and
 *                       two stores never share a charge (may be empty for a store that has none)
 */
public record ChargeRequest(TeamId team, String idempotencyKey, Money amount, String description, String purchase,
        String installation) {
    public ChargeRequest {
        purchase = purchase == null ? idempotencyKey : purchase;
        installation = installation == null ? "" : installation;
    }

    /** A charge whose purchase key is its idempotency key, from a store without an installation id. */
    public ChargeRequest(TeamId team, String idempotencyKey, Money amount, String description) {
        this(team, idempotencyKey, amount, description, idempotencyKey, "");
    }
}
