package io.creditpool.kernel.domain;

/** Credits are whole numbers; every amount a caller passes is checked here. */
public final class Credits {
    /** The largest amount one command may carry (10^12), far from overflow when summed or priced. */
    public static final long MAX = 1_000_000_000_000L;

    private Credits() {
    }

    /** An amount of credits to spend or buy: at least 1 and at most {@link #MAX}. */
    public static long positive(String field, long amount) {
        if (amount <= 0) {
            throw new InvalidInputException(field, "must be a positive whole number of credits, was " + amount);
        }
        if (amount > MAX) {
            throw new InvalidInputException(field, "must be at most " + MAX + ", was " + amount);
        }
        return amount;
    }
}
