package io.creditpool.adapters.http.portal;

import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Money;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the page writes for money, amounts people type, and ledger entries. */
class WordsTest {
    static final Instant AT = Instant.parse("2026-01-05T10:00:00Z");

    @Test
    void moneyIsWrittenInTheCurrencysOwnDecimals() {
        assertThat(Words.money(new Money(2000, "USD"))).isEqualTo("$20.00");
        assertThat(Words.money(new Money(123456, "EUR"))).isEqualTo("€1,234.56");
        assertThat(Words.money(new Money(500, "JPY"))).isEqualTo("¥500");
        assertThat(Words.money(new Money(199, "XQQ"))).as("a code Java does not know").isEqualTo("1.99 XQQ");
    }

    @Test
    void aTypedAmountOfMoneyBecomesMinorUnitsOrIsRefusedNamingTheField() {
        assertThat(Words.minorUnits("monthly_cap", "200", "USD")).isEqualTo(20_000);
        assertThat(Words.minorUnits("monthly_cap", "1,000.50", "USD")).isEqualTo(100_050);
        assertThat(Words.minorUnits("monthly_cap", "500", "JPY")).isEqualTo(500);
        assertThatThrownBy(() -> Words.minorUnits("monthly_cap", "12.345", "USD"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("monthly_cap");
        assertThatThrownBy(() -> Words.minorUnits("monthly_cap", "lots", "USD"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'lots'");
    }

    @Test
    void ledgerEntriesReadAsSentences() {
        MemberId alice = MemberId.of("alice");
        MemberId olivia = MemberId.of("olivia");
        assertThat(Words.entry(new LedgerEntry.CreditsConsumed(AT, alice, 120, List.of(), MemberLimit.UNLIMITED,
                null), "USD")).isEqualTo("alice used 120 credits");
        assertThat(Words.entry(new LedgerEntry.ChargeAttempted(AT, "k", GrantSource.AUTO_TOP_UP, 2000,
                new Money(2000, "USD"), true, "ch_1"), "USD")).isEqualTo("auto top-up bought 2,000 credits for $20.00");
        assertThat(Words.entry(new LedgerEntry.ChargeAttempted(AT, "k", GrantSource.TOP_UP, 500,
                new Money(1000, "USD"), false, null), "USD"))
                .isEqualTo("a top-up of 500 credits for $10.00 was declined by the card processor");
        assertThat(Words.entry(new LedgerEntry.CreditsGranted(AT, 1, GrantSource.TOP_UP, 500, null, List.of()), "USD"))
                .as("a bought grant is told by its charge").isNull();
        assertThat(Words.entry(new LedgerEntry.CreditsExpired(AT, 1, GrantSource.PLAN, 300), "USD"))
                .isEqualTo("300 plan credits expired");
        assertThat(Words.entry(new LedgerEntry.SettingChanged(AT, olivia, "member alice", "invited as admin"), "USD"))
                .isEqualTo("olivia invited alice as admin");
        assertThat(Words.entry(new LedgerEntry.SettingChanged(AT, olivia, "monthly limit of alice", "1500"), "USD"))
                .isEqualTo("olivia set alice's monthly limit to 1,500 credits");
        assertThat(Words.entry(new LedgerEntry.SettingChanged(AT, olivia, "auto top-up", "disabled"), "USD"))
                .isEqualTo("olivia turned auto top-up off");
        assertThat(Words.entry(new LedgerEntry.SettingChanged(AT, olivia, "auto top-up",
                "threshold 1000, amount 2000, monthly cap 10000"), "USD"))
                .isEqualTo("olivia set auto top-up to buy 2,000 credits below 1,000, at most $100.00 a month");
    }

    @Test
    void theRefreshIsToldInCalendarDaysOfUtc() {
        Instant end = Instant.parse("2026-04-01T00:00:00Z");
        assertThat(Words.refresh(Instant.parse("2026-03-20T14:00:00Z"), end)).isEqualTo("in 12 days, on Apr 1, 2026");
        assertThat(Words.refresh(Instant.parse("2026-03-31T23:59:00Z"), end)).isEqualTo("tomorrow, on Apr 1, 2026");
        assertThat(Words.refresh(Instant.parse("2026-04-01T00:00:00Z"), end)).isEqualTo("today, on Apr 1, 2026");
        assertThat(Words.daysUntil(Instant.parse("2026-04-02T00:00:00Z"), end)).as("never below 0").isZero();
    }

    @Test
    void aPercentageIsRoundedDown() {
        assertThat(Words.percent(150, 400)).isEqualTo(37);
        assertThat(Words.percent(0, 400)).isZero();
        assertThat(Words.percent(650, 600)).as("past the limit").isEqualTo(108);
        assertThat(Words.percent(Long.MAX_VALUE, Long.MAX_VALUE)).isEqualTo(100);
    }
}
