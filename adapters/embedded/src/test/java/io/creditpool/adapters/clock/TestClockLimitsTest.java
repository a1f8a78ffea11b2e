package io.creditpool.adapters.clock;

import io.creditpool.kernel.domain.TeamId;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A test clock stays in its documented range, and a refused move leaves it where it stood. */
class TestClockLimitsTest {
    private static final TeamId ACME = TeamId.of("shop:acme");
    private final TestClocks clocks = new TestClocks(() -> Instant.parse("2026-06-01T00:00:00Z"));

    @Test
    void aClockIsNotFrozenOutsideItsRange() {
        assertThatThrownBy(() -> clocks.freeze(ACME, Instant.MAX)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("9999-12-31T23:59:59Z");
        assertThatThrownBy(() -> clocks.freeze(ACME, Instant.parse("1969-12-31T23:59:59Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1970-01-01T00:00:00Z");
        assertThat(clocks.frozenAt(ACME)).isEmpty();
        clocks.freeze(ACME, TestClocks.LATEST);
        assertThat(clocks.frozenAt(ACME)).contains(TestClocks.LATEST);
    }

    @Test
    void anAdvancePastTheLatestInstantOrTooLargeIsRefusedAndMovesNothing() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        clocks.freeze(ACME, start);
        for (String step : new String[] {"P1000000000Y", "PT9223372036854775807S", "P10001Y", "P2147483647M"}) {
            assertThatThrownBy(() -> clocks.advanceBy(ACME, ClockStep.parse(step)))
                    .as(step).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> clocks.advanceBy(ACME, ClockStep.parse("P9000Y")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no later than");
        assertThatThrownBy(() -> clocks.advanceTo(ACME, Instant.parse("+999999999-12-31T23:59:59Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no later than");
        assertThat(clocks.frozenAt(ACME)).contains(start);

        assertThat(clocks.advanceBy(ACME, ClockStep.parse("P7973Y11M30DT23H59M59S"))).isEqualTo(TestClocks.LATEST);
        assertThatThrownBy(() -> clocks.advanceBy(ACME, ClockStep.parse("PT1S")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no later than");
        assertThat(clocks.advanceBy(ACME, ClockStep.parse("PT0S"))).isEqualTo(TestClocks.LATEST);
    }
}
