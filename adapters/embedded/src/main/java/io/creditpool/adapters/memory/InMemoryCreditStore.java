package io.creditpool.adapters.memory;

import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Team;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.DuePurchase;
import io.creditpool.kernel.port.out.RecordedRequest;
import io.creditpool.kernel.port.out.TeamRequest;
import io.creditpool.kernel.port.out.TeamUnit;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Teams kept in this process's memory, for tests, scenarios and embedding without persistence. One lock per
 * team serialises its transactions; work runs on a copy of the team, which replaces the stored one only when
 * the work returns, so a failed unit changes nothing. The pending purchases of every team are indexed by when they
 * are due, so the purchase workers' poll reads what it finds, not every team.
 */
@Singleton
public final class InMemoryCreditStore implements CreditStore {
    private final Map<TeamId, Slot> slots = new ConcurrentHashMap<>();
    /** Every team's pending purchases, soonest due first; guarded by itself. */
    private final NavigableSet<DuePurchase> due = new TreeSet<>(Comparator.comparing(DuePurchase::dueAt)
            .thenComparing(p -> p.team().value()).thenComparing(DuePurchase::key));

    /** One team's stored state and its lock. */
    private static final class Slot {
        Team team;
        final List<LedgerEntry> ledger = new ArrayList<>();
        final Map<RequestId, RecordedRequest> requests = new HashMap<>();
        /** This team's entries in the index of due purchases. */
        List<DuePurchase> indexed = List.of();
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
                index(slot, team);
            });
            slot.requests.putAll(unit.newRequests());
            return result;
        }
    }

    /** Replaces the team's entries in the index of due purchases by those of its pending purchases now. */
    private void index(Slot slot, Team team) {
        if (slot.indexed.isEmpty() && team.pendingPurchases().isEmpty()) {
            return;
        }
        List<DuePurchase> now = team.pendingPurchases().stream()
                .map(p -> new DuePurchase(team.id(), p.key(), p.nextAttemptAt())).toList();
        synchronized (due) {
            slot.indexed.forEach(due::remove);
            due.addAll(now);
        }
        slot.indexed = now;
    }

    @Override
    public List<DuePurchase> duePurchases(Instant by, int limit) {
        List<DuePurchase> found = new ArrayList<>();
        synchronized (due) {
            for (DuePurchase p : due) {
                if (p.dueAt().isAfter(by) || found.size() >= limit) {
                    break;
                }
                found.add(p);
            }
        }
        return found;
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

    @Override
    public List<TeamId> teams() {
        return slots.entrySet().stream().filter(e -> e.getValue().team != null).map(Map.Entry::getKey).sorted(
                (a, b) -> a.value().compareTo(b.value())).toList();
    }
}
