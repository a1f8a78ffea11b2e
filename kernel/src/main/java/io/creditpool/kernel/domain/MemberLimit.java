package io.creditpool.kernel.domain;

/** A member's cap on usage per calendar month, or unlimited (the default). */
public record MemberLimit(long credits) {
    private static final long UNLIMITED_MARK = -1;
    public static final MemberLimit UNLIMITED = new MemberLimit(UNLIMITED_MARK);

    public MemberLimit {
        if (credits < 0 && credits != UNLIMITED_MARK) {
            throw new InvalidInputException("limit", "must be zero or more credits, or unlimited; was " + credits);
        }
        if (credits > Credits.MAX) {
            throw new InvalidInputException("limit", "must be at most " + Credits.MAX + ", was " + credits);
        }
    }

    public static MemberLimit of(long credits) {
        if (credits < 0) {
            throw new InvalidInputException("limit", "must be zero or more credits, or unlimited; was " + credits);
        }
        return new MemberLimit(credits);
    }

    public boolean unlimited() {
        return credits == UNLIMITED_MARK;
    }

    @Override
    public String toString() {
        return unlimited() ? "unlimited" : Long.toString(credits);
    }
}
