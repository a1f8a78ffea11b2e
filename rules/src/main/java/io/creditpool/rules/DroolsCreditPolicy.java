package io.creditpool.rules;

import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.BillingCycle;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.GrantTerms;
import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.Money;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.RuleDenial;
import io.creditpool.kernel.domain.UnitPrice;
import io.creditpool.kernel.port.out.ConsumptionFacts;
import io.creditpool.kernel.port.out.ConsumptionVerdict;
import io.creditpool.kernel.port.out.CreditPolicy;
import io.creditpool.kernel.port.out.GroupFacts;
import io.creditpool.kernel.port.out.PolicyVerdict;
import io.creditpool.kernel.port.out.AlertLevels;
import io.creditpool.kernel.port.out.RuleNotice;
import io.creditpool.kernel.port.out.TeamFacts;
import io.creditpool.kernel.port.out.TopUpTerms;
import io.creditpool.rules.facts.AutoTopUpChange;
import io.creditpool.rules.facts.AutoTopUpState;
import io.creditpool.rules.facts.Consumption;
import io.creditpool.rules.facts.LowBalance;
import io.creditpool.rules.facts.PlanParameters;
import io.creditpool.rules.facts.CycleGrant;
import io.creditpool.rules.facts.NewGrant;
import io.creditpool.rules.facts.TopUpPurchase;
import io.creditpool.rules.facts.Verdict;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.function.Supplier;

/** The credit policy as the DRL files say it: turns kernel facts into Drools facts, fires, reads the answer. */
@Singleton
public final class DroolsCreditPolicy implements CreditPolicy {
    /** Consumption phases: derive facts, then decide, then what follows an accepted consumption. */
    static final String[] CONSUMPTION_PHASES = {"plan-parameters", "classify", "decide", "follow-up"};
    /** The phase the plan-parameters decision table sets the plan's parameters in, before any other rule. */
    static final String PARAMETERS_PHASE = "plan-parameters";

    /** The rules to decide with; read once per decision, so a decision runs on one rule set from start to end. */
    private final Supplier<RuleBase> live;
    /** The version of the rules {@link #live} gives. */
    private final Supplier<String> version;

    /** A policy over fixed rules, which has no version. */
    @Inject
    public DroolsCreditPolicy(RuleBase rules) {
        this(() -> rules, () -> "");
    }

    /**
     * A policy over rule sets that may be swapped while it runs: each command decides with the set it started with
     * and its decisions carry that set's version (see {@link LiveRules}).
     */
    public DroolsCreditPolicy(LiveRules live) {
        this(() -> live.forDecision().rules(), () -> live.forDecision().version());
    }

    private DroolsCreditPolicy(Supplier<RuleBase> live, Supplier<String> version) {
        this.live = live;
        this.version = version;
    }

    @Override
    public String version() {
        return version.get();
    }

    @Override
    public GrantTerms cycleGrant(Plan plan, int seats, BillingCycle cycle) {
        RuleBase rules = live.get();
        CycleGrant grant = new CycleGrant(plan.tier().word(), seats, plan.monthlyCreditsPerSeat(), cycle.start(),
                cycle.end());
        List<String> fired = rules.decide(List.of(grant));
        return terms(grant, fired);
    }

    @Override
    public TopUpTerms topUp(Plan plan, GrantSource source, long credits, Instant at) {
        RuleBase rules = live.get();
        TopUpPurchase purchase = new TopUpPurchase(source.word(), plan.tier().word(), credits, plan.price());
        List<String> fired = rules.decide(List.of(purchase));
        if (purchase.getPrice() < -1) {
            throw new IllegalStateException("the rules priced a " + source.word() + " of " + credits + " credits at "
                    + purchase.getPrice() + " " + plan.currency() + " (minor units); a price is never negative "
                    + "(rules fired: " + fired + ")");
        }
        if (source == GrantSource.TOP_UP && purchase.getPrice() == 0 && plan.price().minorUnits().signum() > 0
                && plan.price().chargeFor(credits).minorUnits() == 0) {
            // the plan's price of these credits rounds down to nothing: too few credits to buy, as the owner asked
            // (the kernel refuses a top-up priced at nothing in any case: top-ups are paid)
            throw new InvalidInputException("credits", credits + " credit(s) cost less than one minor unit at "
                    + plan.price() + ", and a top-up is charged whole minor units rounded down: buy at least "
                    + fewestCharged(plan.price()) + " credits");
        }
        Money price = purchase.getPrice() < 0 ? null : new Money(purchase.getPrice(), plan.currency());
        return new TopUpTerms(price, terms(purchase, fired));
    }

