package io.creditpool.kernel.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * A team's billing month: from a start to the next anchor day at 00:00 UTC. The anchor day (1-31) is clamped
 * to the month's length, so anchor 31 renews on the last day of shorter months.
 */
public record BillingCycle(Instant start, Instant end) {
    public static int checkAnchorDay(int day) {
        if (day < 1 || day > 31) {
            throw new InvalidInputException("billing-anchor-day", "must be between 1 and 31, was " + day);
        }
        return day;
    }

    /** The cycle that starts at {@code start} and ends at the first anchor instant after it. */
    public static BillingCycle startingAt(Instant start, int anchorDay) {
        return new BillingCycle(start, nextAnchorAfter(start, anchorDay));
    }

    /** The first anchor instant (anchor day at 00:00 UTC) strictly after {@code instant}. */
    public static Instant nextAnchorAfter(Instant instant, int anchorDay) {
        YearMonth month = YearMonth.from(instant.atOffset(ZoneOffset.UTC));
        Instant candidate = anchorIn(month, anchorDay);
        return candidate.isAfter(instant) ? candidate : anchorIn(month.plusMonths(1), anchorDay);
    }

    /** The last anchor instant at or before {@code instant}: where the cycle holding {@code instant} started. */
    public static Instant anchorAtOrBefore(Instant instant, int anchorDay) {
        YearMonth month = YearMonth.from(instant.atOffset(ZoneOffset.UTC));
        Instant candidate = anchorIn(month, anchorDay);
        return candidate.isAfter(instant) ? anchorIn(month.minusMonths(1), anchorDay) : candidate;
    }

    /** How many anchor instants lie from {@code anchor} (an anchor instant) to {@code later} (another), counted in months. */
    public static long monthsBetween(Instant anchor, Instant later) {
        return java.time.temporal.ChronoUnit.MONTHS.between(calendarMonthOf(anchor), calendarMonthOf(later));
    }

    private static Instant anchorIn(YearMonth month, int anchorDay) {
        LocalDate day = month.atDay(Math.min(anchorDay, month.lengthOfMonth()));
        return day.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /**
     * The calendar month (UTC) {@code instant} falls in. Every consumption asks this twice, so it goes by the epoch
     * day: {@code instant.atOffset(UTC)} builds the offset's zone rules afresh on every call.
     */
    public static YearMonth calendarMonthOf(Instant instant) {
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(instant.getEpochSecond(), SECONDS_PER_DAY));
        return YearMonth.of(day.getYear(), day.getMonth());
    }

    private static final long SECONDS_PER_DAY = 86_400;
}
