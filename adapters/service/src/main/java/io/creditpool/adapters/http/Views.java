package io.creditpool.adapters.http;

import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.UnitPrice;
import io.creditpool.kernel.port.in.TeamMetrics;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * What the service answers, as records the JSON mapper writes with snake_case names. Every field is always
 * present; one that does not apply is null (an expiry that never comes, a threshold while auto top-up is off).
 * Team ids are shown as the caller's product knows them, without the product prefix.
 */
final class Views {
    private Views() {
    }

    /** An accepted command, with the version of the rule set that decided it. */
    record Accepted(boolean accepted, List<String> rules, long balance, String rulesVersion) {
        static Accepted of(Decision decision) {
            return new Accepted(true, decision.rules(), decision.balance(), decision.rulesVersion());
        }
    }

    /** An accepted command that changed the team's settings, with the team as it is now. */
    record AcceptedWithSummary(boolean accepted, List<String> rules, long balance, String rulesVersion,
            Summary summary) {
        static AcceptedWithSummary of(Decision decision, Summary summary) {
            return new AcceptedWithSummary(true, decision.rules(), decision.balance(), decision.rulesVersion(),
                    summary);
        }
    }

    record Status(String status) {
    }

    /** The live rule set, for operators: its version, where it came from, when it went live, whether it is watched. */
    /** The live rules; {@code ruleUsage}: how many decisions each rule fired in since they went live. */
    record Rules(String version, String origin, Instant loadedAt, boolean watching, Map<String, Long> ruleUsage) {
    }

    /** The card processor's charges for this installation against the ledger; see {@code PaymentReconciliation}. */
    record Reconciliation(String installation, Instant since, int processorCharges, int ledgerCharges,
            int unkeyedLedgerCharges, boolean clean, List<ReconciliationFinding> findings) {
    }

    /** One thing off: amounts as minor units and currency, null where that side has no charge. */
    record ReconciliationFinding(String kind, String team, String purchase, String reference, MoneyView charged,
            MoneyView ledger, String detail) {
    }

    /** An amount of money in minor units of its currency. */
    record MoneyView(long amount, String currency) {
    }

    /** A reload that left a rule set live: {@code reloaded} (a new version) or {@code unchanged}. */
    record RulesReloaded(String outcome, String version, String previousVersion, long tookMs) {
    }

    record Plans(List<PlanRow> plans) {
        static Plans of(Collection<Plan> plans) {
            return new Plans(plans.stream().map(p -> new PlanRow(p.name(), p.tier().word(), p.monthlyCreditsPerSeat(),
                    p.price().wholeMinorUnitsPerCredit().orElse(null), p.currency(), PlanPrice.of(p.price())))
                    .toList());
        }
    }

    /**
     * A row of the plan table. {@code pricePerCredit}: the price of one credit in whole minor units of the currency,
     * as it always was; null when the price is not a whole number of minor units (1.5 cents a credit). {@code price}:
     * the price exactly, as it is sold.
     */
    record PlanRow(String name, String tier, long monthlyCreditsPerSeat, Long pricePerCredit, String currency,
            PlanPrice price) {
    }

    /**
     * A plan's price exactly, in major units of the currency as decimal strings ({@code "0.015"} USD a credit):
     * {@code perCredit} (null when a price per block divides into no exact decimal, 10 USD per 3 credits), and
     * {@code perBlock} when the plan is priced per block of credits. What a top-up charges is rounded down to the
     * minor unit, in the customer's favour.
     */
    record PlanPrice(String perCredit, String currency, Block perBlock) {
        static PlanPrice of(UnitPrice price) {
            return new PlanPrice(price.majorUnitsPerCredit().map(BigDecimal::toPlainString).orElse(null),
                    price.currency(), price.perCredit() ? null
                            : new Block(price.majorUnits().toPlainString(), price.credits()));
        }
    }

    /** A price for a block of credits: {@code "15"} (major units) for {@code 1000} credits. */
    record Block(String amount, long credits) {
    }

