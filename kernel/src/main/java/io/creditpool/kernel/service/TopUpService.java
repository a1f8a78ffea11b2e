package io.creditpool.kernel.service;

import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.Member;
import io.creditpool.kernel.domain.PendingPurchase;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.Team;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.BuyTopUpUseCase;
import io.creditpool.kernel.port.in.RecoverPurchasesUseCase;
import io.creditpool.kernel.port.in.SettlePurchasesUseCase;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.ChargeLookup;
import io.creditpool.kernel.port.out.ChargeRequest;
import io.creditpool.kernel.port.out.DuePurchase;
import io.creditpool.kernel.port.out.ChargeResult;
import io.creditpool.kernel.port.out.CreditEvent;
import io.creditpool.kernel.port.out.CreditPolicy;
import io.creditpool.kernel.port.out.PaymentGateway;
import io.creditpool.kernel.port.out.PurchaseHandOff;
import io.creditpool.kernel.port.out.RecordedRequest;
import io.creditpool.kernel.port.out.TopUpTerms;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Top-ups in two steps, the second off the request path. A command decides and records the purchase with its
 * idempotency key (a {@link PendingPurchase} kept with the team) and hands it to the workers; it never charges. A
 * worker claims the purchase in the team's transaction (a lease), charges outside any transaction, and records the
 * charge and (only if it succeeded) the grant together while the purchase is removed. A purchase tried before is
 * looked up at the processor first, so an unknown outcome is resolved by asking, not by charging again; it is paid at
 * most once and, if paid, granted exactly once. Events are published into the transaction that records the
 * outcome, so they are stored if and only if it is.
 */
