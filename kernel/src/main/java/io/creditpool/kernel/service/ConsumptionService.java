package io.creditpool.kernel.service;

import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.BillingCycle;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.Group;
import io.creditpool.kernel.domain.Member;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.PendingPurchase;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.Team;
import io.creditpool.kernel.port.in.ConsumeCreditsCommand;
import io.creditpool.kernel.port.in.ConsumeCreditsUseCase;
import io.creditpool.kernel.port.out.ConsumptionFacts;
import io.creditpool.kernel.port.out.GroupFacts;
import io.creditpool.kernel.port.out.TeamFacts;
import io.creditpool.kernel.port.out.ConsumptionVerdict;
import io.creditpool.kernel.port.out.CreditEvent;
import io.creditpool.kernel.port.out.CreditPolicy;
import io.creditpool.kernel.port.out.TopUpTerms;
import io.creditpool.kernel.port.out.PolicyVerdict;
import io.creditpool.kernel.port.out.RuleNotice;
import io.creditpool.kernel.domain.Budgets;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Consumptions: the rules decide, then the kernel checks the guarantees (never negative, limits hold) before it
 * draws credits in burn order. An auto top-up the rules order is recorded with the consumption and handed to the
 * purchase workers: the consumption answers at once, whatever the payment processor does.
 * Reservations are decided here too, exactly as a consumption of the credits they hold.
 */
@Singleton
public final class ConsumptionService implements ConsumeCreditsUseCase {
    private final TeamCommands commands;
    private final CreditPolicy policy;
    private final TopUpService topUps;

    @Inject
    public ConsumptionService(TeamCommands commands, CreditPolicy policy, TopUpService topUps) {
        this.commands = commands;
        this.policy = policy;
        this.topUps = topUps;
    }

    /**
     * A decision, and the follow-ups it sets off once it is stored: an auto top-up to complete, the events to tell
     * (low balance, alerts, the rules' notices), stored with it.
     */
    record Consumed(Decision decision, PendingPurchase autoTopUp, List<CreditEvent> told)
            implements TeamCommands.Outcome {
        Consumed {
            told = told == null ? List.of() : List.copyOf(told);
        }

        Consumed(Decision decision) {
            this(decision, null, List.of());
        }

        @Override
        public Consumed with(Decision other) {
            return new Consumed(other, autoTopUp, told);
        }

        @Override
        public List<CreditEvent> events() {
            return told;
        }
    }

    /** How accepted credits leave the pool: spent at once, or held by a reservation. */
    @FunctionalInterface
    interface Spending {
        void take(Team team, Member member);
    }

    @Override
    public Decision consume(ConsumeCreditsCommand c) {
        return followUp(commands.run(c.team(), c.id(), c, (team, plan, now) -> decide(team, plan, now, c.member(),
                c.credits(), (t, member) -> t.consume(member, c.credits(), now, c.id())), Consumed::new));
    }

    /**
     * Hands the auto top-up a stored decision set off (its event was stored with it) to the purchase workers, never
     * charging on this thread; answers the decision.
     */
    Decision followUp(Consumed consumed) {
        if (consumed.autoTopUp() != null) {
            topUps.ordered(consumed.autoTopUp());
        }
        return consumed.decision();
    }

    /**
     * Decides whether {@code memberId} may take {@code credits} out of the pool now: the rules, then the kernel's
     * guarantees; if accepted, {@code spending} takes them, then auto top-up and low balance follow.
     */
    Consumed decide(Team team, Plan plan, Instant now, MemberId memberId, long credits, Spending spending) {
        Optional<Decision> unknown = TeamCommands.unknownMember(team, "member", memberId);
        if (unknown.isPresent()) {
            return new Consumed(unknown.get());
        }
        Member member = team.member(memberId).orElseThrow();
        YearMonth month = BillingCycle.calendarMonthOf(now);
        long usage = team.usageIn(member.id(), month);
        Group group = team.groupOf(member);
        long groupUsage = group == null ? 0 : team.groupUsageIn(group.id(), month);
        ConsumptionFacts facts = new ConsumptionFacts(plan.tier(), credits, team.balance(), usage,
                member.limit(), team.autoTopUp(), Math.multiplyExact(plan.monthlyCreditsPerSeat(), team.seats()),
                TeamFacts.of(team, member, month), member.ownLimit(),
                group == null ? null : new GroupFacts(group.id(), group.name(), group.cap(), groupUsage), now);
        ConsumptionVerdict verdict = policy.consumption(facts);
        PolicyVerdict said = verdict.verdict();
        List<String> rules = new ArrayList<>(said.rules());
        if (!said.decided()) {
            rules.add(KernelRules.RULES_MUST_DECIDE);
            return denied(team, DenialCode.NO_DECISION, "no rule accepted or denied this consumption", rules);
        }
        if (said.ruleDenial() != null) {
            return new Consumed(Decision.deny(said.ruleDenial(), rules, team.balance()));
        }
        if (!said.accepted()) {
            return denied(team, said.denial(), reason(said.denial(), member, facts), rules);
        }
        // Rules decide, kernel guarantees: whatever the rules accepted, these hold.
        if (credits > team.balance()) {
            rules.add(KernelRules.NEVER_NEGATIVE);
            return denied(team, DenialCode.INSUFFICIENT_CREDITS,
                    reason(DenialCode.INSUFFICIENT_CREDITS, member, facts), rules);
        }
        Budgets budgets = team.budgets();
        DenialCode over = budgets.refusal(member, credits, month);
        if (over != null) {
            rules.add(over == DenialCode.MEMBER_LIMIT ? KernelRules.LIMIT_HOLDS : KernelRules.GROUP_CAP_HOLDS);
            return denied(team, over, reason(over, member, facts), rules);
        }
        long balanceBefore = team.balance();
        Budgets.Before before = budgets.before(member, balanceBefore, month);
        spending.take(team, member);
        PendingPurchase autoTopUp = afterConsumption(team, plan, balanceBefore, verdict, now, rules);
        // told once per crossing, whatever a rule sets: before at or above the level, after below it. The level the
        // rules set is compared exactly, as they compare it (5.5 for a tenth of 55: 6 is not low, 5 is)
        CreditEvent lowBalance = verdict.saysLow() && !verdict.lowAt(balanceBefore) && verdict.lowAt(team.balance())
                ? new CreditEvent.LowBalance(team.id(), team.owner().id(), team.balance(),
                        verdict.lowBalanceCredits(), now)
                : null;
        List<CreditEvent> told = new ArrayList<>(2);
        if (lowBalance != null) {
            told.add(lowBalance);
        }
        // told once per share and month, whatever the rules set: the kernel measures the crossing against the peak
        for (Budgets.Alert a : budgets.alerts(member, before, team.balance(), facts.monthlyPlanCredits(),
                team.owner().id(), verdict.alerts().usage(), verdict.alerts().pool())) {
            told.add(switch (a.kind()) {
                case LIMIT -> new CreditEvent.LimitAlert(team.id(), a.member(), a.percent(), a.used(), a.of(),
                        a.ownLimit(), now);
                case GROUP_CAP -> new CreditEvent.GroupCapAlert(team.id(), a.group(), a.member(), a.percent(),
                        a.used(), a.of(), now);
                case POOL -> new CreditEvent.PoolLow(team.id(), a.member(), a.percent(), a.used(), a.of(), now);
            });
        }
        for (RuleNotice notice : verdict.notices()) {
            told.add(new CreditEvent.Notice(team.id(), member.id(), notice.code(), notice.message(), now));
        }
        return new Consumed(Decision.accept(rules, team.balance()), autoTopUp, told);
    }

