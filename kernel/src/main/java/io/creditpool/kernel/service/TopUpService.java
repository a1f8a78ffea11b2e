package io.creditpool.kernel.service;

import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.Member;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.Team;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.BuyTopUpUseCase;
import io.creditpool.kernel.port.out.ChargeRequest;
import io.creditpool.kernel.port.out.ChargeResult;
import io.creditpool.kernel.port.out.CreditEvent;
import io.creditpool.kernel.port.out.CreditPolicy;
import io.creditpool.kernel.port.out.EventSink;
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
 * Top-ups in two steps: the purchase is decided and recorded with its idempotency key, the charge is made
 * outside the team's transaction, and the charge and (only if it succeeded) the grant are recorded together.
 */
@Singleton
public final class TopUpService implements BuyTopUpUseCase {
    private final TeamCommands commands;
    private final CreditPolicy policy;
    private final PaymentGateway payments;
    private final EventSink events;

    @Inject
    public TopUpService(TeamCommands commands, CreditPolicy policy, PaymentGateway payments, EventSink events) {
        this.commands = commands;
        this.policy = policy;
        this.payments = payments;
        this.events = events;
    }

    /** A purchase decided and recorded, waiting for its charge. */
    public record Purchase(TeamId team, String key, GrantSource source, long credits, TopUpTerms terms,
            MemberId owner, List<String> rules, RequestId requestId, String fingerprint) {
    }

    /** Either a decision (a denial or a replay) or a purchase to complete. */
    private record Pending(Decision decision, Purchase purchase) implements TeamCommands.Outcome {
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
            Purchase purchase = purchase(team, GrantSource.TOP_UP, c.credits(),
                    policy.topUp(plan, GrantSource.TOP_UP, c.credits(), now), List.of(KernelRules.OWNER_BUYS_TOP_UPS),
                    c.id(), c.toString(), now);
            return new Pending(null, purchase);
        }, decision -> new Pending(decision, null));
        return pending.purchase() == null ? pending.decision() : complete(pending.purchase());
    }

    /** Records a purchase intent on {@code team}: its key is taken from the team inside the caller's transaction. */
    Purchase purchase(Team team, GrantSource source, long credits, TopUpTerms terms, List<String> rules,
            RequestId requestId, String fingerprint, Instant at) {
        // Everything the rules decided is checked before the charge: nothing may fail after the money is taken.
        if (terms.price() == null) {
            throw new IllegalStateException("the rules gave no price for a " + source.word() + " of " + credits);
        }
        TeamCommands.checked(terms.grant(), at);
        return new Purchase(team.id(), team.newPurchaseKey(), source, credits, terms, team.owner().id(), rules,
                requestId, fingerprint);
    }

    /** Charges for the purchase, then records the charge and, if it succeeded, grants the credits. */
    Decision complete(Purchase p) {
        ChargeResult result;
        try {
            result = payments.charge(new ChargeRequest(p.team(), p.key(), p.terms().price(),
                    p.credits() + " Creditpool credits (" + p.source().word() + ")"));
        } catch (RuntimeException e) {
            // Outcome unknown: nothing is granted. The charge was made with the purchase's key, so retrying it
            // with that key can never take the money twice.
            result = ChargeResult.declined("outcome unknown: " + e.getMessage());
        }
        ChargeResult charge = result;
        Instant now = commands.now();
        Decision decision = commands.store().inTransaction(p.team(), unit -> {
            Team team = unit.team().orElseThrow();
            commands.catchUp(team, commands.planOf(team), now);
            team.recordCharge(new LedgerEntry.ChargeAttempted(now, p.key(), p.source(), p.credits(),
                    p.terms().price(), charge.succeeded(), charge.reference()));
            List<String> rules = new ArrayList<>(p.rules());
            Decision d;
            if (charge.succeeded()) {
                team.grant(p.source(), now, p.terms().grant());
                rules.addAll(p.terms().grant().rules());
                rules.add(KernelRules.CHARGE_BEFORE_GRANT);
                d = Decision.accept(rules, team.balance());
            } else {
                rules.add(KernelRules.CHARGE_BEFORE_GRANT);
                d = Decision.deny(DenialCode.PAYMENT_DECLINED, "the charge of " + p.terms().price()
                        + " was not successful: " + charge.reference(), rules, team.balance());
            }
            if (p.source() == GrantSource.AUTO_TOP_UP) {
                team.setAutoTopUpState(team.autoTopUp().armed(), false);
            }
            if (p.requestId() != null) {
                unit.record(p.requestId(), new RecordedRequest(p.fingerprint(), d));
            }
            team.checkBalance();
            return d;
        });
        events.publish(charge.succeeded()
                ? new CreditEvent.TopUpSucceeded(p.team(), p.source(), p.credits(), p.terms().price(), now)
                : new CreditEvent.TopUpFailed(p.team(), p.source(), p.credits(), p.terms().price(), p.owner(),
                        charge.reference(), now));
        return decision;
    }
}
