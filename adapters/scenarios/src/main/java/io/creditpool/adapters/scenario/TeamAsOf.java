package io.creditpool.adapters.scenario;

import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.LedgerEntry;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A team as its ledger tells it up to an instant: how it was created, its members with their roles and limits, its
 * auto top-up settings, what is left of each grant and its open reservations.
 */
final class TeamAsOf {
    private static final Pattern CREATED = Pattern.compile(
            "created on plan (\\S+) with (\\d+) seats, billing anchor day (\\d+)");
    private static final Pattern AUTO_TOP_UP = Pattern.compile(
            "threshold (\\d+), amount (\\d+)(?:, monthly cap (\\d+))?");
    /** A group's creation in the ledger: {@code created: name "Design", cap 1000} (or {@code cap unlimited}). */
    private static final Pattern GROUP_CREATED = Pattern.compile("created: name (\"(?:[^\"\\\\]|\\\\.)*\"), cap "
            + "(\\d+|unlimited)");
    /** A group's change: {@code name "Product design"}, {@code cap 500}, or both. */
    private static final Pattern GROUP_CHANGED = Pattern.compile("(?:name (\"(?:[^\"\\\\]|\\\\.)*\"))?(?:, )?"
            + "(?:cap (\\d+|unlimited))?");
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** A group as the ledger tells it: its name and its cap ({@code unlimited} or a number). */
    record GroupSettings(String name, String cap) {
    }

    /** A change of a group as the ledger tells it: a new name and a new cap, each null when unchanged. */
    record GroupChange(String name, String cap) {
    }

    /** How the team was created, from the ledger's first entry. */
    record Creation(Instant at, String plan, int seats, String owner, int anchorDay) {
    }

    /** Auto top-up settings as an owner or admin gave them; {@code monthlyCap} null: no cap. */
    record AutoTopUpSettings(long threshold, long amount, Long monthlyCap) {
    }

    private final Creation creation;
    /** Members other than the owner, in the order they joined, with their role word. */
    private final Map<String, String> roles = new LinkedHashMap<>();
    /** Limits other than unlimited, by member. */
    private final Map<String, String> limits = new LinkedHashMap<>();
    private AutoTopUpSettings autoTopUp;
    private final Map<Long, GrantSource> sources = new LinkedHashMap<>();
    private final Map<Long, Long> remaining = new LinkedHashMap<>();
    private final Map<String, LedgerEntry.CreditsReserved> reservations = new LinkedHashMap<>();
    /** The team's groups in the order they were made. */
    private final Map<String, GroupSettings> groups = new LinkedHashMap<>();
    /** Members in a group, and the group. */
    private final Map<String, String> groupOf = new LinkedHashMap<>();
    /** Limits members set themselves, other than unlimited. */
    private final Map<String, String> ownLimits = new LinkedHashMap<>();

    private TeamAsOf(Creation creation) {
        this.creation = creation;
    }

    /** The team as created, or null when {@code entry} is not the entry of a team's creation. */
    static Creation creation(LedgerEntry entry) {
        if (entry instanceof LedgerEntry.SettingChanged s && s.setting().equals("team")) {
            Matcher m = CREATED.matcher(s.value());
            if (m.matches()) {
                return new Creation(s.at(), m.group(1), Integer.parseInt(m.group(2)), s.by().value(),
                        Integer.parseInt(m.group(3)));
            }
        }
        return null;
    }

    /** The team just before {@code at}: every entry dated earlier applied (the ledger dates cycle work at its time). */
    static TeamAsOf before(Creation creation, List<LedgerEntry> ledger, Instant at) {
        TeamAsOf team = new TeamAsOf(creation);
        for (LedgerEntry e : ledger) {
            if (e.at().isBefore(at)) {
                team.apply(e);
            }
        }
        return team;
    }

    /** Auto top-up settings from a ledger value; null: disabled (or a value this version does not know). */
    static AutoTopUpSettings autoTopUp(String value) {
        Matcher m = AUTO_TOP_UP.matcher(value);
        if (!m.matches()) {
            return null;
        }
        return new AutoTopUpSettings(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                m.group(3) == null ? null : Long.valueOf(m.group(3)));
    }

    /** A group's creation from a ledger value; null when the value is not one. */
    static GroupSettings groupCreated(String value) {
        Matcher m = GROUP_CREATED.matcher(value);
        return m.matches() ? new GroupSettings(unquoted(m.group(1)), m.group(2)) : null;
    }

    /** A group's change from a ledger value; null when the value is not one. */
    static GroupChange groupChanged(String value) {
        Matcher m = GROUP_CHANGED.matcher(value);
        if (!m.matches() || (m.group(1) == null && m.group(2) == null)) {
            return null;
        }
        return new GroupChange(m.group(1) == null ? null : unquoted(m.group(1)), m.group(2));
    }

