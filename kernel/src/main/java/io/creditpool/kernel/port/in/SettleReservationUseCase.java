package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.Decision;

/**
 * Ending a reservation: only the member who reserved, the owner or an admin may, once. A reservation neither
 * settled nor released by its expiry releases itself.
 */
public interface SettleReservationUseCase {
    /** Spends the work's real cost out of the held credits and gives the rest back to the pool. */
    Decision settle(SettleReservationCommand command);

    /** Gives all the held credits back to the pool. */
    Decision release(ReleaseReservationCommand command);
}
