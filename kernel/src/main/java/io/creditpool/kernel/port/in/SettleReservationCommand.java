package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.Credits;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;

/**
 * The work a reservation held credits for is done and cost {@code credits} (0 up to what the reservation holds):
 * they are spent and the rest goes back to the pool. {@code member} is who settles it: the member who reserved, the
 * owner or an admin. {@code reservation} is the request id that made it; {@code id} (may be null) makes this request
 * idempotent.
 */
public record SettleReservationCommand(TeamId team, MemberId member, RequestId reservation, long credits,
        RequestId id) {
    public SettleReservationCommand {
        Commands.required("team", team);
        Commands.required("member", member);
        Commands.required("reservation", reservation);
        if (credits < 0 || credits > Credits.MAX) {
            throw new InvalidInputException("amount", "must be a whole number of credits from 0 to " + Credits.MAX
                    + ", was " + credits);
        }
    }
}
