package io.creditpool.kernel.domain;

import java.time.YearMonth;

/**
 * What a member (or a group) spent in calendar month {@code month}, and in the month before it
 * ({@code monthBeforeCredits}: 0 when they spent nothing then, or when it was recorded before Creditpool kept it).
 * {@code peak} is the most the usage of {@code month} has been: held credits given back lower the usage but not its
 * peak, so an alert told when usage first reached a share of a limit is not told again that month when it reaches
 * it a second time (a usage recorded before peaks were kept has its credits as its peak).
 */
public record Usage(YearMonth month, long credits, long monthBeforeCredits, long peak) {
    public Usage {
        peak = Math.max(peak, credits);
    }

    /** A usage whose peak is what it is now. */
    public Usage(YearMonth month, long credits, long monthBeforeCredits) {
        this(month, credits, monthBeforeCredits, credits);
    }

    /** The usage of {@code month} alone, nothing known of the month before. */
    public Usage(YearMonth month, long credits) {
        this(month, credits, 0);
    }

    /** The most the usage of {@code current} has been: 0 when this record is for an earlier month. */
    public long peakIn(YearMonth current) {
        return month.equals(current) ? peak : 0;
    }

    /** The usage in {@code month}: zero when this record is for an earlier month (usage resets each month). */
    public long in(YearMonth current) {
        return month.equals(current) ? credits : 0;
    }

    /** The usage in the calendar month before {@code current}: last month's, as of a day in {@code current}. */
    public long inMonthBefore(YearMonth current) {
        if (month.equals(current)) {
            return monthBeforeCredits;
        }
        return month.equals(current.minusMonths(1)) ? credits : 0;
    }

    public Usage plus(YearMonth current, long more) {
        if (current.isBefore(month)) {
            throw new IllegalStateException("usage for " + current + " recorded after usage for " + month);
        }
        if (current.equals(month)) {
            return new Usage(month, credits + more, monthBeforeCredits, Math.max(peak, credits + more));
        }
        // a new month: this record's month becomes the month before when it is the one just ended
        return new Usage(current, more, inMonthBefore(current));
    }

    /**
     * The usage after {@code fewer} credits counted in {@code month} were given back (a reservation released): no
     * change when this record is for another month, whose usage is past or has reset, but for the month before this
     * record's, which goes down too (never below 0).
     */
    public Usage minus(YearMonth month, long fewer) {
        if (month.equals(this.month.minusMonths(1))) {
            return new Usage(this.month, credits, Math.max(0, monthBeforeCredits - fewer), peak);
        }
        if (!this.month.equals(month)) {
            return this;
        }
        if (fewer > credits) {
            throw new IllegalStateException("giving back " + fewer + " credits of a usage of " + credits + " in "
                    + month);
        }
        return new Usage(month, credits - fewer, monthBeforeCredits, peak);
    }
}
