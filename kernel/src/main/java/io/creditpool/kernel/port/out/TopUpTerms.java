package io.creditpool.kernel.port.out;

import io.creditpool.kernel.domain.GrantTerms;
import io.creditpool.kernel.domain.Money;

/** What a top-up costs and the terms of the grant it buys. */
public record TopUpTerms(Money price, GrantTerms grant) {
}
