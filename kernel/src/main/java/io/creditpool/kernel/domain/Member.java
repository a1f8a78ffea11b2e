package io.creditpool.kernel.domain;

/** A person in a team: their role and monthly limit. */
public record Member(MemberId id, Role role, MemberLimit limit) {
    public Member withRole(Role newRole) {
        return new Member(id, newRole, limit);
    }

    public Member withLimit(MemberLimit newLimit) {
        return new Member(id, role, newLimit);
    }
}
