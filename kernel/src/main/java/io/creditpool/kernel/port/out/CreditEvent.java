package io.creditpool.kernel.port.out;

import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.GroupId;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.Money;
import io.creditpool.kernel.domain.TeamId;

import java.time.Instant;
import java.util.List;

/**
 * What Creditpool tells the host product after a change has been stored: to email the owner, show a banner, or feed
 * its own billing. The kernel adds each event to the unit of work of the change it tells of
 * ({@link TeamUnit#publish}); the store writes it in the same transaction, into its outbox, where it gets its
 * {@link StoredEvent#id() id}. It is then handed on (to in-process listeners through the {@link EventSink} port, to
 * webhooks, to those who poll) at least once; a listener that fails does not undo the change.
 */
public sealed interface CreditEvent {
    /** Every event's type name, as {@link #type()} gives it: the names webhooks subscribe to. */
    List<String> TYPES = List.of("top-up-succeeded", "top-up-declined", "auto-top-up-paused", "low-balance",
            "top-up-pending", "top-up-recovered", "limit-approaching", "limit-reached", "group-cap-approaching",
            "group-cap-reached", "pool-low", "notice");

    TeamId team();

    Instant at();

    /** The event's type name, stable: {@code top-up-succeeded}, {@code low-balance}, ... (see {@link #TYPES}). */
    default String type() {
        if (this instanceof TopUpSucceeded) {
            return "top-up-succeeded";
        }
        if (this instanceof TopUpFailed) {
            return "top-up-declined";
        }
        if (this instanceof AutoTopUpPaused) {
            return "auto-top-up-paused";
        }
        if (this instanceof LowBalance) {
            return "low-balance";
        }
        if (this instanceof TopUpPending) {
            return "top-up-pending";
        }
        if (this instanceof LimitAlert e) {
            return e.percent() >= 100 ? "limit-reached" : "limit-approaching";
        }
        if (this instanceof GroupCapAlert e) {
            return e.percent() >= 100 ? "group-cap-reached" : "group-cap-approaching";
        }
        if (this instanceof PoolLow) {
            return "pool-low";
        }
        if (this instanceof Notice) {
            return "notice";
        }
        return "top-up-recovered";
    }

    /** The record type of the events named {@code type}; null for a name that is not an event's. */
    static Class<? extends CreditEvent> typeNamed(String type) {
        return switch (type) {
            case "top-up-succeeded" -> TopUpSucceeded.class;
            case "top-up-declined" -> TopUpFailed.class;
            case "auto-top-up-paused" -> AutoTopUpPaused.class;
            case "low-balance" -> LowBalance.class;
            case "top-up-pending" -> TopUpPending.class;
            case "top-up-recovered" -> TopUpRecovered.class;
            case "limit-approaching", "limit-reached" -> LimitAlert.class;
            case "group-cap-approaching", "group-cap-reached" -> GroupCapAlert.class;
            case "pool-low" -> PoolLow.class;
            case "notice" -> Notice.class;
            default -> null;
        };
    }

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

    /**
     * A top-up's charge was made but its outcome is not known (the processor did not answer): the purchase stays
     * pending, nothing is granted yet, and the charge is made again later with the same key (so it is paid at most
     * once). Told once per purchase, when its first charge's outcome is unknown. {@code key} names the purchase; the
     * {@link TopUpRecovered} that ends it carries the same key.
     */
    record TopUpPending(TeamId team, String key, GrantSource source, long credits, Money price, String reason,
            Instant at) implements CreditEvent {
    }

    /**
     * A purchase that had been left pending (a charge without an answer, or a stop before its charge) was completed
     * later: {@code granted} true when it was paid and its credits granted, false when it was found declined.
     * {@code attempts} counts the charges whose outcome stayed unknown before. A {@link TopUpSucceeded} or
     * {@link TopUpFailed} is told with it, as for any top-up.
     */
    record TopUpRecovered(TeamId team, String key, GrantSource source, long credits, Money price, boolean granted,
            int attempts, Instant at) implements CreditEvent {
    }

    /**
     * A member's usage this calendar month first reached {@code percent} of her monthly limit ({@code used} of
     * {@code limit} credits, held ones included): {@code limit-approaching} below 100 percent, {@code limit-reached}
     * at it. {@code ownLimit} is true when the limit is the one she set herself. Told once per share and month: held
     * credits given back and spent again do not tell it twice; a new limit is measured afresh.
     */
    record LimitAlert(TeamId team, MemberId member, int percent, long used, long limit, boolean ownLimit, Instant at)
            implements CreditEvent {
    }

    /**
     * The usage of a group this calendar month first reached {@code percent} of its monthly cap ({@code used} of
     * {@code cap}), by a consumption or reservation of {@code member}: {@code group-cap-approaching} below 100
     * percent, {@code group-cap-reached} at it. Told once per share and month, as {@link LimitAlert}.
     */
    record GroupCapAlert(TeamId team, GroupId group, MemberId member, int percent, long used, long cap, Instant at)
            implements CreditEvent {
    }

    /**
     * A consumption took the pool to {@code percent} of the monthly plan credits or below it ({@code level} credits,
     * rounded down when not whole: the most a pool that is low holds): {@code balance} credits are left. Told once per crossing, as {@link LowBalance}:
     * it takes a top-up or a refresh above the level to tell it again.
     */
    record PoolLow(TeamId team, MemberId owner, int percent, long balance, long level, Instant at)
            implements CreditEvent {
    }

    /**
     * A rule's notice on an accepted consumption or reservation of {@code member}: a {@code code} and a
     * {@code message} the rule set gave (see {@link RuleNotice}).
     */
    record Notice(TeamId team, MemberId member, String code, String message, Instant at) implements CreditEvent {
    }
}
