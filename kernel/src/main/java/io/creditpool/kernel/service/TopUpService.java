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
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.ChargeRequest;
import io.creditpool.kernel.port.out.ChargeResult;
import io.creditpool.kernel.port.out.CreditEvent;
import io.creditpool.kernel.port.out.CreditPolicy;
import io.creditpool.kernel.port.out.PaymentGateway;
import io.creditpool.kernel.port.out.RecordedRequest;
import io.creditpool.kernel.port.out.TopUpTerms;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Top-ups in two steps: the purchase is decided and recorded with its idempotency key (a {@link PendingPurchase}
 * kept with the team), the charge is made outside the team's transaction, and the charge and (only if it
 * succeeded) the grant are recorded together while the purchase is removed. A charge whose outcome is unknown
 * leaves the purchase pending; it is charged again with the same key later, so it is paid at most once and, if
 * paid, granted exactly once. Events are published into the transaction that records the outcome, so they are
 * stored if and only if it is.
 */
@Singleton
public final class TopUpService implements BuyTopUpUseCase, RecoverPurchasesUseCase {
    private static final System.Logger LOG = System.getLogger(TopUpService.class.getName());

    private final TeamCommands commands;
    private final CreditPolicy policy;
    private final PaymentGateway payments;

    @Inject
    public TopUpService(TeamCommands commands, CreditPolicy policy, PaymentGateway payments) {
        this.commands = commands;
        this.policy = policy;
        this.payments = payments;
    }

    /** Either a decision (a denial or a replay) or a purchase to complete. */
    private record Pending(Decision decision, PendingPurchase purchase) implements TeamCommands.Outcome {
        @Override
        public Pending with(Decision other) {
            return new Pending(other, purchase);
        }
    }

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
        return pending.purchase() == null ? pending.decision() : complete(pending.purchase());
    }

    @Override
    public Recovery recoverPurchases() {
        int pending = 0;
        int granted = 0;
        int declined = 0;
        int unknown = 0;
        for (TeamId id : commands.store().teams()) {
            List<PendingPurchase> purchases = commands.store().inTransaction(id, unit -> unit.team()
                    .map(team -> List.copyOf(team.pendingPurchases())).orElse(List.of()));
            for (PendingPurchase p : purchases) {
                pending++;
                Decision d = resume(p);
                if (d.accepted()) {
                    granted++;
                } else if (d.denial() == DenialCode.PAYMENT_PENDING) {
                    unknown++;
                } else {
                    declined++;
                }
            }
        }
        if (pending > 0) {
            LOG.log(System.Logger.Level.INFO, "recovered " + pending + " pending purchase(s): " + granted
                    + " granted, " + declined + " declined, " + unknown + " still without an answer");
        }
        return new Recovery(pending, granted, declined, unknown);
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

    /**
     * Completes a purchase that was left pending (its request's charge had no answer, or the request stopped before
     * its charge) as {@link #complete} does; its outcome is also told as a {@link CreditEvent.TopUpRecovered}.
     */
    Decision resume(PendingPurchase p) {
        return complete(p, true);
    }

    /** Completes a purchase its own request has just recorded. */
    Decision complete(PendingPurchase p) {
        return complete(p, false);
    }

    /**
     * Charges for the purchase with its key, then records the charge and, if it succeeded, grants the credits. A
     * purchase another caller has already completed is not charged again by this one's records.
     */
    private Decision complete(PendingPurchase p, boolean resumed) {
        ChargeResult result = null;
        String unknown = null;
        try {
            result = payments.charge(new ChargeRequest(p.team(), p.key(), p.price(),
                    p.credits() + " Creditpool credits (" + p.source().word() + ")",
                    commands.store().installationId()));
        } catch (RuntimeException e) {
            unknown = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        ChargeResult charge = result;
        String why = unknown;
        return commands.store().inTransaction(p.team(), unit -> {
            Team team = unit.team().orElseThrow();
            Instant now = team.observe(commands.clock().now(p.team()));
            commands.catchUp(team, commands.planOf(team), now);
            if (team.pendingPurchase(p.key()).isEmpty()) {
                // completed meanwhile by another caller resuming it: its records stand
                Decision earlier = p.requestId() == null ? null
                        : unit.request(p.requestId()).map(RecordedRequest::decision).orElse(null);
                return earlier != null ? earlier : commands.stamped(
                        Decision.accept(List.of(KernelRules.CHARGE_BEFORE_GRANT), team.balance()));
            }
            List<String> rules = new ArrayList<>(p.rules());
            PendingPurchase stored = team.pendingPurchase(p.key()).orElseThrow();
            if (charge == null) {
                team.retryPurchaseLater(stored.afterUnknownOutcome(now));
                rules.add(KernelRules.CHARGE_BEFORE_GRANT);
                if (stored.attempts() == 0) {
                    unit.publish(new CreditEvent.TopUpPending(team.id(), p.key(), p.source(), p.credits(), p.price(),
                            why, now));
                }
                return commands.stamped(Decision.deny(DenialCode.PAYMENT_PENDING, "the payment "
                        + "processor's answer did not arrive (" + why + "); nothing is granted until it is known, and "
                        + "the charge will be made again with the same key", rules, team.balance()));
            }
            team.recordCharge(new LedgerEntry.ChargeAttempted(now, p.key(), p.source(), p.credits(), p.price(),
                    charge.succeeded(), charge.reference()));
            team.finishPurchase(p.key());
            boolean paused = team.topUpCharged(p.source(), charge.succeeded(), p.price().minorUnits());
            Decision d;
            List<CreditEvent> events = new ArrayList<>();
            if (resumed || stored.attempts() > 0) {
                events.add(new CreditEvent.TopUpRecovered(team.id(), p.key(), p.source(), p.credits(), p.price(),
                        charge.succeeded(), stored.attempts(), now));
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
            return d;
        });
    }
}
