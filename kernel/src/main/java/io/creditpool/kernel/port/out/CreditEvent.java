package io.creditpool.kernel.port.out;

import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.Money;
import io.creditpool.kernel.domain.TeamId;

import java.time.Instant;

/** What Creditpool tells the host product after a change has been stored. */
public sealed interface CreditEvent {
    TeamId team();

    Instant at();

    /** A manual or automatic top-up was paid and its credits granted. */
    record TopUpSucceeded(TeamId team, GrantSource source, long credits, Money price, Instant at)
            implements CreditEvent {
    }

    /** A top-up's charge did not succeed; nothing was granted. {@code owner} is told, to act on it. */
    record TopUpFailed(TeamId team, GrantSource source, long credits, Money price, MemberId owner, String reason,
            Instant at) implements CreditEvent {
    }
}
