package io.creditpool.kernel.domain;

/** A group's cap on the usage of its members together per calendar month, or unlimited ({@link #UNLIMITED}). */
public record GroupCap(long credits) {
    private static final long UNLIMITED_MARK = -1;
    /** No cap: the group's members spend as their own limits and the pool allow. */
    public static final GroupCap UNLIMITED = new GroupCap(UNLIMITED_MARK);

    public GroupCap {
        if (credits < 0 && credits != UNLIMITED_MARK) {
            throw new InvalidInputException("cap", "must be zero or more credits, or unlimited; was " + credits);
        }
        if (credits > Credits.MAX) {
            throw new InvalidInputException("cap", "must be at most " + Credits.MAX + ", was " + credits);
        }
    }

    /** A cap of {@code credits} a month (0 or more). */
    public static GroupCap of(long credits) {
        if (credits < 0) {
            throw new InvalidInputException("cap", "must be zero or more credits, or unlimited; was " + credits);
        }
        return new GroupCap(credits);
    }

    public boolean unlimited() {
        return credits == UNLIMITED_MARK;
    }

    /** What is left of this cap after {@code usage} this month (0 when at or past it); {@link Long#MAX_VALUE} when unlimited. */
    public long leftAfter(long usage) {
        return unlimited() ? Long.MAX_VALUE : Math.max(0, credits - usage);
    }

    @Override
    public String toString() {
        return unlimited() ? "unlimited" : Long.toString(credits);
    }
}
