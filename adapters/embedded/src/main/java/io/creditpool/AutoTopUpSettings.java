package io.creditpool;

import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpCommand;

import java.util.Objects;

/**
 * A team's auto top-up as an owner or admin sets it, for {@link ActingMember#configureAutoTopUp}: on
 * ({@code below(200).buy(1000)}: whenever the pool falls below 200 credits, buy 1,000; {@code .monthlyCap(5_000)}
 * spends at most that, in minor units of the plan's currency, on them per billing month) or {@link #off()}. Auto
 * top-up is for enterprise plans; the kernel and the rules decide who may set it and on which plan. A value: each step
 * answers a new one. The amount is required when it is on: without it the command throws
 * {@link InvalidInputException} {@code amount: is required}.
 */
public final class AutoTopUpSettings {
    private static final AutoTopUpSettings OFF = new AutoTopUpSettings(false, 0, null, null);

    private final boolean enabled;
    private final long threshold;
    private final Long amount;
    private final Long monthlyCap;

    private AutoTopUpSettings(boolean enabled, long threshold, Long amount, Long monthlyCap) {
        this.enabled = enabled;
        this.threshold = threshold;
        this.amount = amount;
        this.monthlyCap = monthlyCap;
    }

    /** Auto top-up on, buying when a consumption takes the pool below {@code threshold} credits. */
    public static AutoTopUpSettings below(long threshold) {
        return new AutoTopUpSettings(true, threshold, null, null);
    }

    /** Auto top-up off (what was spent on it this billing month still counts against a cap set later). */
    public static AutoTopUpSettings off() {
        return OFF;
    }

    /** The credits each automatic top-up buys. Required when auto top-up is on. */
    public AutoTopUpSettings buy(long credits) {
        return new AutoTopUpSettings(enabled, threshold, credits, monthlyCap);
    }

    /** At most this much (minor units of the plan's currency, cents for USD) spent on auto top-ups per billing month. */
    public AutoTopUpSettings monthlyCap(long minorUnits) {
        return new AutoTopUpSettings(enabled, threshold, amount, minorUnits);
    }

    /** The command record these settings stand for, given by {@code by} for {@code team}. */
    ConfigureAutoTopUpCommand command(TeamId team, MemberId by, RequestId id) {
        if (!enabled) {
            return new ConfigureAutoTopUpCommand(team, by, false, 0, 0, null, id);
        }
        // a number in the command, which cannot tell "not given" from a wrong amount
        FluentIds.required("amount", amount);
        return new ConfigureAutoTopUpCommand(team, by, true, threshold, amount, monthlyCap, id);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AutoTopUpSettings s && enabled == s.enabled && threshold == s.threshold
                && Objects.equals(amount, s.amount) && Objects.equals(monthlyCap, s.monthlyCap);
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, threshold, amount, monthlyCap);
    }

    @Override
    public String toString() {
        return enabled ? "AutoTopUpSettings[below=" + threshold + ", buy=" + amount + ", monthlyCap=" + monthlyCap + "]"
                : "AutoTopUpSettings[off]";
    }
}