    @Override
    public PolicyVerdict autoTopUpChange(Plan plan, AutoTopUp settings) {
        if (settings.enabled() && plan.price().minorUnits().signum() > 0
                && plan.price().chargeFor(settings.amount()).minorUnits() == 0) {
            // it could never buy: its price rounds down to nothing, and top-ups are paid
            throw new InvalidInputException("amount", settings.amount() + " credit(s) cost less than one minor unit "
                    + "at " + plan.price() + ", and a top-up is charged whole minor units rounded down: buy at least "
                    + fewestCharged(plan.price()) + " credits");
        }
        RuleBase rules = live.get();
        Verdict verdict = new Verdict();
        List<String> fired = rules.decide(List.of(new AutoTopUpChange(plan.tier().word(), settings.enabled(),
                settings.threshold(), settings.amount()), verdict, new PlanParameters(plan.name(), plan.tier().word())),
                PARAMETERS_PHASE);
        return verdict(rules, verdict, fired, Map.of("plan", plan.name(), "tier", plan.tier().word()));
    }

    @Override
    public ConsumptionVerdict consumption(ConsumptionFacts facts) {
        RuleBase rules = live.get();
        Verdict verdict = new Verdict();
        Consumption consumption = new Consumption(facts.tier().word(), facts.credits(), facts.balance(),
                facts.usageThisMonth(), !facts.limit().unlimited(), facts.limit().credits(),
                facts.monthlyPlanCredits());
        TeamFacts team = facts.team();
        if (team != null) {
            consumption.about(team.team().value(), team.plan(), team.seats(), team.seatsUsed(), team.member().value(),
                    team.role().word(), team.limitExplicit(), team.planCredits(), team.topUpCredits())
                    .withUsageLastMonth(team.usageLastMonth());
        }
        consumption.withOwnLimit(!facts.ownLimit().unlimited(), facts.ownLimit().credits());
        consumption.on(facts.at());
        GroupFacts group = facts.group();
        if (group != null) {
            consumption.inGroup(group.group().value(), group.name(), !group.cap().unlimited(), group.cap().credits(),
                    group.usageThisMonth());
        }
        LowBalance low = new LowBalance();
        PlanParameters parameters = new PlanParameters(team == null ? "" : team.plan(), facts.tier().word());
        AutoTopUp auto = facts.autoTopUp();
        List<String> fired;
        if (auto.enabled()) {
            AutoTopUpState state = new AutoTopUpState(true, auto.threshold(), auto.amount(), auto.armed());
            fired = rules.decide(List.of(consumption, state, verdict, low, parameters), CONSUMPTION_PHASES);
            return new ConsumptionVerdict(verdict(rules, verdict, fired, placeholders(facts)), state.isArmed(),
                    state.getOrderedCredits(), low.getLevel(), low.getDivisor(), alerts(parameters, fired),
                    notices(verdict, fired));
        }
        fired = rules.decide(List.of(consumption, verdict, low, parameters), CONSUMPTION_PHASES);
        return new ConsumptionVerdict(verdict(rules, verdict, fired, placeholders(facts)), false, 0, low.getLevel(),
                low.getDivisor(), alerts(parameters, fired), notices(verdict, fired));
    }

