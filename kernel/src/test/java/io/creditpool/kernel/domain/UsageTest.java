package io.creditpool.kernel.domain;

import org.junit.jupiter.api.Test;

import java.time.YearMonth;

import static org.assertj.core.api.Assertions.assertThat;

class UsageTest {
    private static final YearMonth JAN = YearMonth.of(2026, 1);
    private static final YearMonth FEB = YearMonth.of(2026, 2);
    private static final YearMonth MAR = YearMonth.of(2026, 3);

    @Test
    void lastMonthsUsageIsWhatWasSpentInTheMonthBefore() {
        Usage january = new Usage(JAN, 0).plus(JAN, 300).plus(JAN, 200);
        assertThat(january.in(JAN)).isEqualTo(500);
        assertThat(january.inMonthBefore(JAN)).isZero();
        // read in February, before spending anything then
        assertThat(january.inMonthBefore(FEB)).isEqualTo(500);
        assertThat(january.in(FEB)).isZero();
        // spending in February keeps January as the month before
        Usage february = january.plus(FEB, 40);
        assertThat(february.in(FEB)).isEqualTo(40);
        assertThat(february.inMonthBefore(FEB)).isEqualTo(500);
        assertThat(february.inMonthBefore(MAR)).isEqualTo(40);
    }

    @Test
    void aMonthWithoutSpendingIsALastMonthOfNothing() {
        Usage january = new Usage(JAN, 500);
        assertThat(january.inMonthBefore(MAR)).isZero();
        assertThat(january.plus(MAR, 10).inMonthBefore(MAR)).isZero();
    }

    @Test
    void creditsGivenBackInTheMonthBeforeComeOffLastMonth() {
        Usage february = new Usage(JAN, 500).plus(FEB, 40);
        assertThat(february.minus(JAN, 100).inMonthBefore(FEB)).isEqualTo(400);
        assertThat(february.minus(JAN, 100).in(FEB)).isEqualTo(40);
        assertThat(february.minus(FEB, 40).in(FEB)).isZero();
        assertThat(february.minus(FEB, 40).inMonthBefore(FEB)).isEqualTo(500);
        // an older month is history
        assertThat(february.minus(YearMonth.of(2025, 12), 100)).isEqualTo(february);
    }
}
