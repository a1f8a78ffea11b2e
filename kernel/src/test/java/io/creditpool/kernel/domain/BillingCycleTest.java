package io.creditpool.kernel.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BillingCycleTest {
    private static Instant at(String text) {
        return Instant.parse(text);
    }

    @Test
    void anchor31RenewsOnTheLastDayOfFebruary() {
        assertThat(BillingCycle.nextAnchorAfter(at("2026-01-31T00:00:00Z"), 31)).isEqualTo(at("2026-02-28T00:00:00Z"));
        assertThat(BillingCycle.nextAnchorAfter(at("2028-01-31T00:00:00Z"), 31)).isEqualTo(at("2028-02-29T00:00:00Z"));
        assertThat(BillingCycle.nextAnchorAfter(at("2026-02-28T00:00:00Z"), 31)).isEqualTo(at("2026-03-31T00:00:00Z"));
    }

    @Test
    void theFirstCycleRunsFromCreationToTheNextAnchorDay() {
        BillingCycle first = BillingCycle.startingAt(at("2026-03-20T13:45:00Z"), 15);
        assertThat(first.start()).isEqualTo(at("2026-03-20T13:45:00Z"));
        assertThat(first.end()).isEqualTo(at("2026-04-15T00:00:00Z"));
    }

    @Test
    void aCycleStartingOnItsAnchorEndsOnTheNextOne() {
        BillingCycle cycle = BillingCycle.startingAt(at("2026-04-15T00:00:00Z"), 15);
        assertThat(cycle.end()).isEqualTo(at("2026-05-15T00:00:00Z"));
    }

    @Test
    void anInstantJustBeforeTheAnchorEndsTheSameDay() {
        assertThat(BillingCycle.nextAnchorAfter(at("2026-04-14T23:59:59Z"), 15)).isEqualTo(at("2026-04-15T00:00:00Z"));
    }

    @Test
    void anAnchorDayOutsideOneTo31IsRefusedNamingTheField() {
        assertThatThrownBy(() -> BillingCycle.checkAnchorDay(0)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("billing-anchor-day:");
        assertThatThrownBy(() -> BillingCycle.checkAnchorDay(32)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void theCalendarMonthIsUtc() {
        assertThat(BillingCycle.calendarMonthOf(at("2026-01-31T23:59:59Z")).getMonthValue()).isEqualTo(1);
        assertThat(BillingCycle.calendarMonthOf(at("2026-02-01T00:00:00Z")).getMonthValue()).isEqualTo(2);
    }

    @Test
    void theCalendarMonthIsTheOneUtcDateTimesGiveOnEitherSideOfEveryMidnight() {
        for (Instant day = at("1969-11-01T00:00:00Z"); day.isBefore(at("2029-03-02T00:00:00Z"));
                day = day.plusSeconds(86_400)) {
            for (Instant i : new Instant[] {day.minusNanos(1), day, day.plusSeconds(43_200)}) {
                assertThat(BillingCycle.calendarMonthOf(i)).as("%s", i)
                        .isEqualTo(java.time.YearMonth.from(i.atOffset(java.time.ZoneOffset.UTC)));
            }
        }
    }
}
