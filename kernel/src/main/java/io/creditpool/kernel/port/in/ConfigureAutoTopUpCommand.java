package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;

/**
 * An owner or admin turns auto top-up on (with a threshold and an amount, both positive) or off (threshold and
 * amount are then ignored).
 */
public record ConfigureAutoTopUpCommand(TeamId team, MemberId by, boolean enabled, long threshold, long amount,
        RequestId id) {
    public ConfigureAutoTopUpCommand {
        Commands.required("team", team);
        Commands.required("by", by);
        AutoTopUp.configured(enabled, threshold, amount);
    }

    public AutoTopUp settings() {
        return AutoTopUp.configured(enabled, threshold, amount);
    }
}