    /** What the workspace settings show. */
    record Summary(String team, String plan, long balance, long planCredits, long topUpCredits, Cycle cycle,
            List<GrantRow> grants, Seats seats, List<MemberRow> members, AutoTopUpState autoTopUp,
            int pendingPurchases, long topUps, long charges, long held, List<HeldRow> reservations,
            List<GroupRow> groups) {
        static Summary of(String team, TeamMetrics m) {
            return new Summary(team, m.plan(), m.balance(), m.planCredits(), m.topUpCredits(),
                    new Cycle(m.cycle().start(), m.cycle().end()),
                    m.grants().stream().map(g -> new GrantRow(g.grantId(), g.source().word(), g.remaining(),
                            g.expiresAt())).toList(),
                    new Seats(m.seatsTotal(), m.seatsUsed(), m.seatsAvailable()),
                    m.members().stream().map(MemberRow::of).toList(),
                    AutoTopUpState.of(m.autoTopUp(), m.autoTopUpInFlight()), m.pendingPurchases(), m.topUps(),
                    m.charges(), m.held(), m.reservations().stream().map(r -> new HeldRow(r.reservation().value(),
                            r.member().value(), r.credits(), r.reservedAt(), r.expiresAt())).toList(),
                    m.groups().stream().map(GroupRow::of).toList());
        }
    }

    /** {@code GET /v1/teams/{team}/groups}: the team's groups, in the order they were made. */
    record Groups(String team, List<GroupRow> groups) {
    }

    /**
     * A group: its id, name, monthly cap (a number or {@code "unlimited"}), what its members used this calendar month
     * while in it (held credits included), what is left of its cap ({@code null}: no cap) and how many members are in
     * it now.
     */
    record GroupRow(String group, String name, Object cap, long usageThisMonth, Long left, int members) {
        static GroupRow of(TeamMetrics.GroupUsage g) {
            return new GroupRow(g.group().value(), g.name(), g.cap().unlimited() ? "unlimited" : g.cap().credits(),
                    g.usageThisMonth(), g.left().isPresent() ? g.left().getAsLong() : null, g.members());
        }
    }

    /** What a member can spend now, and what binds it: {@code pool}, {@code member-limit}, {@code own-limit}, {@code group-cap}. */
    record SpendableView(long credits, String boundBy) {
    }

    /** An open reservation: credits held for a member's work in progress until settled, released or expired. */
    record HeldRow(String reservation, String member, long credits, Instant reservedAt, Instant expiresAt) {
    }

    record Cycle(Instant start, Instant end) {
    }

    /** What is left of one grant; {@code expires_at} null: never. */
    record GrantRow(long grantId, String source, long remaining, Instant expiresAt) {
    }

    record Seats(int total, int used, int available) {
    }

    /**
     * A member's usage this calendar month (UTC), the monthly limit the owner or an admin set and the one they set
     * themselves (each a number or {@code "unlimited"}; the lower applies), their group (null: none), and what they
     * can spend now.
     */
    record MemberRow(String member, String role, long usageThisMonth, Object limit, Object ownLimit, String group,
            SpendableView spendable) {
        static MemberRow of(TeamMetrics.MemberUsage u) {
            return new MemberRow(u.member().value(), u.role().word(), u.usageThisMonth(), Views.limit(u.limit()),
                    Views.limit(u.ownLimit()), u.group() == null ? null : u.group().value(), u.spendable() == null ? null
                            : new SpendableView(u.spendable().credits(), u.spendable().bound().word()));
        }
    }

    /**
     * Auto top-up settings (threshold, amount and cap null while it is off; cap null also for no cap) and where it
     * stands: armed to buy on the next crossing, paused after declines, spent this billing month, a purchase in flight.
     */
    record AutoTopUpState(boolean enabled, Long threshold, Long amount, Long monthlyCap, boolean armed, boolean paused,
            int declines, long spentThisCycle, boolean inFlight) {
        static AutoTopUpState of(AutoTopUp a, boolean inFlight) {
            return new AutoTopUpState(a.enabled(), a.enabled() ? a.threshold() : null, a.enabled() ? a.amount() : null,
                    a.monthlyCap(), a.armed(), a.paused(), a.declines(), a.spentThisCycle(), inFlight);
        }
    }

    static Object limit(MemberLimit limit) {
        return limit.unlimited() ? "unlimited" : (Object) limit.credits();
    }

    /** A page of the ledger, newest first; {@code next_before} asks for the page after it (null: no more). */
    record LedgerPage(List<Entry> entries, Long nextBefore) {
        /** The page's entries newest first, and the {@code before} of the next (older) page, null when none is left. */
        static LedgerPage of(io.creditpool.kernel.port.in.LedgerPage page, UnaryOperator<String> local) {
            List<Entry> entries = new ArrayList<>();
            for (int i = page.entries().size() - 1; i >= 0; i--) {
                entries.add(entry(page.firstSeq() + i, page.entries().get(i), local));
            }
            return new LedgerPage(entries, page.firstSeq() > 1 && !entries.isEmpty() ? page.firstSeq() : null);
        }
    }

    /** One ledger entry: {@code seq}, {@code kind}, {@code at}, {@code balance_change} and the kind's own fields. */
    sealed interface Entry permits Granted, Expired, Consumed, Charge, Setting, Reserved, Settled, Other {
    }

