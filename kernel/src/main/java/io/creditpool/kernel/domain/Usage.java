package io.creditpool.kernel.domain;

import java.time.YearMonth;

/** Credits a member spent in one calendar month (UTC). */
public record Usage(YearMonth month, long credits) {
    /** The usage in {@code month}: zero when this record is for an earlier month (usage resets each month). */
    public long in(YearMonth current) {
        return month.equals(current) ? credits : 0;
    }

    public Usage plus(YearMonth current, long more) {
        if (current.isBefore(month)) {
            throw new IllegalStateException("usage for " + current + " recorded after usage for " + month);
        }
        return new Usage(current, in(current) + more);
    }

    /**
     * The usage after {@code fewer} credits counted in {@code month} were given back (a reservation released): no
     * change when this record is for another month, whose usage is past or has reset.
     */
    public Usage minus(YearMonth month, long fewer) {
        if (!this.month.equals(month)) {
            return this;
        }
        if (fewer > credits) {
            throw new IllegalStateException("giving back " + fewer + " credits of a usage of " + credits + " in "
                    + month);
        }
        return new Usage(month, credits - fewer);
    }
}
