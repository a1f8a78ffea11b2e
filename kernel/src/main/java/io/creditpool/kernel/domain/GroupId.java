package io.creditpool.kernel.domain;

/** The identifier of a group in a team (a department or a project), chosen by whoever creates it; it never changes. */
public record GroupId(String value) {
    /** The word that means "no group" wherever a group is named in words (scenarios, the ledger); no group's id. */
    public static final String NONE = "none";

    public GroupId {
        Ids.check("group", value);
        if (value.equals(NONE)) {
            throw new InvalidInputException("group", "'" + NONE + "' is not a group's id: it means no group");
        }
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
