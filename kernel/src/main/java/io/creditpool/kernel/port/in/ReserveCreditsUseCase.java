package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.Decision;

public interface ReserveCreditsUseCase {
    /**
     * Holds credits if the rules and the guarantees allow, exactly as they would a consumption of the same amount:
     * held credits leave the balance and count in the member's usage until the reservation ends. An auto top-up it
     * sets off has run when it returns.
     */
    Decision reserve(ReserveCreditsCommand command);
}
