package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.Decision;

/** A member's own monthly limit: any member may lower their own, never above the one the owner or an admin set. */
public interface SetOwnLimitUseCase {
    Decision setOwnLimit(SetOwnLimitCommand command);
}