    record Granted(long seq, String kind, Instant at, long balanceChange, long grantId, String source, long credits,
            Instant expiresAt, List<String> rules) implements Entry {
    }

    record Expired(long seq, String kind, Instant at, long balanceChange, long grantId, String source, long credits)
            implements Entry {
    }

    /** A consumption; {@code group} and {@code group_cap} (null: none) are the group it counted against and its cap. */
    record Consumed(long seq, String kind, Instant at, long balanceChange, String member, long credits,
            List<Draw> draws, Object limit, String requestId, String group, Object groupCap) implements Entry {
    }

    /** One grant a consumption drew from, in burn order. */
    record Draw(long grantId, String source, long credits) {
    }

    /** A charge for a top-up; the price is in minor units of the currency. */
    record Charge(long seq, String kind, Instant at, long balanceChange, String purchaseKey, String source,
            long credits, long price, String currency, boolean succeeded, String reference) implements Entry {
    }

    record Setting(long seq, String kind, Instant at, long balanceChange, String by, String setting, String value)
            implements Entry {
    }

    /** Credits held for work in progress, drawn from grants in burn order, until {@code expires_at}. */
    record Reserved(long seq, String kind, Instant at, long balanceChange, String reservation, String member,
            long credits, List<Draw> draws, Instant expiresAt, String group) implements Entry {
    }

    /** How a reservation ended ({@code settled}, {@code released}, {@code expired}): what it spent, what went back. */
    record Settled(long seq, String kind, Instant at, long balanceChange, String reservation, String member,
            String by, String ending, long reserved, long consumed, List<Draw> consumedDraws, List<Draw> releasedDraws,
            String requestId) implements Entry {
    }

    /** An entry of a kind this version of the API does not describe yet: its common fields only. */
    record Other(long seq, String kind, Instant at, long balanceChange) implements Entry {
    }

    private static Draw draw(LedgerEntry.Draw d) {
        return new Draw(d.grantId(), d.source().word(), d.credits());
    }

    private static Entry entry(long seq, LedgerEntry e, UnaryOperator<String> local) {
        if (e instanceof LedgerEntry.CreditsGranted g) {
            return new Granted(seq, "granted", g.at(), g.balanceChange(), g.grantId(), g.source().word(), g.credits(),
                    g.expiresAt(), g.rules());
        }
        if (e instanceof LedgerEntry.CreditsExpired x) {
            return new Expired(seq, "expired", x.at(), x.balanceChange(), x.grantId(), x.source().word(), x.credits());
        }
        if (e instanceof LedgerEntry.CreditsConsumed c) {
            return new Consumed(seq, "consumed", c.at(), c.balanceChange(), c.member().value(), c.credits(),
                    c.draws().stream().map(Views::draw).toList(),
                    limit(c.limit()), c.requestId() == null ? null : c.requestId().value(),
                    c.group() == null ? null : c.group().value(), c.groupCap() == null ? null
                            : c.groupCap().unlimited() ? "unlimited" : (Object) c.groupCap().credits());
        }
        if (e instanceof LedgerEntry.ChargeAttempted c) {
            return new Charge(seq, "charge", c.at(), c.balanceChange(), local.apply(c.idempotencyKey()),
                    c.source().word(), c.credits(), c.price().minorUnits(), c.price().currency(), c.succeeded(),
                    c.reference());
        }
        if (e instanceof LedgerEntry.SettingChanged s) {
            return new Setting(seq, "setting", s.at(), s.balanceChange(), s.by().value(), s.setting(), s.value());
        }
        if (e instanceof LedgerEntry.CreditsReserved r) {
            return new Reserved(seq, "reserved", r.at(), r.balanceChange(), r.reservation().value(),
                    r.member().value(), r.credits(), r.draws().stream().map(d -> draw(d.draw())).toList(),
                    r.expiresAt(), r.group() == null ? null : r.group().value());
        }
        if (e instanceof LedgerEntry.ReservationSettled r) {
            return new Settled(seq, "settled", r.at(), r.balanceChange(), r.reservation().value(), r.member().value(),
                    r.by() == null ? null : r.by().value(), r.ending().word(), r.reserved(), r.consumed(),
                    r.consumedDraws().stream().map(Views::draw).toList(),
                    r.releasedDraws().stream().map(Views::draw).toList(),
                    r.requestId() == null ? null : r.requestId().value());
        }
        // a kind added later: CreditsSomething -> credits-something
        String kind = e.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        return new Other(seq, kind, e.at(), e.balanceChange());
    }
}
