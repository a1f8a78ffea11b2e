package io.creditpool.kernel.port.out;

import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.PendingPurchase;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where teams, their ledgers, their request ids and the events their changes told (the outbox) are kept.
 */
public interface CreditStore {
    /**
     * Runs {@code work} on one team as one atomic unit: no other unit on the same team runs meanwhile, and
     * either everything the work did is written (team, ledger entries, request records, the events it published
     * into the outbox) or, if it throws, nothing is.
     */
    <T> T inTransaction(TeamId team, Function<TeamUnit, T> work);

    /**
     * As {@link #inTransaction(TeamId, Function)}, for work that will look up request id {@code request} (null for
     * none): a store that commits many units together may fetch their request records at once. The work may still
     * look up any request id; the answer is the same either way.
     */
    default <T> T inTransaction(TeamId team, RequestId request, Function<TeamUnit, T> work) {
        return inTransaction(team, work);
    }

    /** The team's ledger, oldest entry first. Empty for an unknown team. */
    List<LedgerEntry> ledger(TeamId team);

    /**
     * Entries {@code from} to {@code to} (numbered from 1 in the order they were written, both included) of the team's
     * ledger, oldest first: those of them that exist. A store that can read a range without reading the rest should.
     */
    default List<LedgerEntry> ledger(TeamId team, long from, long to) {
        List<LedgerEntry> all = ledger(team);
        long first = Math.max(1, from);
        long last = Math.min(all.size(), to);
        return first > last ? List.of() : List.copyOf(all.subList((int) first - 1, (int) last));
    }

    /** How many entries the team's ledger holds; 0 for an unknown team. */
    default long ledgerSize(TeamId team) {
        return ledger(team).size();
    }

    /**
     * The id this store was given when it was created, never the same for two stores (a copy restored from a backup
     * is the one exception, and keeps its charges). It is part of every purchase key, so two stores charging on one
     * processor account never share a key. Empty for a store that has none.
     */
    default String installationId() {
        return "";
    }

    /** Every team in the store. */
    List<TeamId> teams();

    /**
     * The store's own clock, where instances on several machines share it (a database server): what every lease is
     * measured on, so an instance whose clock runs ahead takes no lease before it has run out, and one whose clock
     * runs behind keeps none past it. Empty for a store that lives on one machine, whose clock every instance
     * sharing it reads already: the kernel then measures leases on its {@link Clock#now()} (the instance's time, never
     * a team's test time).
     */
    default Optional<Instant> databaseTime() {
        return Optional.empty();
    }

    /**
     * The pending purchases of every team that a worker may claim by {@code by} ({@link
     * io.creditpool.kernel.domain.PendingPurchase#nextAttemptAt()} at or before it), soonest first, at most
     * {@code limit}: what the purchase workers poll for. This default reads every team; a store should answer from an
     * index kept with its teams instead, so that a poll costs what it finds, not the store's size.
     */
    default List<DuePurchase> duePurchases(java.time.Instant by, int limit) {
        List<DuePurchase> due = new java.util.ArrayList<>();
        for (TeamId id : teams()) {
            inTransaction(id, unit -> unit.team().map(team -> {
                team.pendingPurchases().stream().filter(p -> p.dueBy(by))
                        .forEach(p -> due.add(new DuePurchase(id, p.key(), p.nextAttemptAt())));
                return null;
            }).orElse(null));
        }
        due.sort(java.util.Comparator.comparing(DuePurchase::dueAt));
        return due.size() > limit ? List.copyOf(due.subList(0, limit)) : due;
    }

    /**
     * The request ids {@code team}'s commands came with and what was recorded of each, in the order they were decided
     * (any recorded without a time first): what a team asked for, denied requests included, which its ledger does not
     * hold. A store that keeps no requests apart from its transactions answers none.
     */
    default List<TeamRequest> requests(TeamId team) {
        return List.of();
    }

    /**
     * Whether any team in the store is on plan {@code plan}: a plan table that no longer has a plan teams are on
     * must not go live. This reads every team; a store that can ask its database instead should.
     */
    default boolean anyTeamOnPlan(String plan) {
        for (TeamId id : teams()) {
            if (inTransaction(id, unit -> unit.team().map(t -> t.planName().equals(plan)).orElse(false))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Events in the outbox with an id greater than {@code after}, in id order, at most {@code limit}; only those of
     * teams of {@code product} ({@link StoredEvent#productOf}) unless it is null. Ids grow in the order the changes
     * committed, so a reader that asks again after the last id it saw misses none. Reads by id (an index), however
     * long the outbox. A store without an outbox answers none.
     */
    default List<StoredEvent> events(long after, int limit, String product) {
        return List.of();
    }

    /** The id of the last event in the outbox; 0 when it has none. */
    default long lastEventId() {
        return 0;
    }

    /**
     * Calls {@code listener} with the events a transaction of this store wrote into the outbox, in id order, after it
     * has committed (on the thread that committed it), so they can be handed on at once; it must not throw, and it
     * is not called for a transaction that wrote none. A team's events come in the order they were committed. A store
     * without an outbox never calls it.
     */
    default void afterEventsCommitted(java.util.function.Consumer<List<StoredEvent>> listener) {
    }

    /**
     * Every purchase waiting for its charge's outcome, in every team, oldest first: for metrics and recovery. Read from
     * the purchases themselves, not from every team; a store that cannot do that reads every team.
     */
    default List<PendingPurchase> pendingPurchases() {
        List<PendingPurchase> all = new java.util.ArrayList<>();
        for (TeamId id : teams()) {
            all.addAll(inTransaction(id, unit -> unit.team().map(t -> List.copyOf(t.pendingPurchases()))
                    .orElse(List.of())));
        }
        all.sort(java.util.Comparator.comparing(PendingPurchase::startedAt));
        return all;
    }
}
