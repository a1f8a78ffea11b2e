package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.Decision;

/** Membership, roles and member limits: owner and admins only. */
public interface ManageMembersUseCase {
    Decision invite(InviteMemberCommand command);

    Decision remove(RemoveMemberCommand command);

    Decision changeRole(ChangeRoleCommand command);

    Decision setLimit(SetMemberLimitCommand command);
}
