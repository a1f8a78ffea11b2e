package io.creditpool.adapters.payments;

import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.Money;
import io.creditpool.kernel.domain.PendingPurchase;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.ChargeLookup;
import io.creditpool.kernel.port.out.ChargeRequest;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.PaymentGateway;
import io.creditpool.kernel.port.out.ProcessorCharge;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The card processor's charges for this store's installation against the store's ledger: what was charged and not
 * granted, granted and not charged, or charged another amount than the ledger says. It reads each team's ledger once
 * and the processor's list of the installation's charges once, then matches them by purchase key: its work grows
 * with the ledgers and the charges, never with their product. It changes nothing.
 *
 * <p>Charges are matched by the purchase key stored with them, so only purchases made under an installation id
 * ({@code INSTALLATION:TEAM:purchase:N}) are compared; the ledger's charges made before the store had one are counted
 * apart ({@link Report#unkeyedLedgerCharges()}).
 */
public final class PaymentReconciliation {
    /** What is off. */
    public enum Kind {
        /** The processor took the money; the ledger has no grant for it and no purchase is waiting for it. */
        CHARGED_NOT_GRANTED("charged-not-granted"),
        /** The processor took the money for a purchase still pending: {@code recover} grants it once. */
        CHARGED_PENDING("charged-pending"),
        /** The ledger granted credits for a charge the processor does not hold as taken. */
        GRANTED_NOT_CHARGED("granted-not-charged"),
        /** Both hold the charge, with different amounts. */
        AMOUNT_DIFFERS("amount-differs"),
        /** The processor took money more than once for one purchase. */
        CHARGED_TWICE("charged-twice"),
        /** The ledger's charge is not in the processor's list and looking it up gave no answer. */
        UNCONFIRMED("unconfirmed");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /** Its word in reports and the HTTP API: {@code charged-not-granted}, ... */
        public String word() {
            return word;
        }
    }

    /**
     * One thing off.
     *
     * @param kind      what is off
     * @param team      the team the purchase key names
     * @param purchase  the purchase key
     * @param reference the processor's id for the charge, or the ledger's reference ("" when neither has one)
     * @param charged   what the processor took, or null
     * @param ledger    what the ledger recorded as charged, or null
     * @param detail    one sentence for an operator
     */
    public record Finding(Kind kind, TeamId team, String purchase, String reference, Money charged, Money ledger,
            String detail) {
        @Override
        public String toString() {
            return kind.word() + " team " + team + " purchase " + purchase
                    + (reference.isEmpty() ? "" : " charge " + reference) + ": " + detail;
        }
    }

    /**
     * The outcome.
     *
     * @param installation         the store's installation id
     * @param since                the earliest charge compared
     * @param processorCharges     how many charges the processor listed for the installation (taken or not)
     * @param ledgerCharges        how many successful charges of the installation the ledgers hold since then
     * @param unkeyedLedgerCharges successful charges in the ledgers made before the store had an installation id,
     *                             not compared
     * @param findings             what is off, in a stable order
     */
    public record Report(String installation, Instant since, int processorCharges, int ledgerCharges,
            int unkeyedLedgerCharges, List<Finding> findings) {
        public Report {
            findings = List.copyOf(findings);
        }

        public boolean clean() {
            return findings.isEmpty();
        }

        /** The findings of one kind. */
        public List<Finding> of(Kind kind) {
            return findings.stream().filter(f -> f.kind() == kind).toList();
        }
    }

    /** The comparison cannot be made with this store or plugin (no installation id, a plugin that cannot list). */
    public static final class CannotReconcile extends IllegalStateException {
        public CannotReconcile(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The processor's list of charges could not be read (it did not answer, or answered what cannot be read). */
    public static final class ProcessorUnavailable extends IllegalStateException {
        public ProcessorUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private PaymentReconciliation() {
    }

    /**
     * Compares the processor's charges for {@code store}'s installation created at or after {@code since} with the
     * ledgers' charges recorded at or after it.
     *
     * @throws CannotReconcile      when the store has no installation id, or the plugin cannot list its charges
     * @throws ProcessorUnavailable when the processor's list could not be read
     */
    public static Report reconcile(CreditStore store, PaymentGateway payments, Instant since) {
        Objects.requireNonNull(since, "since");
        String installation = store.installationId();
        if (installation == null || installation.isEmpty()) {
            throw new CannotReconcile("the store has no installation id: its charges cannot be told from "
                    + "another store's at the processor", null);
        }
        List<ProcessorCharge> listed;
        try {
            listed = payments.charges(installation, since);
        } catch (UnsupportedOperationException e) {
            throw new CannotReconcile("the payment plugin (" + payments + ") cannot list its charges, so "
                    + "they cannot be reconciled: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ProcessorUnavailable("the payment processor's charges could not be listed: " + e.getMessage(),
                    e);
        }
        String prefix = installation + ":";
        Map<String, List<ProcessorCharge>> taken = new LinkedHashMap<>();
        for (ProcessorCharge c : listed) {
            if (c.succeeded()) {
                taken.computeIfAbsent(c.purchase(), k -> new ArrayList<>()).add(c);
            }
        }
        Map<String, LedgerEntry.ChargeAttempted> granted = new HashMap<>();
        Map<String, LedgerEntry.ChargeAttempted> declined = new HashMap<>();
        Map<String, TeamId> teamOfKey = new HashMap<>();
        int unkeyed = 0;
        java.util.Set<TeamId> teams = new java.util.HashSet<>(store.teams());
        for (TeamId team : teams) {
            for (LedgerEntry e : store.ledger(team)) {
                if (!(e instanceof LedgerEntry.ChargeAttempted c)) {
                    continue;
                }
                if (!c.idempotencyKey().startsWith(prefix)) {
                    if (c.succeeded()) {
                        unkeyed++;
                    }
                    continue;
                }
                teamOfKey.put(c.idempotencyKey(), team);
                (c.succeeded() ? granted : declined).put(c.idempotencyKey(), c);
            }
        }
        List<Finding> findings = new ArrayList<>();
        int ledgerCharges = 0;
        for (Map.Entry<String, List<ProcessorCharge>> entry : taken.entrySet()) {
            String key = entry.getKey();
            List<ProcessorCharge> charges = entry.getValue();
            ProcessorCharge first = charges.get(0);
            TeamId team = teamOfKey.getOrDefault(key, teamOf(key, prefix));
            if (charges.size() > 1) {
                findings.add(new Finding(Kind.CHARGED_TWICE, team, key, first.reference(), first.amount(), null,
                        "the processor took money " + charges.size() + " times for one purchase: "
                                + charges.stream().map(c -> c.reference() + " (" + c.amount() + ")").toList()));
            }
            LedgerEntry.ChargeAttempted recorded = granted.get(key);
            if (recorded != null) {
                if (!recorded.price().equals(first.amount())) {
                    findings.add(new Finding(Kind.AMOUNT_DIFFERS, team, key, first.reference(), first.amount(),
                            recorded.price(), "the processor took " + first.amount() + ", the ledger recorded "
                            + recorded.price()));
                }
                continue;
            }
            boolean pending = team != null && teams.contains(team) && pendingPurchase(store, team, key).isPresent();
            if (pending) {
                findings.add(new Finding(Kind.CHARGED_PENDING, team, key, first.reference(), first.amount(), null,
                        "the processor took " + first.amount() + " for a purchase still pending; ./creditpool "
                                + "recover grants it once"));
            } else {
                LedgerEntry.ChargeAttempted refused = declined.get(key);
                findings.add(new Finding(Kind.CHARGED_NOT_GRANTED, team, key, first.reference(), first.amount(),
                        null, "the processor took " + first.amount() + " and the ledger "
                        + (refused != null ? "recorded the charge as declined (" + refused.reference() + ")"
                        : "has no grant for it")));
            }
        }
        for (LedgerEntry.ChargeAttempted recorded : granted.values().stream()
                .sorted(java.util.Comparator.comparing(LedgerEntry.ChargeAttempted::idempotencyKey)).toList()) {
            if (recorded.at().isBefore(since)) {
                continue;
            }
            ledgerCharges++;
            String key = recorded.idempotencyKey();
            if (taken.containsKey(key)) {
                continue;
            }
            TeamId team = teamOfKey.get(key);
            // the list may have left it out only because the clocks differ near `since`: ask for this one
            ChargeLookup answer = lookup(payments, new ChargeRequest(team, key, recorded.price(), "", installation));
            if (answer instanceof ChargeLookup.Found found && found.result().succeeded()) {
                continue;
            }
            if (answer instanceof ChargeLookup.Unknown unknown) {
                findings.add(new Finding(Kind.UNCONFIRMED, team, key, recorded.reference(), null, recorded.price(),
                        "the ledger granted credits for " + recorded.price() + ", the processor's list does not "
                                + "have the charge and looking it up gave no answer: " + unknown.why()));
            } else {
                findings.add(new Finding(Kind.GRANTED_NOT_CHARGED, team, key, recorded.reference(), null,
                        recorded.price(), "the ledger granted credits for " + recorded.price() + " (charge "
                        + recorded.reference() + ") but the processor holds no such charge taken"));
            }
        }
        findings.sort(java.util.Comparator.comparing((Finding f) -> f.kind().ordinal())
                .thenComparing(Finding::purchase));
        return new Report(installation, since, listed.size(), ledgerCharges, unkeyed, findings);
    }

    private static ChargeLookup lookup(PaymentGateway payments, ChargeRequest request) {
        try {
            return payments.lookup(request);
        } catch (RuntimeException e) {
            return ChargeLookup.unknown(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static Optional<PendingPurchase> pendingPurchase(CreditStore store, TeamId team, String key) {
        return store.inTransaction(team, unit -> unit.team().flatMap(t -> t.pendingPurchase(key)));
    }

    /** The team a key {@code INSTALLATION:TEAM:purchase:N} names, or null when it is not such a key. */
    static TeamId teamOf(String key, String prefix) {
        int end = key.lastIndexOf(":purchase:");
        if (!key.startsWith(prefix) || end <= prefix.length()) {
            return null;
        }
        try {
            return TeamId.of(key.substring(prefix.length(), end));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The report as lines for an operator. */
    public static List<String> lines(Report report) {
        List<String> lines = new ArrayList<>();
        report.findings().forEach(f -> lines.add("WRONG " + f));
        lines.add(String.format(Locale.ROOT, "%d charge(s) at the processor and %d in the ledgers for installation "
                        + "%s since %s: %s", report.processorCharges(), report.ledgerCharges(), report.installation(),
                report.since(), report.clean() ? "they agree" : report.findings().size() + " problem(s)"));
        if (report.unkeyedLedgerCharges() > 0) {
            lines.add(report.unkeyedLedgerCharges() + " charge(s) in the ledgers were made before the store had an "
                    + "installation id and are not compared");
        }
        return lines;
    }
}
