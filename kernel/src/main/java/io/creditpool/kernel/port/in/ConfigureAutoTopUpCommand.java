package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;

/**
 * An owner or admin turns auto top-up on (with a threshold and an amount, both positive, and optionally a monthly
 * spending cap in minor units of the plan's currency, positive, null for none) or off (the rest is then ignored).
 */
public record ConfigureAutoTopUpCommand(TeamId team, MemberId by, boolean enabled, long threshold, long amount,
        Long monthlyCap, RequestId id) {
    public ConfigureAutoTopUpCommand {
        Commands.required("team", team);
        Commands.required("by", by);
        AutoTopUp.configured(enabled, threshold, amount, monthlyCap);
    }

    /** Settings without a monthly spending cap. */
    public ConfigureAutoTopUpCommand(TeamId team, MemberId by, boolean enabled, long threshold, long amount,
            RequestId id) {
        this(team, by, enabled, threshold, amount, null, id);
    }

    public AutoTopUp settings() {
        return AutoTopUp.configured(enabled, threshold, amount, monthlyCap);
    }

    /** The command's content, as compared when its request id is replayed; the same as before caps existed. */
    @Override
    public String toString() {
        return "ConfigureAutoTopUpCommand[team=" + team + ", by=" + by + ", enabled=" + enabled + ", threshold="
                + threshold + ", amount=" + amount + (monthlyCap == null ? "" : ", monthlyCap=" + monthlyCap)
                + ", id=" + id + "]";
    }
}
