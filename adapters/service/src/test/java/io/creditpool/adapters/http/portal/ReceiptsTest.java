package io.creditpool.adapters.http.portal;

import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Money;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Receipts from the ledger, and their CSV as RFC 4180 writes it. */
class ReceiptsTest {
    static final Instant AT = Instant.parse("2026-01-05T10:00:00Z");

    @Test
    void aFieldIsQuotedOnlyWhenItMustBeAndItsQuotesAreDoubled() {
        assertThat(Receipts.field("sandbox-charge-1")).isEqualTo("sandbox-charge-1");
        assertThat(Receipts.field("card_declined (sandbox)")).isEqualTo("card_declined (sandbox)");
        assertThat(Receipts.field("ch_1,ch_2")).isEqualTo("\"ch_1,ch_2\"");
        assertThat(Receipts.field("the \"bank\" said no")).isEqualTo("\"the \"\"bank\"\" said no\"");
        assertThat(Receipts.field("two\r\nlines")).isEqualTo("\"two\r\nlines\"");
        assertThat(Receipts.field(" padded")).isEqualTo("\" padded\"");
        assertThat(Receipts.field("")).isEmpty();
    }

    @Test
    void aRecordEndsWithCrlf() throws Exception {
        StringWriter out = new StringWriter();
        Receipts.write(out, Receipts.COLUMNS);
        Receipts.write(out, List.of("a", "b,c", ""));
        assertThat(out.toString()).isEqualTo("date,kind,credits,amount,currency,status,reference\r\na,\"b,c\",\r\n");
    }

    @Test
    void receiptsAreTheLedgersChargesNewestFirstAndAtMostAsManyAsAsked() {
        List<LedgerEntry> ledger = List.of(
                new LedgerEntry.ChargeAttempted(AT, "k1", GrantSource.TOP_UP, 1000, new Money(2000, "USD"), true,
                        "ch_1"),
                new LedgerEntry.CreditsConsumed(AT.plusSeconds(1), MemberId.of("alice"), 5, List.of(),
                        MemberLimit.UNLIMITED, null),
                new LedgerEntry.ChargeAttempted(AT.plusSeconds(2), "k2", GrantSource.AUTO_TOP_UP, 500,
                        new Money(1000, "USD"), false, "card_declined"),
                new LedgerEntry.ChargeAttempted(AT.plusSeconds(3), "k3", GrantSource.TOP_UP, 250,
                        new Money(500, "JPY"), true, null));

        List<Receipts.Receipt> all = Receipts.newest(ledger, 10);
        assertThat(all).extracting(Receipts.Receipt::key).containsExactly("k3", "k2", "k1");
        assertThat(all.get(1).fields()).containsExactly("2026-01-05T10:00:02Z", "auto top-up", "500", "10.00", "USD",
                "declined", "card_declined");
        assertThat(all.get(0).fields()).as("no reference, no decimals in yen").containsExactly(
                "2026-01-05T10:00:03Z", "top-up", "250", "500", "JPY", "paid", "");
        assertThat(Receipts.newest(ledger, 1)).extracting(Receipts.Receipt::key).containsExactly("k3");
    }

    @Test
    void aPendingPurchaseAnsweredMeanwhileIsToldOnceByItsCharge() {
        Receipts.Receipt pending = new Receipts.Receipt("k1", AT, GrantSource.TOP_UP, 100, new Money(200, "USD"),
                Receipts.Status.PENDING, "");
        Receipts.Receipt other = new Receipts.Receipt("k2", AT, GrantSource.TOP_UP, 100, new Money(200, "USD"),
                Receipts.Status.PENDING, "");
        Receipts.Receipt paid = new Receipts.Receipt("k1", AT.plusSeconds(5), GrantSource.TOP_UP, 100,
                new Money(200, "USD"), Receipts.Status.PAID, "ch_1");

        assertThat(Receipts.stillPending(List.of(pending, other), List.of(paid))).containsExactly(other);
    }
}
