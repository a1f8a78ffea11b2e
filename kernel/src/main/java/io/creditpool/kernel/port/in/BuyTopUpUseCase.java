package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.Decision;

public interface BuyTopUpUseCase {
    /** Charges the owner and grants the credits once the charge succeeded; returns when both are done. */
    Decision buyTopUp(BuyTopUpCommand command);
}
