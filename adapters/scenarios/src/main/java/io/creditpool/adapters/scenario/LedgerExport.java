package io.creditpool.adapters.scenario;

import io.creditpool.kernel.domain.BillingCycle;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.port.out.TeamRequest;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.creditpool.adapters.scenario.ScenarioWriter.fields;

/**
 * A team's ledger as a scenario file that makes the same requests again: the team as it stood at the start of a
 * period, then each request its members made in it (consumptions, top-ups the owner bought, reservations and their
 * settling or release, members, roles, limits and auto top-up settings), each at its recorded instant. What follows
 * from them (each cycle's plan credits, expiries, automatic top-ups, reservations that ran out) is left for the rules
 * to decide again. No expectations: {@code replay} compares two runs of it.
 */
public final class LedgerExport {
    /** Where the export came from, for the comment on top: the store, the period in words, when it was made. */
    public record Origin(String store, String period, Instant exportedAt, String command) {
    }

    /** The export: the scenario file's text and the number of steps in it. */
    public record Result(String text, int steps) {
    }

    private final String team;
    private final List<LedgerEntry> ledger;
    /** The denied consumptions and reservations the team's request records tell, in the order they were made. */
    private final List<Denied> denied;
    private final ScenarioWriter out = new ScenarioWriter();
    private final List<String> missing = new ArrayList<>();
    /** Reservations made in the period: only theirs are settled or released in it. */
    private final Set<String> reserved = new HashSet<>();
    private Instant clock;

    private LedgerExport(String team, List<LedgerEntry> ledger, List<TeamRequest> requests) {
        this.team = team;
        this.ledger = ledger;
        this.denied = requests.stream().map(Denied::of).filter(Objects::nonNull).toList();
    }

    /** A consumption or reservation that was denied when it was made, as its request record tells it. */
    private record Denied(Instant at, String step, Map<String, Object> values, String code) {
        private static final Pattern CONSUME = Pattern.compile(
                "ConsumeCreditsCommand\\[team=[^,]*, member=([^,]*), credits=(\\d+), id=([^\\]]*)\\]");
        private static final Pattern RESERVE = Pattern.compile("ReserveCreditsCommand\\[team=[^,]*, member=([^,]*), "
                + "credits=(\\d+), holdFor=([^,]*), id=([^\\]]*)\\]");

        /** The denied spending request {@code r} records; null for any other request. */
        static Denied of(TeamRequest r) {
            Decision d = r.recorded().decision();
            if (d == null || d.accepted() || d.denial() == DenialCode.REQUEST_CONFLICT || r.recorded().at() == null) {
                return null;
            }
            Instant at = r.recorded().at();
            String code = d.outcome(); // a code of the rule set's own, or Creditpool's
            Matcher consume = CONSUME.matcher(r.recorded().fingerprint());
            if (consume.matches()) {
                return new Denied(at, "consume", ScenarioWriter.fields("member", consume.group(1),
                        "amount", Long.parseLong(consume.group(2)), "id", consume.group(3)), code);
            }
            Matcher reserve = RESERVE.matcher(r.recorded().fingerprint());
            if (reserve.matches()) {
                Duration holdFor = reserve.group(3).equals("null") ? null : Duration.parse(reserve.group(3));
                return new Denied(at, "reserve", ScenarioWriter.fields("member", reserve.group(1),
                        "amount", Long.parseLong(reserve.group(2)), "hold-for", holdFor, "id", reserve.group(4)), code);
            }
            return null;
        }
    }

    /**
     * The scenario for {@code team}'s requests from {@code from} (null: its creation) until {@code until} (exclusive;
     * null: the end of the ledger). Throws {@link IllegalArgumentException} when the ledger does not say how the team
     * was created or the period ends before it was.
     */
    public static Result of(String team, List<LedgerEntry> ledger, Instant from, Instant until, Origin origin) {
        return of(team, ledger, List.of(), from, until, origin);
    }

    /**
     * As {@link #of(String, List, Instant, Instant, Origin)}, with the team's recorded {@code requests}: the
     * consumptions and reservations among them that were denied go into the scenario too, at their instant.
     */
    public static Result of(String team, List<LedgerEntry> ledger, List<TeamRequest> requests, Instant from,
            Instant until, Origin origin) {
        return new LedgerExport(team, ledger, requests).export(from, until, origin);
    }

