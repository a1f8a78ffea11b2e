package io.creditpool.adapters.memory;

import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Team;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.RecordedRequest;
import io.creditpool.kernel.port.out.TeamRequest;
import io.creditpool.kernel.port.out.TeamUnit;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Teams kept in this process's memory, for tests, scenarios and embedding without persistence. One lock per
 * team serialises its transactions; work runs on a copy of the team, which replaces the stored one only when
 * the work returns, so a failed unit changes nothing.
 */
@Singleton
public final class InMemoryCreditStore implements CreditStore {
    private final Map<TeamId, Slot> slots = new ConcurrentHashMap<>();
    /** Made with the store: two stores in one process (or two processes) never share purchase keys. */
    private final String installationId = java.util.UUID.randomUUID().toString();

    /** One team's stored state and its lock. */
    private static final class Slot {
        Team team;
        final List<LedgerEntry> ledger = new ArrayList<>();
        final Map<RequestId, RecordedRequest> requests = new HashMap<>();
    }

    @Override
    public <T> T inTransaction(TeamId teamId, Function<TeamUnit, T> work) {
        Slot slot = slots.computeIfAbsent(teamId, id -> new Slot());
        synchronized (slot) {
            Team copy = slot.team == null ? null : slot.team.copy();
            TeamUnit unit = new TeamUnit(teamId, copy, id -> Optional.ofNullable(slot.requests.get(id)));
            T result = work.apply(unit);
            unit.team().ifPresent(team -> {
                slot.ledger.addAll(team.drainPendingLedger());
                slot.team = team;
            });
            slot.requests.putAll(unit.newRequests());
            return result;
        }
    }

    @Override
    public List<TeamRequest> requests(TeamId teamId) {
        Slot slot = slots.get(teamId);
        if (slot == null) {
            return List.of();
        }
        synchronized (slot) {
            return slot.requests.entrySet().stream().map(e -> new TeamRequest(e.getKey(), e.getValue()))
                    .sorted(TeamRequest.IN_ORDER).toList();
        }
    }

    @Override
    public List<LedgerEntry> ledger(TeamId teamId) {
        Slot slot = slots.get(teamId);
        if (slot == null) {
            return List.of();
        }
        synchronized (slot) {
            return List.copyOf(slot.ledger);
        }
    }

    /** A random id made with this store; a new store in memory is a new installation. */
    @Override
    public String installationId() {
        return installationId;
    }

    @Override
    public List<LedgerEntry> ledger(TeamId teamId, long from, long to) {
        Slot slot = slots.get(teamId);
        if (slot == null) {
            return List.of();
        }
        synchronized (slot) {
            long first = Math.max(1, from);
            long last = Math.min(slot.ledger.size(), to);
            return first > last ? List.of() : List.copyOf(slot.ledger.subList((int) first - 1, (int) last));
        }
    }

    @Override
    public long ledgerSize(TeamId teamId) {
        Slot slot = slots.get(teamId);
        if (slot == null) {
            return 0;
        }
        synchronized (slot) {
            return slot.ledger.size();
        }
    }

    @Override
    public List<TeamId> teams() {
        return slots.entrySet().stream().filter(e -> e.getValue().team != null).map(Map.Entry::getKey).sorted(
                (a, b) -> a.value().compareTo(b.value())).toList();
    }
}
