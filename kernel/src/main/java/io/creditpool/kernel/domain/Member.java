package io.creditpool.kernel.domain;

/**
 * A person in a team: their role, the monthly limit the owner or an admin set ({@code limit}), the lower one they set
 * themselves ({@code ownLimit}, {@link MemberLimit#UNLIMITED} when they set none), and the group they belong to
 * ({@code group}, null: none). Both limits are kept; the lower of them applies ({@link #effectiveLimit()}).
 */
public record Member(MemberId id, Role role, MemberLimit limit, MemberLimit ownLimit, GroupId group) {
    public Member {
        // a member stored before members set limits of their own has none
        ownLimit = ownLimit == null ? MemberLimit.UNLIMITED : ownLimit;
    }

    /** A member with no limit of their own and in no group. */
    public Member(MemberId id, Role role, MemberLimit limit) {
        this(id, role, limit, MemberLimit.UNLIMITED, null);
    }

    public Member withRole(Role newRole) {
        return new Member(id, newRole, limit, ownLimit, group);
    }

    /** The member with the limit the owner or an admin set; their own stays as they set it. */
    public Member withLimit(MemberLimit newLimit) {
        return new Member(id, role, newLimit, ownLimit, group);
    }

    /** The member with the limit they set themselves ({@link MemberLimit#UNLIMITED}: none of their own). */
    public Member withOwnLimit(MemberLimit newOwnLimit) {
        return new Member(id, role, limit, newOwnLimit, group);
    }

    /** The member in {@code newGroup} (null: in none). */
    public Member withGroup(GroupId newGroup) {
        return new Member(id, role, limit, ownLimit, newGroup);
    }

    /** The limit that applies: the lower of the owner's or an admin's and the member's own. */
    public MemberLimit effectiveLimit() {
        if (ownLimit.unlimited()) {
            return limit;
        }
        if (limit.unlimited() || ownLimit.credits() < limit.credits()) {
            return ownLimit;
        }
        return limit;
    }

    /** Whether the limit the member set themselves is the one that applies (it is below the owner's or admin's). */
    public boolean ownLimitApplies() {
        return !ownLimit.unlimited() && (limit.unlimited() || ownLimit.credits() < limit.credits());
    }
}