    private Result export(Instant from, Instant until, Origin origin) {
        TeamAsOf.Creation created = ledger.stream().map(TeamAsOf::creation).filter(c -> c != null).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("team '" + team + "': its ledger does not record how "
                        + "it was created (plan, seats, owner), so it cannot be exported"));
        if (until != null && !until.isAfter(created.at())) {
            throw new IllegalArgumentException("team '" + team + "' was created at " + created.at()
                    + ", after the period ends; nothing to export");
        }
        Instant start = from == null || from.isBefore(created.at()) ? created.at() : from;
        clock = start;
        TeamAsOf atStart = TeamAsOf.before(created, ledger, start);
        if (start.isAfter(created.at())) {
            setUp(atStart, start);
        }
        requests(created, start, until);
        missing.add(0, "requests that were denied and came without a request id, and denied requests other than "
                + "consumptions and reservations: only a request with an id is recorded with its decision (denied "
                + "consumptions and reservations with an id are here, each marked)");
        missing.add(1, "the request ids of top-ups and setting changes (consumptions, reservations and settlements "
                + "keep theirs); a top-up is at the instant its charge was answered, and one whose charge has no "
                + "answer yet is not here");
        header(created, origin);
        Map<String, Object> teamFields = fields("id", team, "plan", created.plan(), "seats", created.seats(),
                "owner", created.owner(), "billing-anchor-day", created.anchorDay());
        String name = "Team " + team + "'s requests, " + origin.period() + ", from its ledger";
        return new Result(out.text(name, start.toString(), teamFields), out.steps());
    }

    private void header(TeamAsOf.Creation created, Origin origin) {
        out.comment("Team " + team + "'s requests from its ledger, as a scenario (./creditpool " + origin.command()
                + ").");
        out.comment("Store: " + origin.store() + "; period: " + origin.period() + "; exported at "
                + origin.exportedAt() + ".");
        out.comment("Team created at " + created.at() + " on plan " + created.plan() + " with " + created.seats()
                + " seats, owner " + created.owner() + ", billing anchor day " + created.anchorDay() + ".");
        out.comment("");
        out.comment("The steps make each request the team's members made, at its recorded instant. What followed from");
        out.comment("them (each cycle's plan credits, expiries, automatic top-ups, reservations that ran out) is for");
        out.comment("the rules to decide again. No expectations: see what other rules would have decided with");
        out.comment("  ./creditpool replay --rules NEW_RULES THIS_FILE");
        out.comment("");
        out.comment("Not reconstructed from the ledger:");
        missing.forEach(m -> out.comment("  - " + m));
    }

    /** The first steps, at the start: the team as it stood then, as far as requests can make it so. */
    private void setUp(TeamAsOf atStart, Instant start) {
        String owner = atStart.creation().owner();
        out.stepComment("The team as it stood at " + start + ":");
        atStart.roles().forEach((member, role) -> out.step("invite", fields("by", owner, "member", member,
                "role", role)));
        atStart.limits().forEach((member, limit) -> out.step("set-limit", fields("by", owner, "member", member,
                "limit", limit.equals("unlimited") ? limit : Long.valueOf(limit))));
        atStart.ownLimits().forEach((member, limit) -> out.step("own-limit", fields("member", member,
                "limit", Long.valueOf(limit))));
        atStart.groups().forEach((group, g) -> out.step("group", fields("by", owner, "create", group,
                "name", g.name(), "cap", capValue(g.cap()))));
        atStart.groupOf().forEach((member, group) -> out.step("group", fields("by", owner, "move", member,
                "to", group)));
        TeamAsOf.AutoTopUpSettings auto = atStart.autoTopUp();
        if (auto != null) {
            out.step("auto-top-up", fields("by", owner, "enabled", true, "threshold", auto.threshold(),
                    "amount", auto.amount(), "monthly-cap", auto.monthlyCap()));
            missing.add("the auto top-up's state at " + start + " (whether armed, what it spent this month against "
                    + "its cap, declines in a row, a pause): it starts afresh");
        }
        long bought = atStart.remaining(GrantSource.TOP_UP, GrantSource.AUTO_TOP_UP);
        if (bought > 0) {
            out.stepComment("top-up credits left from before the period, bought again in one top-up:");
            out.step("top-up", fields("by", owner, "amount", bought));
            missing.add("the " + bought + " top-up credits left at " + start + " are one top-up the owner buys then "
                    + "(a charge the real team did not make then; one grant instead of several)");
        }
        for (LedgerEntry.CreditsReserved r : atStart.openReservations(start)) {
            missing.add("reservation " + r.reservation().value() + " (" + r.member().value() + ", " + r.credits()
                    + " credits held since " + r.at() + ") was open at " + start + ": it and its settling or release "
                    + "are left out, since its credits came from the pool as it was before the period");
        }
        int anchor = atStart.creation().anchorDay();
        if (!BillingCycle.nextAnchorAfter(start.minusNanos(1), anchor).equals(start)) {
            missing.add("the period starts within a billing cycle: the team starts a new one at " + start + " with "
                    + "the plan credits the rules grant for it (the real team had "
                    + atStart.remaining(GrantSource.PLAN) + " plan credits left then)");
        }
        if (!atStart.groups().isEmpty()) {
            missing.add("what groups had used in " + YearMonth.from(start.atOffset(ZoneOffset.UTC)) + " before "
                    + start + ": their usage starts at 0");
        }
        Map<String, Long> used = usedInMonthBefore(start);
        if (!used.isEmpty()) {
            List<String> parts = new ArrayList<>();
            used.forEach((member, credits) -> parts.add(member + " " + credits));
            missing.add("what members had used in " + YearMonth.from(start.atOffset(ZoneOffset.UTC)) + " before "
                    + start + " (" + String.join(", ", parts) + "): their usage starts at 0");
        }
        out.stepComment("The requests of the period:");
    }

    /** Credits spent in the calendar month of {@code start} before it, by member. */
    private Map<String, Long> usedInMonthBefore(Instant start) {
        Instant monthStart = YearMonth.from(start.atOffset(ZoneOffset.UTC)).atDay(1).atStartOfDay()
                .toInstant(ZoneOffset.UTC);
        Map<String, Long> used = new LinkedHashMap<>();
        for (LedgerEntry e : ledger) {
            if (e.at().isBefore(monthStart) || !e.at().isBefore(start)) {
                continue;
            }
            if (e instanceof LedgerEntry.CreditsConsumed c) {
                used.merge(c.member().value(), c.credits(), Long::sum);
            } else if (e instanceof LedgerEntry.ReservationSettled s && s.consumed() > 0) {
                used.merge(s.member().value(), s.consumed(), Long::sum);
            }
        }
        return used;
    }

    /** Every request of the period, in the ledger's order, with the clock moved to its instant first. */
    private void requests(TeamAsOf.Creation created, Instant start, Instant until) {
        String owner = created.owner();
        int declinedAutomatic = 0;
        List<Denied> deniedInPeriod = denied.stream().filter(d -> !d.at().isBefore(start)
                && (until == null || d.at().isBefore(until))).toList();
        int next = 0;
        for (LedgerEntry e : ledger) {
            if (e.at().isBefore(start) || (until != null && !e.at().isBefore(until))) {
                continue;
            }
            for (; next < deniedInPeriod.size() && !deniedInPeriod.get(next).at().isAfter(e.at()); next++) {
                denied(deniedInPeriod.get(next));
            }
            if (e instanceof LedgerEntry.SettingChanged s) {
                setting(s);
            } else if (e instanceof LedgerEntry.CreditsConsumed c) {
                step(c.at(), "consume", fields("member", c.member().value(), "amount", c.credits(),
                        "id", id(c.requestId())));
            } else if (e instanceof LedgerEntry.CreditsReserved r) {
                reserved.add(r.reservation().value());
                step(r.at(), "reserve", fields("member", r.member().value(), "amount", r.credits(),
                        "hold-for", Duration.between(r.at(), r.expiresAt()), "id", r.reservation().value()));
            } else if (e instanceof LedgerEntry.ReservationSettled s && reserved.contains(s.reservation().value())) {
                settled(s);
            } else if (e instanceof LedgerEntry.ChargeAttempted c && c.source() == GrantSource.TOP_UP) {
                if (c.succeeded()) {
                    step(c.at(), "top-up", fields("by", owner, "amount", c.credits()));
                } else {
                    // the processor's answer is not the rules' to decide: the sandbox gives the same one
                    advanceTo(c.at());
                    out.stepComment("the processor declined this top-up (" + c.reference() + "):");
                    out.step("payments", "decline");
                    out.step("top-up", fields("by", owner, "amount", c.credits()));
                    out.step("payments", "accept");
                }
            } else if (e instanceof LedgerEntry.ChargeAttempted c && !c.succeeded()) {
                declinedAutomatic++;
            }
        }
        deniedInPeriod.subList(next, deniedInPeriod.size()).forEach(this::denied);
        if (declinedAutomatic > 0) {
            missing.add(declinedAutomatic + " automatic top-up charge(s) the processor declined: the sandbox accepts "
                    + "every automatic top-up here");
        }
    }

    private void denied(Denied d) {
        advanceTo(d.at());
        out.stepComment("denied (" + d.code() + ") when it was made:");
        out.step(d.step(), d.values());
    }

    private void settled(LedgerEntry.ReservationSettled s) {
        String by = s.by() == null ? s.member().value() : s.by().value();
        switch (s.ending()) {
            case SETTLED -> step(s.at(), "settle", fields("member", by, "reservation", s.reservation().value(),
                    "amount", s.consumed(), "id", id(s.requestId())));
            case RELEASED -> step(s.at(), "release", fields("member", by, "reservation", s.reservation().value(),
                    "id", id(s.requestId())));
            case EXPIRED -> {
                // ran out by itself: the rules' clock does that again
            }
        }
    }

    private void setting(LedgerEntry.SettingChanged s) {
        String by = s.by().value();
        String setting = s.setting();
        String value = s.value();
        if (setting.equals("team") || setting.equals("billing cycles")) {
            // billing cycles passed over at once: the rules' clock passes them again in a replay
            return;
        }
        if (setting.startsWith("member ") && value.startsWith("invited as ")) {
            step(s.at(), "invite", fields("by", by, "member", setting.substring("member ".length()),
                    "role", value.substring("invited as ".length())));
        } else if (setting.startsWith("member ") && value.equals("removed")) {
            step(s.at(), "remove", fields("by", by, "member", setting.substring("member ".length())));
        } else if (setting.startsWith("role of ")) {
            step(s.at(), "role", fields("by", by, "member", setting.substring("role of ".length()), "role", value));
        } else if (setting.startsWith("monthly limit of ")) {
            step(s.at(), "set-limit", fields("by", by, "member", setting.substring("monthly limit of ".length()),
                    "limit", value.equals("unlimited") ? value : Long.valueOf(value)));
        } else if (setting.startsWith("own monthly limit of ")) {
            step(s.at(), "own-limit", fields("member", setting.substring("own monthly limit of ".length()),
                    "limit", value.equals("unlimited") ? value : Long.valueOf(value)));
        } else if (setting.startsWith("group of ")) {
            step(s.at(), "group", fields("by", by, "move", setting.substring("group of ".length()), "to", value));
        } else if (setting.startsWith("group ") && TeamAsOf.groupCreated(value) != null) {
            TeamAsOf.GroupSettings g = TeamAsOf.groupCreated(value);
            step(s.at(), "group", fields("by", by, "create", setting.substring("group ".length()), "name", g.name(),
                    "cap", capValue(g.cap())));
        } else if (setting.startsWith("group ") && value.equals("deleted")) {
            step(s.at(), "group", fields("by", by, "delete", setting.substring("group ".length())));
        } else if (setting.startsWith("group ") && TeamAsOf.groupChanged(value) != null) {
            TeamAsOf.GroupChange g = TeamAsOf.groupChanged(value);
            step(s.at(), "group", fields("by", by, "change", setting.substring("group ".length()), "name", g.name(),
                    "cap", g.cap() == null ? null : capValue(g.cap())));
        } else if (setting.equals("auto top-up") && value.equals("disabled")) {
            step(s.at(), "auto-top-up", fields("by", by, "enabled", false));
        } else if (setting.equals("auto top-up") && TeamAsOf.autoTopUp(value) != null) {
            TeamAsOf.AutoTopUpSettings a = TeamAsOf.autoTopUp(value);
            step(s.at(), "auto-top-up", fields("by", by, "enabled", true, "threshold", a.threshold(),
                    "amount", a.amount(), "monthly-cap", a.monthlyCap()));
        } else {
            missing.add("'" + setting + "' set to '" + value + "' at " + s.at() + " by " + by + ": the scenario "
                    + "format has no step for it");
        }
    }

    /** A cap as a step writes it: a number, or the word unlimited. */
    private static Object capValue(String cap) {
        return cap.equals("unlimited") ? cap : Long.valueOf(cap);
    }

    private void step(Instant at, String command, Map<String, Object> fields) {
        advanceTo(at);
        out.step(command, fields);
    }

    private void advanceTo(Instant at) {
        if (at.isAfter(clock)) {
            out.step("advance", at);
            clock = at;
        }
    }

    private static String id(RequestId id) {
        return id == null ? null : id.value();
    }
}
