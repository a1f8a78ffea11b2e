package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.Decision;

public interface BuyTopUpUseCase {
    /**
     * Records the owner's purchase and hands it to the purchase workers, which charge it and grant the credits once
     * the charge succeeded; waits for that up to a configured time and answers the outcome, or
     * {@code payment-pending} when it is not known yet (the purchase then finishes in the background, and a replay of
     * the request id answers its outcome once known).
     */
    Decision buyTopUp(BuyTopUpCommand command);
}
