package io.creditpool.adapters.clock;

import io.creditpool.kernel.domain.TeamId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Test clocks: a team with one sees a frozen instant that moves only forward when told; others see the wall clock. */
class TestClocksTest {
    static final Instant WALL = Instant.parse("2030-06-15T12:00:00Z");
    static final Instant FROZEN = Instant.parse("2026-01-31T10:00:00Z");
    static final TeamId ACME = TeamId.of("shop:acme");
    static final TeamId OTHER = TeamId.of("shop:other");

    private final ManualClock wall = new ManualClock(WALL);
    private final TestClocks clocks = new TestClocks(wall);

    @Test
    void aTeamWithATestClockSeesItsFrozenInstantAndOtherTeamsTheWallClock() {
        clocks.freeze(ACME, FROZEN);
        wall.advanceTo(WALL.plusSeconds(3600));

        assertThat(clocks.now(ACME)).isEqualTo(FROZEN);
        assertThat(clocks.now(OTHER)).isEqualTo(WALL.plusSeconds(3600));
        assertThat(clocks.now()).as("not on one team: the wall clock").isEqualTo(WALL.plusSeconds(3600));
        assertThat(clocks.frozenAt(ACME)).contains(FROZEN);
        assertThat(clocks.frozenAt(OTHER)).isEmpty();
    }

    @Test
    void advancingMovesOnlyThatTeamsClock() {
        clocks.freeze(ACME, FROZEN);
        clocks.freeze(OTHER, FROZEN);

        assertThat(clocks.advanceTo(ACME, FROZEN.plusSeconds(60))).isEqualTo(FROZEN.plusSeconds(60));

        assertThat(clocks.now(ACME)).isEqualTo(FROZEN.plusSeconds(60));
        assertThat(clocks.now(OTHER)).isEqualTo(FROZEN);
    }

    @Test
    void advancingByAMonthFollowsTheUtcCalendarThenTheHours() {
        clocks.freeze(ACME, FROZEN);

        assertThat(clocks.advanceBy(ACME, ClockStep.parse("P1MT2H")))
                .as("January 31 plus a month is February 28, then two hours")
                .isEqualTo(Instant.parse("2026-02-28T12:00:00Z"));
        assertThat(clocks.advanceBy(ACME, ClockStep.parse("P1DT6H"))).isEqualTo(Instant.parse("2026-03-01T18:00:00Z"));
        assertThat(clocks.advanceBy(ACME, ClockStep.parse("PT30M"))).isEqualTo(Instant.parse("2026-03-01T18:30:00Z"));
    }

    @Test
    void aTestClockNeverGoesBackAndARefusedMoveChangesNothing() {
        clocks.freeze(ACME, FROZEN);

        assertThatThrownBy(() -> clocks.advanceTo(ACME, FROZEN.minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot go back");
        assertThat(clocks.now(ACME)).isEqualTo(FROZEN);
        assertThat(clocks.advanceTo(ACME, FROZEN)).as("standing still is allowed").isEqualTo(FROZEN);
    }

    @Test
    void aNegativeOrUnreadableStepIsRefused() {
        assertThatThrownBy(() -> ClockStep.parse("P-1D")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClockStep.parse("PT-5M")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClockStep.parse("tomorrow")).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void aTeamHasOneTestClockAndOneCannotAdvanceAClockItDoesNotHave() {
        clocks.freeze(ACME, FROZEN);

        assertThatThrownBy(() -> clocks.freeze(ACME, WALL)).isInstanceOf(IllegalStateException.class);
        assertThat(clocks.now(ACME)).isEqualTo(FROZEN);
        assertThatThrownBy(() -> clocks.advanceTo(OTHER, WALL)).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> clocks.advanceBy(OTHER, ClockStep.parse("P1D")))
                .isInstanceOf(NoSuchElementException.class);
        assertThat(clocks.frozenAt(OTHER)).isEmpty();
    }
}
