package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.BillingCycle;
import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;

/**
 * Creates a team on a plan with its owner. {@code billingAnchorDay} may be null: the day of the month it is
 * created on. {@code id} may be null.
 */
public record CreateTeamCommand(TeamId team, String plan, int seats, MemberId owner, Integer billingAnchorDay,
        RequestId id) {
    public static final int MAX_SEATS = 1_000_000;

    public CreateTeamCommand {
        Commands.required("team", team);
        if (plan == null || plan.isBlank()) {
            throw new InvalidInputException("plan", "is required");
        }
        if (seats < 1 || seats > MAX_SEATS) {
            throw new InvalidInputException("seats", "must be between 1 and " + MAX_SEATS + ", was " + seats);
        }
        Commands.required("owner", owner);
        if (billingAnchorDay != null) {
            BillingCycle.checkAnchorDay(billingAnchorDay);
        }
    }
}
