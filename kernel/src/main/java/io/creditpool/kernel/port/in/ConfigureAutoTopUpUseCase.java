package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.Decision;

public interface ConfigureAutoTopUpUseCase {
    Decision configureAutoTopUp(ConfigureAutoTopUpCommand command);
}
