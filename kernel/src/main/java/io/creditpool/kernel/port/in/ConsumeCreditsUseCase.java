package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.Decision;

public interface ConsumeCreditsUseCase {
    /** Spends credits if the rules and the guarantees allow; an auto top-up it sets off has run when it returns. */
    Decision consume(ConsumeCreditsCommand command);
}