    @Override
    public AlertLevels alertLevels(Plan plan) {
        PlanParameters parameters = new PlanParameters(plan.name(), plan.tier().word());
        List<String> fired = live.get().decide(List.of(parameters), PARAMETERS_PHASE);
        return alerts(parameters, fired);
    }

    /** The alert levels the plan's parameters set, checked as the kernel checks them (naming the rules on a bad one). */
    private static AlertLevels alerts(PlanParameters parameters, List<String> fired) {
        try {
            return new AlertLevels(parameters.getUsageAlerts(), parameters.getPoolAlerts());
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + " (rules fired: " + fired + ")", e);
        }
    }

    private static List<RuleNotice> notices(Verdict verdict, List<String> fired) {
        if (verdict.notices().isEmpty()) {
            return List.of();
        }
        List<RuleNotice> notices = new java.util.ArrayList<>(verdict.notices().size());
        for (String[] n : verdict.notices()) {
            try {
                notices.add(new RuleNotice(n[0], n[1]));
            } catch (IllegalStateException e) {
                throw new IllegalStateException(e.getMessage() + " (rules fired: " + fired + ")", e);
            }
        }
        return notices;
    }

    /** The fewest credits that cost at least one minor unit at {@code price}. */
    private static long fewestCharged(UnitPrice price) {
        return BigDecimal.valueOf(price.credits()).divide(price.minorUnits(), 0, RoundingMode.CEILING).longValueExact();
    }

    private static GrantTerms terms(NewGrant grant, List<String> fired) {
        if (!grant.isExpirySet()) {
            throw new IllegalStateException("no rule decided when " + grant.getSource()
                    + " credits expire (rules fired: " + fired + ")");
        }
        return new GrantTerms(grant.getCredits(), grant.getExpiresAt(), grant.getBurnPriority(), fired);
    }

    /** What a denials table's message may say of a consumption. */
    private static Map<String, Object> placeholders(ConsumptionFacts facts) {
        Map<String, Object> values = new HashMap<>();
        values.put("credits", facts.credits());
        values.put("balance", facts.balance());
        values.put("usage", facts.usageThisMonth());
        values.put("limit", facts.limit());
        values.put("tier", facts.tier().word());
        values.put("ownLimit", facts.ownLimit());
        if (facts.group() != null) {
            values.put("group", facts.group().group());
            values.put("groupName", facts.group().name());
            values.put("groupCap", facts.group().cap());
            values.put("groupUsage", facts.group().usageThisMonth());
            values.put("groupLeft", facts.group().cap().unlimited() ? "unlimited"
                    : facts.group().cap().leftAfter(facts.group().usageThisMonth()));
        }
        if (facts.team() != null) {
            values.put("member", facts.team().member());
            values.put("role", facts.team().role().word());
            values.put("team", facts.team().team());
            values.put("plan", facts.team().plan());
        }
        return values;
    }

    private static PolicyVerdict verdict(RuleBase rules, Verdict verdict, List<String> fired,
            Map<String, Object> values) {
        if (verdict.isDenied()) {
            DenialCode code = DenialCode.fromCode(verdict.getDenial());
            if (code == null || code == DenialCode.RULE_DENIAL) {
                RuleDenial own = rules.denials().denial(verdict.getDenial()).orElseThrow(() ->
                        new IllegalStateException("a rule denied with '" + verdict.getDenial() + "', which is "
                                + "not a denial code (neither Creditpool's nor one of the rule set's "
                                + DenialTable.FILE + "; rules fired: " + fired + ")"));
                return PolicyVerdict.deny(DenialTable.filled(own, values),
                        fired.stream().filter(r -> !verdict.acceptedBy().contains(r)).toList());
            }
            // a denial names the rules that made it (and those that classified the facts it acts on), not a rule
            // that accepted before the denial outweighed it
            return PolicyVerdict.deny(code, fired.stream().filter(r -> !verdict.acceptedBy().contains(r)).toList());
        }
        return verdict.isAccepted() ? PolicyVerdict.accept(fired) : PolicyVerdict.undecided(fired);
    }
}
