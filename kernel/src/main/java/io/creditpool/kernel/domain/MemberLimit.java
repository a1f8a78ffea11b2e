package io.creditpool.kernel.domain;

/**
 * A member's cap on usage per calendar month, or unlimited: by default (no limit was set, {@link #UNLIMITED}) or
 * because the owner or an admin chose it ({@link #UNLIMITED_BY_CHOICE}); rules can tell the two apart.
 */
public record MemberLimit(long credits) {
    private static final long UNLIMITED_MARK = -1;
    private static final long UNLIMITED_BY_CHOICE_MARK = -2;
    /** No limit set: the default of every member. */
    public static final MemberLimit UNLIMITED = new MemberLimit(UNLIMITED_MARK);
    /** Unlimited because the owner or an admin set it so (a limit set to unlimited becomes this). */
    public static final MemberLimit UNLIMITED_BY_CHOICE = new MemberLimit(UNLIMITED_BY_CHOICE_MARK);

    public MemberLimit {
        if (credits < 0 && credits != UNLIMITED_MARK && credits != UNLIMITED_BY_CHOICE_MARK) {
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
        return credits == UNLIMITED_MARK || credits == UNLIMITED_BY_CHOICE_MARK;
    }

    /** Whether the owner or an admin set this limit (a number, or unlimited by choice), rather than the default. */
    public boolean explicit() {
        return credits != UNLIMITED_MARK;
    }

    /** This limit as set by the owner or an admin: unlimited becomes {@link #UNLIMITED_BY_CHOICE}. */
    public MemberLimit chosen() {
        return unlimited() ? UNLIMITED_BY_CHOICE : this;
    }

    /**
     * Two limits are equal when they cap the same: unlimited by default and unlimited by choice are the same limit
     * (what the HTTP API and the metrics show); {@link #explicit()} tells them apart for the rules.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof MemberLimit m && (unlimited() ? m.unlimited() : m.credits == credits);
    }

    @Override
    public int hashCode() {
        return unlimited() ? -1 : Long.hashCode(credits);
    }

    @Override
    public String toString() {
        return unlimited() ? "unlimited" : Long.toString(credits);
    }
}
