package io.creditpool.adapters.http.portal;

import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.Money;
import io.creditpool.kernel.domain.PendingPurchase;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Receipts of the team's top-ups, bought by the owner or by auto top-up: one for each charge the ledger records
 * ({@link LedgerEntry.ChargeAttempted}: paid or declined, with the processor's reference), and one for each purchase
 * whose charge has no answer yet (pending, no reference). As a table on the page and as CSV (RFC 4180).
 */
final class Receipts {
    /** The CSV's header line: what each column holds. */
    static final List<String> COLUMNS = List.of("date", "kind", "credits", "amount", "currency", "status",
            "reference");

    enum Status {
        PAID, DECLINED, PENDING;

        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One receipt: when, what was bought, for how much, how its charge ended and the processor's reference. */
    record Receipt(String key, Instant at, GrantSource source, long credits, Money price, Status status,
            String reference) {
        static Receipt of(LedgerEntry.ChargeAttempted c) {
            return new Receipt(c.idempotencyKey(), c.at(), c.source(), c.credits(), c.price(), c.succeeded()
                    ? Status.PAID : Status.DECLINED, c.reference() == null ? "" : c.reference());
        }

        static Receipt of(PendingPurchase p) {
            return new Receipt(p.key(), p.startedAt(), p.source(), p.credits(), p.price(), Status.PENDING, "");
        }

        String kind() {
            return source == GrantSource.AUTO_TOP_UP ? "auto top-up" : "top-up";
        }

        /** The receipt as a CSV record's fields, in the order of {@link #COLUMNS}. */
        List<String> fields() {
            return List.of(at.toString(), kind(), Long.toString(credits), Words.plainMoney(price.minorUnits(),
                    price.currency()), price.currency(), status.word(), reference);
        }
    }

    private Receipts() {
    }

    /** The purchases still waiting for their charge's answer, newest first. */
    static List<Receipt> pending(Collection<PendingPurchase> purchases) {
        return purchases.stream().filter(p -> p.source().bought()).sorted(Comparator.comparing(
                PendingPurchase::startedAt).reversed()).map(Receipt::of).toList();
    }

    /**
     * The pending receipts read before {@code newest}, without those the ledger read after them holds already: a
     * purchase whose charge was answered in between is told once, by its charge.
     */
    static List<Receipt> stillPending(List<Receipt> pending, List<Receipt> newest) {
        java.util.Set<String> answered = new java.util.HashSet<>();
        newest.forEach(r -> answered.add(r.key()));
        return pending.stream().filter(r -> !answered.contains(r.key())).toList();
    }

    /** At most {@code limit} receipts of {@code ledger} (oldest entry first), newest first. */
    static List<Receipt> newest(List<LedgerEntry> ledger, int limit) {
        List<Receipt> found = new ArrayList<>();
        for (int i = ledger.size() - 1; i >= 0 && found.size() < limit; i--) {
            if (ledger.get(i) instanceof LedgerEntry.ChargeAttempted c) {
                found.add(Receipt.of(c));
            }
        }
        return found;
    }

    /** One CSV record, ended by CRLF (RFC 4180). */
    static void write(Writer out, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(field(fields.get(i)));
        }
        out.write("\r\n");
    }

    /**
     * A field as RFC 4180 writes it: in double quotes when it holds a comma, a double quote, a line break or
     * leading or trailing spaces, with each double quote inside doubled; as it is otherwise.
     */
    static String field(String value) {
        String v = value == null ? "" : value;
        boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0
                || !v.equals(v.strip());
        return quote ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
