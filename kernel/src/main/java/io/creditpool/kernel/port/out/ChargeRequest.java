package io.creditpool.kernel.port.out;

import io.creditpool.kernel.domain.Money;
import io.creditpool.kernel.domain.TeamId;

/**
 * One charge to make on the team's saved payment method.
 *
 * @param team           the team to charge (required)
 * @param idempotencyKey unique per purchase intent; a processor must charge at most once per key (required)
 * @param amount         what to charge, in minor units of a currency (required, at least 0)
 * @param description    words for the customer's statement and receipts (required, may be empty)
 */
public record ChargeRequest(TeamId team, String idempotencyKey, Money amount, String description) {
}
