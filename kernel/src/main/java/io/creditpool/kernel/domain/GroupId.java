package io.creditpool.kernel.domain;

/** The identifier of a group in a team (a department or a project), chosen by whoever creates it; it never changes. */
public record GroupId(String value) {
    public GroupId {
        Ids.check("group", value);
    }

    public static GroupId of(String value) {
        return new GroupId(value);
    }

    /** A group id, or null when none was given (a member in no group). */
    public static GroupId ofNullable(String value) {
        return value == null ? null : new GroupId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
