package io.creditpool.kernel.domain;

import java.util.Locale;

/** A member's role in a team: exactly one owner, any number of admins and members. */
public enum Role {
    OWNER, ADMIN, MEMBER;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role as a sentence names it: {@code the owner}, {@code an admin}, {@code a member}. */
    public String asCalled() {
        return switch (this) {
            case OWNER -> "the owner";
            case ADMIN -> "an admin";
            case MEMBER -> "a member";
        };
    }

    /** Admins and the owner manage members, limits and auto top-up. */
    public boolean manages() {
        return this != MEMBER;
    }

    /** Parses a role a member can be given: {@code member} or {@code admin} (the owner is set when the team is created). */
    public static Role assignable(String field, String word) {
        if ("member".equals(word)) {
            return MEMBER;
        }
        if ("admin".equals(word)) {
            return ADMIN;
        }
        throw new InvalidInputException(field, "'" + word + "' is not a role a member can be given (member or admin)");
    }
}
