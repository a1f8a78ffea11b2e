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
}
