package io.creditpool.kernel.service;

import io.creditpool.kernel.domain.BillingCycle;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.GrantTerms;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.Member;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.PendingPurchase;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Reservation;
import io.creditpool.kernel.domain.Team;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.Clock;
import io.creditpool.kernel.port.out.CreditPolicy;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.PlanCatalog;
import io.creditpool.kernel.port.out.RecordedRequest;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * How every command on an existing team runs: in one store transaction, a replayed request id answers with its
 * first decision, the team is brought up to date (cycle changes due since its last access), then the command's
 * own work decides and applies, and its decision is recorded under the request id. A command never charges: the
 * purchases it records are completed by the purchase workers ({@link TopUpService#settle}).
 */
@Singleton
public final class TeamCommands {
    /** The most one grant may hold (10^15): a million seats of the largest per-seat amount; far from overflow. */
    static final long MAX_GRANT = 1_000_000_000_000_000L;
    /**
     * Up to this many cycles missed are changed one by one, each grant and expiry in the ledger as on time; more
     * are passed over at once (see {@code skipUnseenCycles}), so no access does work that grows with the time a team
     * went untouched.
     */
    public static final int CYCLES_ONE_BY_ONE = 24;

    private final CreditStore store;
    private final CreditPolicy policy;
    private final PlanCatalog plans;
    private final Clock clock;
    private final Provider<TopUpService> topUps;

    @Inject
    public TeamCommands(CreditStore store, CreditPolicy policy, PlanCatalog plans, Clock clock,
            Provider<TopUpService> topUps) {
        this.store = store;
        this.policy = policy;
        this.plans = plans;
        this.clock = clock;
        this.topUps = topUps;
    }

    /** The command's own work, on an up-to-date team. */
    @FunctionalInterface
    public interface Work<T extends Outcome> {
        T apply(Team team, Plan plan, Instant now);
    }

    /** What a command's work returns: at least a decision (null while a purchase it started is in progress). */
    public interface Outcome {
        Decision decision();

        /** The same outcome with {@code decision} in place of its own. */
        Outcome with(Decision decision);

        /** The events the work tells, stored with its change ({@link io.creditpool.kernel.port.out.TeamUnit#publish}). */
        default List<io.creditpool.kernel.port.out.CreditEvent> events() {
            return List.of();
        }
    }

    /** An outcome that is only a decision. */
    public record Decided(Decision decision) implements Outcome {
        @Override
        public Decided with(Decision other) {
            return new Decided(other);
        }
    }

    /** What a transaction produced: the outcome, and the open purchase of a replayed request, if any. */
    private record Ran<T>(T outcome, PendingPurchase replayedPurchase) {
    }

    public Clock clock() {
        return clock;
    }

    /** The policy commands decide with. */
    public CreditPolicy policy() {
        return policy;
    }

    public CreditStore store() {
        return store;
    }

    /** Runs a command that is only a decision. */
    public Decision run(TeamId teamId, RequestId id, Object command, Work<Decided> work) {
        return run(teamId, id, command, work, Decided::new).decision();
    }

    /**
     * Runs a command's work in one transaction. {@code replayed} turns a recorded decision into an outcome of the
     * command's type, for a replay.
     */
    public <T extends Outcome> T run(TeamId teamId, RequestId id, Object command, Work<T> work,
            Function<Decision, T> replayed) {
        // the command's content is compared only on a replay, so it is written out only when there is a request id
        String fingerprint = id == null ? null : command.toString();
        Ran<T> ran = store.inTransaction(teamId, id, unit -> {
            Optional<Team> found = unit.team();
            if (found.isEmpty()) {
                return new Ran<>(replayed.apply(stamped(Decision.deny(DenialCode.UNKNOWN_TEAM, "team: no team '"
                        + teamId + "'", List.of(KernelRules.WELL_FORMED), 0))), null);
            }
            Team team = found.get();
            if (id != null) {
                Optional<RecordedRequest> seen = unit.request(id);
                if (seen.isPresent()) {
                    RecordedRequest first = seen.get();
                    if (!first.fingerprint().equals(fingerprint)) {
                        return new Ran<>(replayed.apply(conflict(team, id, "was already used for a different command")),
                                null);
                    }
                    if (!first.inProgress()) {
                        return new Ran<>(replayed.apply(first.decision()), null);
                    }
                    // the request's purchase has no known outcome yet: the workers try it again at once (unless one
                    // holds it), and this request waits for them as the first did; it never charges itself
                    Optional<PendingPurchase> purchase = team.pendingPurchases().stream()
                            .filter(p -> id.equals(p.requestId())).findFirst();
                    if (purchase.isEmpty()) {
                        return new Ran<>(replayed.apply(conflict(team, id, "is still in progress")), null);
                    }
                    PendingPurchase p = purchase.get();
                    Instant now = team.observe(clock.now(teamId));
                    // a lease runs on the store's clock, judged here by the instance's: a wrong guess only moves
                    // when a worker tries to claim it, and the claim itself judges the lease on the store's clock
                    if (!p.dueBy(now) && !p.heldByWorker(clock.now())) {
                        p = p.dueAt(now);
                        team.retryPurchaseLater(p);
                    }
                    return new Ran<>(null, p);
                }
            }
            Instant now = team.observe(clock.now(teamId));
            Plan plan = planOf(team);
            catchUp(team, plan, now);
            T outcome = stamped(work.apply(team, plan, now));
            team.checkBalance();
            outcome.events().forEach(unit::publish);
            if (id != null) {
                unit.record(id, outcome.decision() == null
                        ? RecordedRequest.inProgress(fingerprint)
                        : new RecordedRequest(fingerprint, outcome.decision(), now));
            }
            return new Ran<>(outcome, null);
        });
        if (ran.replayedPurchase() != null) {
            return replayed.apply(topUps.get().handOffAndWait(ran.replayedPurchase()));
        }
        return ran.outcome();
    }

    /** {@code decision} with the version of the rule set deciding now, unless it names one already. */
    public Decision stamped(Decision decision) {
        return decision == null ? null : decision.stampedWith(policy.version());
    }

    @SuppressWarnings("unchecked") // every Outcome's with() returns its own type
    private <T extends Outcome> T stamped(T outcome) {
        Decision decision = outcome.decision();
        Decision stamped = stamped(decision);
        return stamped == decision ? outcome : (T) outcome.with(stamped);
    }

    private Decision conflict(Team team, RequestId id, String what) {
        return stamped(Decision.deny(DenialCode.REQUEST_CONFLICT, "id: request '" + id + "' " + what,
                List.of(KernelRules.REQUEST_ONCE), team.balance()));
    }

    public Plan planOf(Team team) {
        return plans.plan(team.planName()).orElseThrow(() -> new IllegalStateException(
                "team " + team.id() + " is on plan '" + team.planName() + "', which the plan table no longer has"));
    }

    /**
     * Applies every cycle change and every reservation's expiry due by {@code now}, in the order they fell due, each
     * dated at its own instant, so a team untouched for months ends as if each had run on time; then expires
     * whatever is due by now. A reservation that runs out as a cycle ends is released first: what goes back to the
     * ending cycle's plan credits expires with them.
     */
    public void catchUp(Team team, Plan plan, Instant now) {
        while (true) {
            Optional<Reservation> ranOut = team.firstReservationExpiredBy(now);
            Instant cycleEnd = team.cycle().end();
            if (ranOut.isPresent() && !ranOut.get().expiresAt().isAfter(cycleEnd)) {
                Instant at = ranOut.get().expiresAt();
                team.expireDueBy(at);
                team.settle(ranOut.get().id(), null, LedgerEntry.Ending.EXPIRED, 0, at, null);
            } else if (!cycleEnd.isAfter(now)) {
                team.expireDueBy(cycleEnd);
                if (skipUnseenCycles(team, cycleEnd, now)) {
                    continue;
                }
                BillingCycle next = BillingCycle.startingAt(cycleEnd, team.anchorDay());
                team.startCycle(next, checked(policy.cycleGrant(plan, team.seats(), next), cycleEnd));
            } else {
                break;
            }
        }
        team.expireDueBy(now);
    }

    /**
     * When more than {@link #CYCLES_ONE_BY_ONE} whole cycles ended unseen after {@code cycleEnd} (and no reservation
     * is still open to run out among them), passes over them at once, so catching up takes the same time whatever
     * the number of cycles missed: their plan credits would have been granted and expired unused, which changes
     * nothing in the pool (the ledger records them as one entry, see {@link Team#skipCycles}). The current cycle then
     * starts as the rules decide, as it would have on time.
     */
    private static boolean skipUnseenCycles(Team team, Instant cycleEnd, Instant now) {
        if (!team.reservations().isEmpty()) {
            return false;
        }
        Instant currentStart = BillingCycle.anchorAtOrBefore(now, team.anchorDay());
        long missed = BillingCycle.monthsBetween(cycleEnd, currentStart);
        if (missed <= CYCLES_ONE_BY_ONE) {
            return false;
        }
        Instant lastSkippedStart = BillingCycle.anchorAtOrBefore(currentStart.minusNanos(1), team.anchorDay());
        team.skipCycles(new BillingCycle(lastSkippedStart, currentStart), missed, cycleEnd);
        return true;
    }

    /** The kernel's guard on what the rules decided for a grant. */
    public static GrantTerms checked(GrantTerms terms, Instant grantedAt) {
        if (terms.credits() < 0 || terms.credits() > MAX_GRANT) {
            throw new IllegalStateException("the rules granted " + terms.credits() + " credits; a grant holds 0 to "
                    + MAX_GRANT + " (rules: " + terms.rules() + ")");
        }
        if (terms.expiresAt() != null && !terms.expiresAt().isAfter(grantedAt)) {
            throw new IllegalStateException("the rules made a grant expire at " + terms.expiresAt()
                    + ", not after it is granted at " + grantedAt + " (rules: " + terms.rules() + ")");
        }
        return terms;
    }

    /** The member named in a command, or a denial naming the field. */
    public static Optional<Decision> unknownMember(Team team, String field, MemberId member) {
        if (team.member(member).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(Decision.deny(DenialCode.UNKNOWN_MEMBER,
                field + ": '" + member + "' is not a member of team " + team.id(),
                List.of(KernelRules.WELL_FORMED), team.balance()));
    }

    /** A denial unless {@code by} is the owner or an admin of the team (naming {@code rule} and {@code what}). */
    public static Optional<Decision> manager(Team team, MemberId by, String rule, String what) {
        Optional<Decision> unknown = unknownMember(team, "by", by);
        if (unknown.isPresent()) {
            return unknown;
        }
        Member actor = team.member(by).orElseThrow();
        return actor.role().manages() ? Optional.empty() : Optional.of(notAllowed(team, actor, rule, what));
    }

    public static Decision notAllowed(Team team, Member by, String rule, String what) {
        return Decision.deny(DenialCode.NOT_ALLOWED, "by: " + by.id() + " is " + by.role().asCalled()
                + " and may not " + what, List.of(rule), team.balance());
    }
}
