package io.creditpool.adapters.memory;

import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.PendingPurchase;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Team;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.CreditEvent;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.DuePurchase;
import io.creditpool.kernel.port.out.RecordedRequest;
import io.creditpool.kernel.port.out.StoredEvent;
import io.creditpool.kernel.port.out.TeamRequest;
import io.creditpool.kernel.port.out.TeamUnit;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Collections;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Teams kept in this process's memory, for tests, scenarios and embedding without persistence. One lock per
 * team serialises its transactions; work runs on a copy of the team, which replaces the stored one only when
 * the work returns, so a failed unit changes nothing. The events a unit published go into the outbox, a list in id
 * order, with the team's change. The pending purchases of every team are indexed by when they are due, so the
 * purchase workers' poll reads what it finds, not every team.
 */
@Singleton
public final class InMemoryCreditStore implements CreditStore {
    private final Map<TeamId, Slot> slots = new ConcurrentHashMap<>();
    /** Made with the store: two stores in one process (or two processes) never share purchase keys. */
    private final String installationId = java.util.UUID.randomUUID().toString();
    /** The outbox, in id order (ids from 1, one after another): appended to under its own lock. */
    private final List<StoredEvent> outbox = new ArrayList<>();
    private final List<Consumer<List<StoredEvent>>> committed = new CopyOnWriteArrayList<>();
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
        T result;
        List<StoredEvent> told = new ArrayList<>();
        synchronized (slot) {
            Team copy = slot.team == null ? null : slot.team.copy();
            TeamUnit unit = new TeamUnit(teamId, copy, id -> Optional.ofNullable(slot.requests.get(id)));
            result = work.apply(unit);
            unit.team().ifPresent(team -> {
                slot.ledger.addAll(team.drainPendingLedger());
                slot.team = team;
                index(slot, team);
            });
            slot.requests.putAll(unit.newRequests());
            if (!unit.events().isEmpty()) {
                synchronized (outbox) {
                    for (CreditEvent event : unit.events()) {
                        StoredEvent stored = new StoredEvent(outbox.size() + 1, event);
                        outbox.add(stored);
                        told.add(stored);
                    }
                }
            }
        }
        if (!told.isEmpty()) {
            // outside the team's lock: a listener may well act on the team again
            List<StoredEvent> events = List.copyOf(told);
            committed.forEach(listener -> listener.accept(events));
        }
        return result;
    }

    @Override
    public List<StoredEvent> events(long after, int limit, String product) {
        synchronized (outbox) {
            List<StoredEvent> out = new ArrayList<>();
            // ids are positions: event n is at index n - 1
            for (long i = Math.max(0, after); i < outbox.size() && out.size() < limit; i++) {
                StoredEvent e = outbox.get((int) i);
                if (product == null || e.product().equals(product)) {
                    out.add(e);
                }
            }
            return out;
        }
    }

    @Override
    public long lastEventId() {
        synchronized (outbox) {
            return outbox.size();
        }
    }

    @Override
    public void afterEventsCommitted(Consumer<List<StoredEvent>> listener) {
        committed.add(listener);
    }

    @Override
    public List<PendingPurchase> pendingPurchases() {
        List<PendingPurchase> all = new ArrayList<>();
        for (Slot slot : slots.values()) {
            synchronized (slot) {
                if (slot.team != null) {
                    all.addAll(slot.team.pendingPurchases());
                }
            }
        }
        all.sort(Comparator.comparing(PendingPurchase::startedAt));
        return Collections.unmodifiableList(all);
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