    private static String unquoted(String quoted) {
        try {
            return JSON.readValue(quoted, String.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("a group's name in the ledger cannot be read: " + quoted, e);
        }
    }

    private void apply(LedgerEntry entry) {
        if (entry instanceof LedgerEntry.SettingChanged s) {
            setting(s);
        } else if (entry instanceof LedgerEntry.CreditsGranted g) {
            sources.put(g.grantId(), g.source());
            remaining.merge(g.grantId(), g.credits(), Long::sum);
        } else if (entry instanceof LedgerEntry.CreditsExpired x) {
            remaining.merge(x.grantId(), -x.credits(), Long::sum);
        } else if (entry instanceof LedgerEntry.CreditsConsumed c) {
            c.draws().forEach(d -> remaining.merge(d.grantId(), -d.credits(), Long::sum));
        } else if (entry instanceof LedgerEntry.CreditsReserved r) {
            r.draws().forEach(d -> remaining.merge(d.grantId(), -d.credits(), Long::sum));
            reservations.put(r.reservation().value(), r);
        } else if (entry instanceof LedgerEntry.ReservationSettled s) {
            s.releasedDraws().forEach(d -> remaining.merge(d.grantId(), d.credits(), Long::sum));
            reservations.remove(s.reservation().value());
        }
        // a charge changes no credits: its grant is an entry of its own
    }

    private void setting(LedgerEntry.SettingChanged s) {
        String setting = s.setting();
        if (setting.startsWith("member ")) {
            String member = setting.substring("member ".length());
            if (s.value().equals("removed")) {
                roles.remove(member);
                limits.remove(member);
                ownLimits.remove(member);
                groupOf.remove(member);
            } else if (s.value().startsWith("invited as ")) {
                roles.put(member, s.value().substring("invited as ".length()));
                limits.remove(member);
                ownLimits.remove(member);
                groupOf.remove(member);
            }
        } else if (setting.startsWith("role of ")) {
            roles.computeIfPresent(setting.substring("role of ".length()), (k, v) -> s.value());
        } else if (setting.startsWith("monthly limit of ")) {
            String member = setting.substring("monthly limit of ".length());
            if (s.value().equals("unlimited")) {
                limits.remove(member);
            } else {
                limits.put(member, s.value());
            }
        } else if (setting.equals("auto top-up")) {
            autoTopUp = autoTopUp(s.value());
        } else if (setting.startsWith("own monthly limit of ")) {
            String member = setting.substring("own monthly limit of ".length());
            if (s.value().equals("unlimited")) {
                ownLimits.remove(member);
            } else {
                ownLimits.put(member, s.value());
            }
        } else if (setting.startsWith("group of ")) {
            String member = setting.substring("group of ".length());
            if (s.value().equals(io.creditpool.kernel.domain.GroupId.NONE)) {
                groupOf.remove(member);
            } else {
                groupOf.put(member, s.value());
            }
        } else if (setting.startsWith("group ")) {
            String group = setting.substring("group ".length());
            GroupSettings created = groupCreated(s.value());
            GroupChange changed = groupChanged(s.value());
            if (created != null) {
                groups.put(group, created);
            } else if (s.value().equals("deleted")) {
                groups.remove(group);
                groupOf.values().removeIf(group::equals);
            } else if (changed != null && groups.containsKey(group)) {
                GroupSettings was = groups.get(group);
                groups.put(group, new GroupSettings(changed.name() == null ? was.name() : changed.name(),
                        changed.cap() == null ? was.cap() : changed.cap()));
            }
        }
    }

    Creation creation() {
        return creation;
    }

    /** Members other than the owner, in the order they joined, with their role (member or admin). */
    Map<String, String> roles() {
        return roles;
    }

    /** Members (the owner too) with a monthly limit, and the limit. */
    Map<String, String> limits() {
        return limits;
    }

    /** The team's groups, in the order they were made, with their names and caps. */
    Map<String, GroupSettings> groups() {
        return groups;
    }

    /** Members in a group, and the group. */
    Map<String, String> groupOf() {
        return groupOf;
    }

    /** Members with a limit of their own, and the limit. */
    Map<String, String> ownLimits() {
        return ownLimits;
    }

    /** The auto top-up settings, or null when it is off. */
    AutoTopUpSettings autoTopUp() {
        return autoTopUp;
    }

    /** Credits left of grants from these sources. */
    long remaining(GrantSource... from) {
        long sum = 0;
        for (Map.Entry<Long, Long> e : remaining.entrySet()) {
            if (List.of(from).contains(sources.get(e.getKey()))) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    /** Reservations still open at the instant (made before it and not run out by it). */
    List<LedgerEntry.CreditsReserved> openReservations(Instant at) {
        return reservations.values().stream().filter(r -> r.expiresAt().isAfter(at)).toList();
    }
}
