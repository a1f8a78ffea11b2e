package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;

/**
 * The work a reservation held credits for will not happen: all of them go back to the pool (a settlement of 0).
 * {@code member} is the member who reserved, the owner or an admin; {@code id} may be null.
 */
public record ReleaseReservationCommand(TeamId team, MemberId member, RequestId reservation, RequestId id) {
    public ReleaseReservationCommand {
        Commands.required("team", team);
        Commands.required("member", member);
        Commands.required("reservation", reservation);
    }
}