@Singleton
public final class TopUpService implements BuyTopUpUseCase, RecoverPurchasesUseCase, SettlePurchasesUseCase {
    private static final System.Logger LOG = System.getLogger(TopUpService.class.getName());
    /** How long a claim holds a purchase when the caller gives no lease of its own (recovery, {@link #settleDue}). */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);
    /** A time after every purchase's next attempt, that every database can store: asks for all pending ones. */
    private static final Instant EVERY_PENDING = Instant.parse("9999-12-31T00:00:00Z");
    /**
     * How long a processor may be trusted to remember an idempotency key (Stripe forgets keys after 24 hours): a
     * purchase first charged longer ago is charged again only after a look-up found no charge for it.
     */
    static final Duration KEY_MEMORY = Duration.ofHours(23);
    /** How many due purchases one poll reads at most. */
    static final int POLL_LIMIT = 100;
    /** The answer of {@link PaymentGateway#lookup}'s default: the plugin cannot look charges up at all. */
    private static final String CANNOT_LOOK_UP = "this payment plugin cannot look charges up";

    private final TeamCommands commands;
    private final CreditPolicy policy;
    private final PaymentGateway payments;
    private final Provider<PurchaseHandOff> handOff;
    /**
     * The outcomes of purchases a manual top-up in this process is waiting for (empty until known), so that one
     * without a request id learns its outcome too.
     */
    private final java.util.Map<String, Optional<Decision>> awaited = new java.util.concurrent.ConcurrentHashMap<>();
    /** Whether the plugin overrides {@link PaymentGateway#lookup}; one that does not is never asked. */
    private final boolean canLookUp;

    @Inject
    public TopUpService(TeamCommands commands, CreditPolicy policy, PaymentGateway payments,
            Provider<PurchaseHandOff> handOff) {
        this.commands = commands;
        this.policy = policy;
        this.payments = payments;
        this.handOff = handOff;
        this.canLookUp = overridesLookup(payments);
    }

    private static boolean overridesLookup(PaymentGateway payments) {
        try {
            return payments.getClass().getMethod("lookup", ChargeRequest.class).getDeclaringClass()
                    != PaymentGateway.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** Either a decision (a denial or a replay) or a purchase to complete. */
    private record Pending(Decision decision, PendingPurchase purchase) implements TeamCommands.Outcome {
        @Override
        public Pending with(Decision other) {
            return new Pending(other, purchase);
        }
    }

    /**
     * Records the purchase, hands it to the workers, and waits for its outcome up to the configured time: the
     * recorded decision when a worker finished it meanwhile, else {@code payment-pending} (it finishes in the
     * background; a replay of the request id answers its outcome once known).
     */
    @Override
    public Decision buyTopUp(BuyTopUpCommand c) {
        Pending pending = commands.run(c.team(), c.id(), c, (team, plan, now) -> {
            Optional<Decision> unknown = TeamCommands.unknownMember(team, "by", c.by());
            if (unknown.isPresent()) {
                return new Pending(unknown.get(), null);
            }
            Member buyer = team.member(c.by()).orElseThrow();
            if (buyer.role() != Role.OWNER) {
                return new Pending(TeamCommands.notAllowed(team, buyer, KernelRules.OWNER_BUYS_TOP_UPS,
                        "buy top-ups"), null);
            }
            PendingPurchase purchase = purchase(team, GrantSource.TOP_UP, c.credits(),
                    policy.topUp(plan, GrantSource.TOP_UP, c.credits(), now), List.of(KernelRules.OWNER_BUYS_TOP_UPS),
                    c.id(), c.toString(), now);
            return new Pending(null, purchase);
        }, decision -> new Pending(decision, null));
        if (pending.purchase() == null) {
            return pending.decision();
        }
        return handOffAndWait(pending.purchase());
    }

    /**
     * Hands purchase {@code p} (just recorded, or asked for again by a replay of its request) to the workers and
     * waits for its outcome up to the configured time: its decision, or payment-pending.
     */
    Decision handOffAndWait(PendingPurchase p) {
        awaited.put(p.key(), Optional.empty());
        try {
            ordered(p);
            handOff.get().awaitAttempt(p.team(), p.key());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "waiting for purchase " + p.key() + " failed", e);
        }
        Optional<Decision> known = awaited.remove(p.key());
        return known != null && known.isPresent() ? known.get() : outcome(p);
    }

    /** Hands a purchase just recorded to the workers; one not handed off is still found by their poll. */
    void ordered(PendingPurchase p) {
        try {
            handOff.get().ordered(p.team(), p.key());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "handing purchase " + p.key() + " to the workers failed; "
                    + "their poll will find it", e);
        }
    }

    /** The decision recorded for a manual top-up's request, or payment-pending while the purchase is open. */
    private Decision outcome(PendingPurchase p) {
        return commands.store().inTransaction(p.team(), p.requestId(), unit -> {
            Optional<RecordedRequest> recorded = p.requestId() == null ? Optional.empty() : unit.request(p.requestId());
            if (recorded.isPresent() && !recorded.get().inProgress()) {
                return recorded.get().decision();
            }
            Team team = unit.team().orElseThrow();
            return pendingDecision(team, team.pendingPurchase(p.key()).orElse(p));
        });
    }

    /**
     * The answer while a purchase has no known outcome: payment-pending, with the purchase's state. It is not final:
     * the purchase completes in the background, and a replay of its request id answers the outcome once known.
     */
    Decision pendingDecision(Team team, PendingPurchase p) {
        String state = p.attempts() == 0 ? "is being charged"
                : "had " + p.attempts() + " charge(s) without an answer from the payment processor and is tried "
                        + "again from " + p.nextAttemptAt();
        return commands.stamped(Decision.deny(DenialCode.PAYMENT_PENDING, "the purchase of " + p.credits()
                + " credits for " + p.price() + " (key " + p.key() + ") " + state + "; nothing is granted until the "
                + "charge succeeds, and every charge for it uses the same key; repeat the request with the same id "
                + "to learn its outcome", List.of(KernelRules.CHARGE_BEFORE_GRANT), team.balance()));
    }

    @Override
    public List<DuePurchase> due(int limit) {
        return commands.store().duePurchases(commands.clock().now(), limit);
    }

    /**
     * Every pending purchase is read (from the store's index) and each is settled if due by its own team's time: a
     * clock that keeps a time per team (test clocks) may run teams ahead of the wall clock or behind it.
     */
    @Override
    public Settlement settleDue() {
        Settlement total = new Settlement(0, 0, 0, 0);
        java.util.Set<DuePurchase> seen = new java.util.HashSet<>();
        while (true) {
            List<DuePurchase> pending = commands.store().duePurchases(EVERY_PENDING, POLL_LIMIT);
            boolean any = false;
            for (DuePurchase p : pending) {
                if (seen.add(p)) {
                    any = true;
                    if (!p.dueAt().isAfter(commands.clock().now(p.team()))) {
                        total = total.plus(attemptAlone(p.team(), p.key(), false));
                    }
                }
            }
            if (!any || pending.size() < POLL_LIMIT) {
                return total;
            }
        }
    }

    @Override
    public Recovery recoverPurchases() {
        Settlement s = new Settlement(0, 0, 0, 0);
        int pending = 0;
        for (TeamId id : commands.store().teams()) {
            List<PendingPurchase> purchases = commands.store().inTransaction(id, unit -> unit.team()
                    .map(team -> List.copyOf(team.pendingPurchases())).orElse(List.of()));
            for (PendingPurchase p : purchases) {
                pending++;
                s = s.plus(attemptAlone(p.team(), p.key(), true));
            }
        }
        if (pending > 0) {
            LOG.log(System.Logger.Level.INFO, "recovered " + pending + " pending purchase(s): " + s.granted()
                    + " granted, " + s.declined() + " declined, " + s.stillUnknown() + " still without an answer, "
                    + (pending - s.claimed()) + " held by a worker");
        }
        return new Recovery(pending, s.granted(), s.declined(), s.stillUnknown());
    }

    /**
     * One purchase of a run over many: whatever goes wrong with it is logged and leaves it pending (its lease runs
     * out and it is tried again), and the run goes on with the others.
     */
    private Attempt attemptAlone(TeamId team, String key, boolean recovering) {
        try {
            return attempt(team, key, DEFAULT_LEASE, recovering);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "purchase " + key + " of team " + team + " could not be settled; it "
                    + "stays pending and is tried again when its lease runs out", e);
            return Attempt.UNKNOWN;
        }
    }

    @Override
    public Attempt settle(TeamId team, String key, Duration lease) {
        return attempt(team, key, lease, false);
    }

    /**
     * Purchase {@code p} held again by the claim that took it, whose lease ran out before its charge: the purchase
     * as renewed, or null (logged) when another claim took it meanwhile or it was completed.
     */
    private PendingPurchase renewed(PendingPurchase p, Duration lease) {
        Instant storeNow = storeTime();
        return commands.store().inTransaction(p.team(), unit -> {
            Team team = unit.team().orElseThrow();
            Optional<PendingPurchase> stored = team.pendingPurchase(p.key());
            if (stored.isEmpty() || !stored.get().sameClaimAs(p)) {
                LOG.log(System.Logger.Level.WARNING, "purchase " + p.key() + " of team " + p.team() + ": the lease "
                        + "of claim " + p.claims() + " ran out before its charge and " + stored.map(s -> "claim "
                        + s.claims() + " holds it now").orElse("a later claim completed it") + "; this worker does "
                        + "not charge it");
                return null;
            }
            PendingPurchase renewed = stored.get().renewed(team.observe(commands.clock().now(p.team())), storeNow,
                    lease);
            team.retryPurchaseLater(renewed);
            return renewed;
        });
    }

    /** What leases are measured on: the store's clock where it has one, else the instance's (not a team's). */
    private Instant storeTime() {
        return commands.store().databaseTime().orElseGet(commands.clock()::now);
    }

    /**
     * Records a purchase on {@code team} inside the caller's transaction. Everything the rules decided is checked
     * here, before the charge: nothing may fail after the money is taken.
     */
    PendingPurchase purchase(Team team, GrantSource source, long credits, TopUpTerms terms, List<String> rules,
            RequestId requestId, String fingerprint, Instant at) {
        if (terms.price() == null) {
            throw new IllegalStateException("the rules gave no price for a " + source.word() + " of " + credits
                    + " credits (rules: " + terms.grant().rules() + ")");
        }
        TeamCommands.checked(terms.grant(), at);
        if (terms.grant().credits() != credits) {
            throw new IllegalStateException("the rules would grant " + terms.grant().credits() + " credits for a "
                    + source.word() + " of " + credits + "; " + KernelRules.GRANT_WHAT_WAS_BOUGHT
                    + " (rules: " + terms.grant().rules() + ")");
        }
        if (terms.price().minorUnits() == 0) {
            // a price of 0 would grant credits for free: top-up credits are only ever bought
            throw new IllegalStateException("the rules priced a " + source.word() + " of " + credits + " credits at "
                    + terms.price() + "; " + KernelRules.TOP_UPS_ARE_PAID + " (rules: " + terms.grant().rules()
                    + ")");
        }
        String key = team.newPurchaseKey(commands.store().installationId());
        PendingPurchase purchase = PendingPurchase.start(team.id(), key, source, credits, terms.price(),
                terms.grant(), team.owner().id(), rules, requestId, fingerprint, at);
        team.startPurchase(purchase);
        return purchase;
    }

    /** What the completing transaction did: how the attempt ended, and the events to publish. */
    private record Completed(Attempt attempt, Decision decision, List<CreditEvent> events) {
    }

    /**
     * Claims the purchase (if due, or, for a recovery, if no worker's lease holds it), charges for it with its key
     * (asking the processor first when it was tried before), then records the charge and, if it succeeded, grants
     * the credits.
     */
    private Attempt attempt(TeamId teamId, String key, Duration lease, boolean recovering) {
        // read before the transaction: a claim judges the lease it may take by a time no later than its own
        Instant storeNow = storeTime();
        PendingPurchase p = commands.store().inTransaction(teamId, unit -> {
            Team team = unit.team().orElse(null);
            if (team == null) {
                return null;
            }
            Instant now = team.observe(commands.clock().now(teamId));
            PendingPurchase found = team.pendingPurchase(key).orElse(null);
            // never one a worker's lease holds (on the store's clock); a recovery takes a purchase waiting out its
            // back-off at once, and a claim whose lease ran out without an outcome is taken at once too
            if (found == null || found.heldByWorker(storeNow)
                    || !(found.dueBy(now) || recovering || found.leaseRanOut(storeNow))) {
                return null;
            }
            PendingPurchase claimed = found.claimed(now, storeNow, lease);
            team.retryPurchaseLater(claimed);
            return claimed;
        });
        if (p == null) {
            return Attempt.NOT_CLAIMED;
        }
        if (!storeTime().isBefore(p.leaseUntil())) {
            // paused between the claim and the charge for longer than the lease: another worker may have claimed it
            // meanwhile (and the processor may have forgotten the key by the time this one would charge). This
            // worker charges only if its claim is still the latest, held again for a new lease
            p = renewed(p, lease);
            if (p == null) {
                return Attempt.LEASE_LOST;
            }
        }
        ChargeRequest request = new ChargeRequest(p.team(), p.key(), p.price(),
                p.credits() + " Creditpool credits (" + p.source().word() + ")", commands.store().installationId());
        ChargeResult result = null;
        String unknown = null;
        boolean charge = true;
        boolean notFound = false;
        if (p.triedBefore() && canLookUp) {
            ChargeLookup found;
            try {
                found = payments.lookup(request);
            } catch (RuntimeException e) {
                found = ChargeLookup.unknown("the payment processor could not be asked: " + message(e));
            }
            notFound = found instanceof ChargeLookup.NotFound;
            if (found instanceof ChargeLookup.Found f) {
                result = f.result();
                charge = false;
            } else if (found instanceof ChargeLookup.Unknown u && !CANNOT_LOOK_UP.equals(u.why())) {
                // the processor may hold a charge it could not tell of: charging again could take the money twice
                unknown = u.why();
                charge = false;
            }
        }
        if (charge && p.triedBefore() && !notFound
                && !p.startedAt().plus(KEY_MEMORY).isAfter(commands.clock().now(p.team()))) {
            // only the key guards a charge made again without a look-up, and the processor may have forgotten it by
            // now (Stripe does after 24 hours): charging could take the money twice. It stays pending, counted as
            // stuck, for a plugin that can look up or for an operator (audit --payments)
            unknown = "the first charge for it was made over " + KEY_MEMORY.toHours() + " hours ago, longer than a "
                    + "processor keeps its idempotency keys, and the payment plugin cannot look charges up";
            charge = false;
        }
        if (charge) {
            try {
                result = payments.charge(request);
            } catch (RuntimeException e) {
                unknown = message(e);
            }
        }
        return complete(p, result, unknown);
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Records how a claimed purchase's charge ended; a purchase completed meanwhile by another worker stays as is. */
    private Attempt complete(PendingPurchase p, ChargeResult charge, String why) {
        Completed completed = commands.store().inTransaction(p.team(), unit -> {
            Team team = unit.team().orElseThrow();
            Instant now = team.observe(commands.clock().now(p.team()));
            commands.catchUp(team, commands.planOf(team), now);
            Optional<PendingPurchase> stored = team.pendingPurchase(p.key());
            if (stored.isEmpty() || !stored.get().sameClaimAs(p)) {
                // this claim's lease ran out and a later claim holds the purchase (or completed it): the fencing
                // token is stale, and the later claim's records stand
                LOG.log(System.Logger.Level.WARNING, "purchase " + p.key() + " of team " + p.team() + ": the lease "
                        + "of claim " + p.claims() + " ran out and " + stored.map(s -> "claim " + s.claims()
                        + " holds it now").orElse("a later claim completed it") + "; what this worker learnt ("
                        + (charge == null ? "no answer: " + why : charge.succeeded() ? "charged, " + charge.reference()
                        : "declined, " + charge.reference()) + ") is not recorded");
                return new Completed(Attempt.LEASE_LOST, null, List.of());
            }
            List<String> rules = new ArrayList<>(p.rules());
            if (charge == null) {
                // still this worker's claim: back off
                team.retryPurchaseLater(stored.get().afterUnknownOutcome(now));
                if (stored.get().attempts() == 0) {
                    unit.publish(new CreditEvent.TopUpPending(team.id(), p.key(), p.source(), p.credits(),
                            p.price(), why, now));
                }
                // told as a top-up-pending event and counted in the metrics; on the console only when asked for
                LOG.log(System.Logger.Level.DEBUG, "purchase " + p.key() + ": the payment processor's answer did not "
                        + "arrive (" + why + "); it is tried again later with the same key");
                return new Completed(Attempt.UNKNOWN, null, List.of());
            }
            team.recordCharge(new LedgerEntry.ChargeAttempted(now, p.key(), p.source(), p.credits(), p.price(),
                    charge.succeeded(), charge.reference()));
            team.finishPurchase(p.key());
            boolean paused = team.topUpCharged(p.source(), charge.succeeded(), p.price().minorUnits());
            Decision d;
            List<CreditEvent> events = new ArrayList<>();
            if (p.triedBefore()) {
                // charges before this one went without an answer, or a worker stopped before it recorded one
                events.add(new CreditEvent.TopUpRecovered(team.id(), p.key(), p.source(), p.credits(), p.price(),
                        charge.succeeded(), stored.get().attempts(), now));
            }
            if (charge.succeeded()) {
                team.grant(p.source(), now, p.grant());
                rules.addAll(p.grant().rules());
                rules.add(KernelRules.CHARGE_BEFORE_GRANT);
                d = Decision.accept(rules, team.balance());
                events.add(new CreditEvent.TopUpSucceeded(team.id(), p.source(), p.credits(), p.price(), now));
            } else {
                rules.add(KernelRules.CHARGE_BEFORE_GRANT);
                if (paused) {
                    rules.add(KernelRules.AUTO_TOP_UP_PAUSES);
                }
                d = Decision.deny(DenialCode.PAYMENT_DECLINED, "the charge of " + p.price()
                        + " was declined: " + charge.reference(), rules, team.balance());
                events.add(new CreditEvent.TopUpFailed(team.id(), p.source(), p.credits(), p.price(), p.owner(),
                        charge.reference(), now));
                if (paused) {
                    events.add(new CreditEvent.AutoTopUpPaused(team.id(), team.owner().id(),
                            team.autoTopUp().declines(), charge.reference(), now));
                }
            }
            d = commands.stamped(d);
            if (p.requestId() != null) {
                unit.record(p.requestId(), new RecordedRequest(p.fingerprint(), d, now));
            }
            team.checkBalance();
            events.forEach(unit::publish);
            return new Completed(charge.succeeded() ? Attempt.GRANTED : Attempt.DECLINED, d, events);
        });
        if (completed.decision() != null) {
            awaited.computeIfPresent(p.key(), (k, v) -> Optional.of(completed.decision()));
        }
        return completed.attempt();
    }
}
