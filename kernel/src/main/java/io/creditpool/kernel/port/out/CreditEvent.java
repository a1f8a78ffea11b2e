package io.creditpool.kernel.port.out;

import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.Money;
import io.creditpool.kernel.domain.TeamId;

import java.time.Instant;

/**
 * What Creditpool tells the host product after a change has been stored: to email the owner, show a banner, or feed
 * its own billing. Published through the {@link EventSink} port once the change is committed; a listener that fails
 * does not undo the change.
 */
public sealed interface CreditEvent {
    TeamId team();

    Instant at();

    /** A manual or automatic top-up was paid and its credits granted. */
    record TopUpSucceeded(TeamId team, GrantSource source, long credits, Money price, Instant at)
            implements CreditEvent {
    }

    /**
     * A top-up's charge was declined; nothing was granted. {@code owner} is told, to act on it (update the card, or
     * buy by hand). {@code reason} is the processor's decline code or words.
     */
    record TopUpFailed(TeamId team, GrantSource source, long credits, Money price, MemberId owner, String reason,
            Instant at) implements CreditEvent {
    }

    /**
     * Auto top-up stopped buying after {@code declines} declined charges in a row. It resumes when the owner or an
     * admin configures it again, or when the owner buys a top-up that is paid. {@code owner} is told.
     */
    record AutoTopUpPaused(TeamId team, MemberId owner, int declines, String lastReason, Instant at)
            implements CreditEvent {
    }

    /**
     * A consumption took the pool below the level the rules call low: {@code balance} credits are left. Told once
     * per crossing, not on every consumption below the level. {@code level} is that level in whole credits, rounded
     * up when the rules' level is not whole: the least balance that is not low (6 for 5.5, a tenth of 55).
     */
    record LowBalance(TeamId team, MemberId owner, long balance, long level, Instant at) implements CreditEvent {
    }
}
