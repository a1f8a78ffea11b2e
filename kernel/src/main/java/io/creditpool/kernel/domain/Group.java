package io.creditpool.kernel.domain;

/**
 * A group of a team's members (a department or a project): its id, the name people read, and its monthly cap. A
 * member belongs to at most one group; what the group's members spend counts against its cap in the calendar month
 * it was spent in, whichever group they are in later.
 */
public record Group(GroupId id, String name, GroupCap cap) {
    /** The longest name a group may have. */
    public static final int NAME_MAX = 100;

    public Group {
        if (id == null) {
            throw new InvalidInputException("group", "is required");
        }
        name = checkName(name);
        if (cap == null) {
            throw new InvalidInputException("cap", "is required");
        }
    }

    /** A group named by its id, without a cap. */
    public static Group named(GroupId id) {
        return new Group(id, id.value(), GroupCap.UNLIMITED);
    }

    /** A group's name as given: 1 to {@value #NAME_MAX} characters, not blank, no control characters, trimmed. */
    public static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("name", "is required");
        }
        String trimmed = name.strip();
        if (trimmed.length() > NAME_MAX) {
            throw new InvalidInputException("name", "must be at most " + NAME_MAX + " characters, was "
                    + trimmed.length());
        }
        if (trimmed.chars().anyMatch(c -> Character.isISOControl(c))) {
            throw new InvalidInputException("name", "must not hold control characters (line breaks, tabs)");
        }
        return trimmed;
    }

    public Group withName(String newName) {
        return new Group(id, newName, cap);
    }

    public Group withCap(GroupCap newCap) {
        return new Group(id, name, newCap);
    }

    /** The group as a sentence names it: {@code design ("Design team")}, or its id alone when that is its name. */
    public String called() {
        return name.equals(id.value()) ? id.value() : id.value() + " (\"" + name + "\")";
    }
}