    /**
     * Keeps the auto top-up state the rules decided and orders the purchase they asked for, if the kernel's
     * guarantee allows it: one crossing of the threshold (armed, or back at or above it before this consumption,
     * and below it after) buys the configured amount at most once, and never while another is in flight.
     */
    private PendingPurchase afterConsumption(Team team, Plan plan, long balanceBefore, ConsumptionVerdict verdict,
            Instant now, List<String> rules) {
        AutoTopUp auto = team.autoTopUp();
        if (!auto.enabled()) {
            return null;
        }
        long ordered = verdict.autoTopUpCredits();
        if (ordered <= 0) {
            team.setAutoTopUpArmed(verdict.autoTopUpArmed());
            return null;
        }
        boolean crossing = (auto.armed() || balanceBefore >= auto.threshold()) && team.balance() < auto.threshold();
        if (!crossing || ordered != auto.amount()) {
            rules.add(KernelRules.ONE_PURCHASE_PER_CROSSING);
            team.setAutoTopUpArmed(false);
            return null;
        }
        team.setAutoTopUpArmed(false);
        if (team.autoTopUpInFlight()) {
            rules.add(KernelRules.ONE_AUTO_TOP_UP_IN_FLIGHT);
            return null;
        }
        if (auto.paused()) {
            rules.add(KernelRules.AUTO_TOP_UP_PAUSES);
            return null;
        }
        TopUpTerms terms = policy.topUp(plan, GrantSource.AUTO_TOP_UP, ordered, now);
        if (terms.price() != null && !auto.withinCap(terms.price().minorUnits())) {
            rules.add(KernelRules.AUTO_TOP_UP_CAP);
            return null;
        }
        return topUps.purchase(team, GrantSource.AUTO_TOP_UP, ordered, terms, List.copyOf(rules), null, null, now);
    }

    private static Consumed denied(Team team, DenialCode code, String reason, List<String> rules) {
        return new Consumed(Decision.deny(code, reason, rules, team.balance()));
    }

    private static String reason(DenialCode code, Member member, ConsumptionFacts facts) {
        MemberId id = member.id();
        return switch (code) {
            case INSUFFICIENT_CREDITS -> "the pool holds " + facts.balance() + " credits; " + facts.credits()
                    + " were asked for";
            case MEMBER_LIMIT -> member.ownLimitApplies()
                    && facts.usageThisMonth() + facts.credits() > member.ownLimit().credits()
                    ? id + " has used " + facts.usageThisMonth() + " of the monthly limit of " + member.ownLimit()
                            + " they set themselves; " + facts.credits() + " more would go over it"
                    : facts.limit().unlimited()
                    ? id + " has no limit of their own but has used " + facts.usageThisMonth() + " this month; "
                            + facts.credits() + " more would go over what the rules let a member spend"
                    : id + " has used " + facts.usageThisMonth() + " of a monthly limit of " + facts.limit()
                            + "; " + facts.credits() + " more would go over it";
            case GROUP_CAP -> facts.group() == null ? "denied by the rules: " + id + " is in no group"
                    : id + " is in group " + facts.group().group() + ", which has used "
                            + facts.group().usageThisMonth() + " of its monthly cap of " + facts.group().cap()
                            + " this month: " + facts.group().cap().leftAfter(facts.group().usageThisMonth())
                            + " left, " + facts.credits() + " asked for";
            default -> "denied by the rules";
        };
    }
}
