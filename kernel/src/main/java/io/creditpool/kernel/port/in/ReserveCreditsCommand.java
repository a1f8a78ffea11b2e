package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.Credits;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Reservation;
import io.creditpool.kernel.domain.TeamId;

import java.time.Duration;

/**
 * A member holds credits for a long piece of work before its cost is known, decided like a consumption of
 * {@code credits}. {@code holdFor} is how long they are held unless settled or released first: null for
 * {@link Reservation#DEFAULT_HOLD}, at most {@link Reservation#LONGEST_HOLD}. {@code id} is required: it makes the
 * request idempotent and names the reservation to settle or release.
 */
public record ReserveCreditsCommand(TeamId team, MemberId member, long credits, Duration holdFor, RequestId id) {
    public ReserveCreditsCommand {
        Commands.required("team", team);
        Commands.required("member", member);
        Credits.positive("amount", credits);
        holdFor = Reservation.hold(holdFor);
        Commands.required("id", id);
    }
}
