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
 * The JSON forms the JDBC store keeps: a team's state (members, open grants, usage, settings, pending purchases,
 * open reservations) as one document, and each ledger entry and decision. Mapping types stay inside this adapter.
 * A state written before reservations existed has none.
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

    /** A team's state as stored; its plan comes first, so the start of the document tells it ({@link #planPrefix}). */
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
