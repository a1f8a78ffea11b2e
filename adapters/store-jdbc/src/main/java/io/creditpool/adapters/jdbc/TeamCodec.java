package io.creditpool.adapters.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.BillingCycle;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.Grant;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.Group;
import io.creditpool.kernel.domain.GroupId;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.Member;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.PendingPurchase;
import io.creditpool.kernel.domain.Reservation;
import io.creditpool.kernel.domain.Team;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.domain.Usage;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON forms the JDBC store keeps: a team's own settings (its header, in the team's row), each of its parts in a
 * row of its own (a member, a member's usage, an open grant, an open reservation, a pending purchase), and each
 * ledger entry and decision. Mapping types stay inside this adapter. Before schema version 7 a team's whole state was
 * one document ({@link TeamState}); the migration to rows (V7) reads it with {@link #readTeam(TeamId, String)}.
 */
final class TeamCodec {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final Map<String, Class<? extends LedgerEntry>> KINDS = Map.of(
            "granted", LedgerEntry.CreditsGranted.class,
            "expired", LedgerEntry.CreditsExpired.class,
            "consumed", LedgerEntry.CreditsConsumed.class,
            "charge", LedgerEntry.ChargeAttempted.class,
            "setting", LedgerEntry.SettingChanged.class,
            "reserved", LedgerEntry.CreditsReserved.class,
            "settled", LedgerEntry.ReservationSettled.class);

    private TeamCodec() {
    }

    /** One open grant as stored. */
    record GrantRow(long id, GrantSource source, long credits, long remaining, Instant grantedAt, Instant expiresAt,
            int burnPriority) {
    }

    /** The kinds of a team's parts, as the part table names them. */
    static final String MEMBER = "member";
    static final String USAGE = "usage";
    static final String GRANT = "grant";
    static final String RESERVATION = "reservation";
    static final String PURCHASE = "purchase";
    /** A group of the team's members: its name and monthly cap (members name their group in their own row). */
    static final String GROUP = "group";
    /** What a group's members spent, by month: kept apart from the group, as it outlives a group deleted mid-month. */
    static final String GROUP_USAGE = "group-usage";

    /** A team's own settings as its row keeps them; its plan comes first ({@link #planPrefix}). */
    record TeamHeader(String plan, int seats, int anchorDay, Instant createdAt, Instant cycleStart, Instant cycleEnd,
            AutoTopUp autoTopUp, long nextGrantId, long nextIntentId, Instant lastSeen, String creationFingerprint,
            Decision creationDecision, Long topUps, Long charges) {
    }

    /**
     * One part of a team as its row keeps it; {@code order} keeps the order the team made its parts in (members in
     * the order they joined, usage in the order members first spent), which rows would otherwise lose. An update of
     * a part keeps its first order.
     */
    record Part(String kind, String key, long order, String data, Instant dueAt) {
        Part(String kind, String key, long order, String data) {
            this(kind, key, order, data, null);
        }
    }

    /** When a worker may claim the pending purchase {@code key} of {@code team}: null for any other part. */
    static Instant dueAt(Team team, String kind, String key) {
        return PURCHASE.equals(kind) ? team.pendingPurchase(key).map(p -> p.nextAttemptAt()).orElse(null) : null;
    }

    /** The part of {@code kind} and {@code key} to write, or null when the team no longer has it (delete its row). */
    static String part(Team team, String kind, String key) {
        return switch (kind) {
            case MEMBER -> team.member(MemberId.of(key)).map(TeamCodec::json).orElse(null);
            case USAGE -> {
                Usage u = team.usage().get(MemberId.of(key));
                yield u == null ? null : json(u);
            }
            case GRANT -> team.openGrant(Long.parseLong(key)).map(g -> json(grantRow(g))).orElse(null);
            case RESERVATION -> team.reservation(io.creditpool.kernel.domain.RequestId.of(key)).map(TeamCodec::json)
                    .orElse(null);
            case PURCHASE -> team.pendingPurchase(key).map(TeamCodec::json).orElse(null);
            case GROUP -> team.group(GroupId.of(key)).map(TeamCodec::json).orElse(null);
            case GROUP_USAGE -> {
                Usage u = team.groupUsage().get(GroupId.of(key));
                yield u == null ? null : json(u);
            }
            default -> throw new IllegalArgumentException("no part kind '" + kind + "'");
        };
    }

    /** Every part of {@code team}, for a team written whole (created, or migrated from one document). */
    static List<Part> allParts(Team team) {
        List<Part> parts = new java.util.ArrayList<>();
        team.members().forEach(m -> parts.add(new Part(MEMBER, m.id().value(), parts.size(), json(m))));
        team.usage().forEach((m, u) -> parts.add(new Part(USAGE, m.value(), parts.size(), json(u))));
        team.grants().forEach(g -> parts.add(new Part(GRANT, Long.toString(g.id()), parts.size(),
                json(grantRow(g)))));
        team.reservations().forEach(r -> parts.add(new Part(RESERVATION, r.id().value(), parts.size(), json(r))));
        team.pendingPurchases().forEach(p -> parts.add(new Part(PURCHASE, p.key(), parts.size(), json(p),
                p.nextAttemptAt())));
        team.groups().forEach(g -> parts.add(new Part(GROUP, g.id().value(), parts.size(), json(g))));
        team.groupUsage().forEach((g, u) -> parts.add(new Part(GROUP_USAGE, g.value(), parts.size(), json(u))));
        return parts;
    }

    /**
     * The parts {@code changes} names as they are now in {@code team}, each with {@code data} null when the team no
     * longer has it; new parts are ordered from {@code firstOrder} on.
     */
    static List<Part> changedParts(Team team, Team.Changes changes, long firstOrder) {
        List<Part> keys = new java.util.ArrayList<>();
        changes.members().forEach(m -> keys.add(new Part(MEMBER, m.value(), 0, null)));
        changes.usage().forEach(m -> keys.add(new Part(USAGE, m.value(), 0, null)));
        changes.grants().forEach(g -> keys.add(new Part(GRANT, Long.toString(g), 0, null)));
        changes.reservations().forEach(r -> keys.add(new Part(RESERVATION, r.value(), 0, null)));
        changes.purchases().forEach(p -> keys.add(new Part(PURCHASE, p, 0, null)));
        changes.groups().forEach(g -> keys.add(new Part(GROUP, g.value(), 0, null)));
        changes.groupUsage().forEach(g -> keys.add(new Part(GROUP_USAGE, g.value(), 0, null)));
        // the sets hold no order of their own: sorted, every instance writes a batch's rows in the same order
        keys.sort(java.util.Comparator.comparing(Part::kind).thenComparing(Part::key));
        List<Part> parts = new java.util.ArrayList<>(keys.size());
        for (Part k : keys) {
            parts.add(new Part(k.kind(), k.key(), firstOrder + parts.size(), part(team, k.kind(), k.key()),
                    dueAt(team, k.kind(), k.key())));
        }
        return parts;
    }

    static String writeHeader(Team team) {
        return writeHeader(team, creationJson(team));
    }

    /**
     * The header of {@code team} with its creation decision already written ({@link #creationJson}): a team's
     * creation never changes, and its decision (the answer to the command that made the team) is most of what a
     * header holds, so the store writes it once per decoded team instead of on every command.
     */
    static String writeHeader(Team team, String creationJson) {
        return json(new HeaderOut(team.planName(), team.seats(), team.anchorDay(), team.createdAt(),
                team.cycle().start(), team.cycle().end(), team.autoTopUp(), team.nextGrantId(), team.nextIntentId(),
                team.lastSeen(), team.creation().fingerprint(), creationJson,
                team.ledgerCounted() ? team.topUpsGranted() : null, team.ledgerCounted() ? team.chargesRecorded() : null));
    }

    /** The JSON of the decision that made {@code team}, as its header keeps it. */
    static String creationJson(Team team) {
        return json(team.creation().decision());
    }

    /** {@link TeamHeader} as written: the same fields, the creation decision as JSON written before. */
    private record HeaderOut(String plan, int seats, int anchorDay, Instant createdAt, Instant cycleStart,
            Instant cycleEnd, AutoTopUp autoTopUp, long nextGrantId, long nextIntentId, Instant lastSeen,
            String creationFingerprint, @com.fasterxml.jackson.annotation.JsonRawValue String creationDecision,
            Long topUps, Long charges) {
    }

    /** A team from its row's header and its part rows. */
    static Team readTeam(TeamId id, String header, List<Part> parts) {
        TeamHeader h = read(header, TeamHeader.class);
        List<Member> members = new java.util.ArrayList<>();
        Map<MemberId, Usage> usage = new LinkedHashMap<>();
        List<Grant> grants = new java.util.ArrayList<>();
        List<Reservation> reservations = new java.util.ArrayList<>();
        List<PendingPurchase> purchases = new java.util.ArrayList<>();
        List<Group> groups = new java.util.ArrayList<>();
        Map<GroupId, Usage> groupUsage = new LinkedHashMap<>();
        for (Part p : parts) {
            switch (p.kind()) {
                case MEMBER -> members.add(read(p.data(), Member.class));
                case USAGE -> usage.put(MemberId.of(p.key()), read(p.data(), Usage.class));
                case GRANT -> {
                    GrantRow g = read(p.data(), GrantRow.class);
                    grants.add(Grant.restore(g.id(), g.source(), g.credits(), g.remaining(), g.grantedAt(),
                            g.expiresAt(), g.burnPriority()));
                }
                case RESERVATION -> reservations.add(read(p.data(), Reservation.class));
                case PURCHASE -> purchases.add(read(p.data(), PendingPurchase.class));
                case GROUP -> groups.add(read(p.data(), Group.class));
                case GROUP_USAGE -> groupUsage.put(GroupId.of(p.key()), read(p.data(), Usage.class));
                default -> throw new IllegalStateException("team " + id + " has a part of unknown kind '"
                        + p.kind() + "'");
            }
        }
        Team team = Team.restore(id, h.plan(), h.seats(), h.anchorDay(), h.createdAt(),
                new BillingCycle(h.cycleStart(), h.cycleEnd()), members, grants, usage, h.autoTopUp(), purchases,
                reservations, groups, groupUsage, h.nextGrantId(), h.nextIntentId(), h.lastSeen(),
                new Team.Creation(h.creationFingerprint(), h.creationDecision()));
        if (h.topUps() != null && h.charges() != null) {
            // teams written before these counts were kept have none: the first read counts their ledger once
            team.countLedger(h.topUps(), h.charges());
        }
        return team;
    }

    private static GrantRow grantRow(Grant g) {
        return new GrantRow(g.id(), g.source(), g.credits(), g.remaining(), g.grantedAt(), g.expiresAt(),
                g.burnPriority());
    }

    /** A team's whole state as one document, as stores before schema version 7 kept it. */
    record TeamState(String plan, int seats, int anchorDay, Instant createdAt, Instant cycleStart, Instant cycleEnd,
            List<Member> members, List<GrantRow> grants, Map<String, Usage> usage, AutoTopUp autoTopUp,
            List<PendingPurchase> purchases, long nextGrantId, long nextIntentId, Instant lastSeen,
            String creationFingerprint, Decision creationDecision, List<Reservation> reservations) {
    }

    /** How the stored state of every team on plan {@code plan} begins. */
    static String planPrefix(String plan) {
        return "{\"plan\":" + json(plan) + ",";
    }

    static String write(Team team) {
        Map<String, Usage> usage = new LinkedHashMap<>();
        team.usage().forEach((member, u) -> usage.put(member.value(), u));
        List<GrantRow> grants = team.grants().stream().map(g -> new GrantRow(g.id(), g.source(), g.credits(),
                g.remaining(), g.grantedAt(), g.expiresAt(), g.burnPriority())).toList();
        return json(new TeamState(team.planName(), team.seats(), team.anchorDay(), team.createdAt(),
                team.cycle().start(), team.cycle().end(), List.copyOf(team.members()), grants, usage,
                team.autoTopUp(), List.copyOf(team.pendingPurchases()), team.nextGrantId(), team.nextIntentId(),
                team.lastSeen(), team.creation().fingerprint(), team.creation().decision(),
                List.copyOf(team.reservations())));
    }

    static Team readTeam(TeamId id, String json) {
        TeamState s = read(json, TeamState.class);
        Map<MemberId, Usage> usage = new LinkedHashMap<>();
        s.usage().forEach((member, u) -> usage.put(MemberId.of(member), u));
        List<Grant> grants = s.grants().stream().map(g -> Grant.restore(g.id(), g.source(), g.credits(),
                g.remaining(), g.grantedAt(), g.expiresAt(), g.burnPriority())).toList();
        return Team.restore(id, s.plan(), s.seats(), s.anchorDay(), s.createdAt(),
                new BillingCycle(s.cycleStart(), s.cycleEnd()), s.members(), grants, usage, s.autoTopUp(),
                s.purchases(), s.reservations() == null ? List.of() : s.reservations(), s.nextGrantId(), s.nextIntentId(), s.lastSeen(),
                new Team.Creation(s.creationFingerprint(), s.creationDecision()));
    }

    static String kind(LedgerEntry entry) {
        for (Map.Entry<String, Class<? extends LedgerEntry>> k : KINDS.entrySet()) {
            if (k.getValue().isInstance(entry)) {
                return k.getKey();
            }
        }
        throw new IllegalArgumentException("no kind for " + entry);
    }

    static LedgerEntry readEntry(String kind, String json) {
        Class<? extends LedgerEntry> type = KINDS.get(kind);
        if (type == null) {
            throw new IllegalStateException("the ledger holds an entry of unknown kind '" + kind + "'");
        }
        return read(json, type);
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the store holds a " + type.getSimpleName() + " that cannot be read: "
                    + e.getOriginalMessage(), e);
        }
    }
}
