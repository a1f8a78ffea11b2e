package io.creditpool.adapters.clock;

import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.Clock;

import java.time.Instant;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;

/**
 * Test clocks, for sandbox mode: a team given a test clock sees a frozen instant that moves only when the caller
 * advances it, never back; every other team sees the wall clock. A team's test clock is given before the team is
 * created, so all of its history is on that clock. Kept in memory. A test clock stays between {@link #EARLIEST} and
 * {@link #LATEST}, and one advance moves it by at most {@link #LARGEST_ADVANCE}.
 */
public final class TestClocks implements Clock {
    /** The earliest instant a test clock may be frozen at. */
    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    /** The latest instant a test clock may reach: the last second of year 9999. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    /** The most one advance may move a test clock: 10,000 years. */
    public static final java.time.Period LARGEST_ADVANCE = java.time.Period.ofYears(10_000);

    private final Clock wall;
    private final ConcurrentMap<TeamId, Instant> frozen = new ConcurrentHashMap<>();

    /** Test clocks beside the system clock. */
    public TestClocks() {
        this(new SystemClock());
    }

    /** Test clocks beside {@code wall}, the time of teams without one. */
    public TestClocks(Clock wall) {
        this.wall = Objects.requireNonNull(wall, "wall");
    }

    /** The wall clock's time: what a command that is not on one team sees. */
    @Override
    public Instant now() {
        return wall.now();
    }

    @Override
    public Instant now(TeamId team) {
        Instant at = frozen.get(team);
        return at != null ? at : wall.now();
    }

    /**
     * Gives {@code team} a test clock frozen at {@code at}.
     *
     * @throws IllegalStateException when the team has one already
     */
    public void freeze(TeamId team, Instant at) {
        Objects.requireNonNull(at, "at");
        inRange(at);
        if (frozen.putIfAbsent(team, at) != null) {
            throw new IllegalStateException("team " + team + " has a test clock already, frozen at "
                    + frozen.get(team));
        }
    }

    /** Where the team's test clock stands; empty when it has none. */
    public Optional<Instant> frozenAt(TeamId team) {
        return Optional.ofNullable(frozen.get(team));
    }

    /**
     * Moves the team's test clock to {@code to} and answers where it stands.
     *
     * @throws NoSuchElementException when the team has no test clock
     * @throws IllegalArgumentException when {@code to} is before where it stands, or after {@link #LATEST}
     */
    public Instant advanceTo(TeamId team, Instant to) {
        Objects.requireNonNull(to, "to");
        return move(team, current -> to);
    }

    /** Moves the team's test clock forward by {@code step} and answers where it stands (see {@link #advanceTo}). */
    public Instant advanceBy(TeamId team, ClockStep step) {
        Objects.requireNonNull(step, "step");
        Instant largest = EARLIEST.atOffset(java.time.ZoneOffset.UTC).plus(LARGEST_ADVANCE).toInstant();
        // each part is checked alone first, so that adding them up cannot overflow
        if (step.duration().getSeconds() > java.time.Duration.between(EARLIEST, largest).getSeconds()
                || step.period().toTotalMonths() > LARGEST_ADVANCE.toTotalMonths()
                || step.from(EARLIEST).isAfter(largest)) {
            throw new IllegalArgumentException("an advance moves a test clock by at most " + LARGEST_ADVANCE
                    + " (10,000 years), was " + step.text());
        }
        return move(team, current -> {
            try {
                return step.from(current);
            } catch (java.time.DateTimeException | ArithmeticException e) {
                throw beyondLatest(step.text() + " after " + current);
            }
        });
    }

    /** {@code at}, when a test clock may stand there. */
    private static Instant inRange(Instant at) {
        if (at.isBefore(EARLIEST)) {
            throw new IllegalArgumentException("a test clock starts at " + EARLIEST + " or later, was " + at);
        }
        if (at.isAfter(LATEST)) {
            throw beyondLatest(at.toString());
        }
        return at;
    }

    private static IllegalArgumentException beyondLatest(String what) {
        return new IllegalArgumentException("a test clock goes no later than " + LATEST + ", was " + what);
    }

    private Instant move(TeamId team, UnaryOperator<Instant> next) {
        Instant moved = frozen.computeIfPresent(team, (t, current) -> {
            Instant to = inRange(next.apply(current));
            if (to.isBefore(current)) {
                throw new IllegalArgumentException("the test clock cannot go back from " + current + " to " + to);
            }
            return to;
        });
        if (moved == null) {
            throw new NoSuchElementException("team " + team + " has no test clock");
        }
        return moved;
    }
}
