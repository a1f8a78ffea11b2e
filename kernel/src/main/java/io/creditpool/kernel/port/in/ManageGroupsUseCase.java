package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.Decision;

/** Groups of a team's members and their monthly caps: owner and admins only. */
public interface ManageGroupsUseCase {
    Decision createGroup(CreateGroupCommand command);

    Decision changeGroup(ChangeGroupCommand command);

    Decision deleteGroup(DeleteGroupCommand command);

    Decision moveMember(MoveMemberCommand command);
}
