package io.creditpool.adapters.clock;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A move of a clock written as an ISO-8601 duration ({@code P1M}, {@code P3D}, {@code PT6H}, {@code P1MT2H}): months
 * and days on the UTC calendar (a month from January 31 is February 28 or 29), then hours, minutes and seconds.
 */
public record ClockStep(Period period, Duration duration) {
    public ClockStep {
        if (period.isNegative() || duration.isNegative()) {
            throw new IllegalArgumentException("a clock only moves forward, found " + period + " and " + duration);
        }
    }

    /**
     * Reads {@code text}.
     *
     * @throws DateTimeParseException when it is not such a duration
     * @throws IllegalArgumentException when a part of it is negative
     */
    public static ClockStep parse(String text) {
        int t = text.indexOf('T');
        Period period = t < 0 ? Period.parse(text) : t == 1 ? Period.ZERO : Period.parse(text.substring(0, t));
        Duration duration = t < 0 ? Duration.ZERO : Duration.parse("P" + text.substring(t));
        return new ClockStep(period, duration);
    }

    /** The step as ISO-8601 text, e.g. {@code P1MT6H}. */
    public String text() {
        if (duration.isZero()) {
            return period.toString();
        }
        return (period.isZero() ? "P" : period.toString()) + duration.toString().substring(1);
    }

    /** The instant this step after {@code now}. */
    public Instant from(Instant now) {
        return now.atOffset(ZoneOffset.UTC).plus(period).toInstant().plus(duration);
    }
}
