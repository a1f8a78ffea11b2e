package io.creditpool.rules;

import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.BillingCycle;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.GrantTerms;
import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Money;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.domain.UnitPrice;
import io.creditpool.kernel.port.out.ConsumptionFacts;
import io.creditpool.kernel.port.out.ConsumptionVerdict;
import io.creditpool.kernel.port.out.PolicyVerdict;
import io.creditpool.kernel.port.out.TopUpTerms;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One situation per test: facts in, decision out, through the shipped DRL files. */
class DroolsCreditPolicyTest {
    private static final DroolsCreditPolicy POLICY = new DroolsCreditPolicy(RuleBase.of(RuleSource.shipped()));
    private static final Plan STANDARD = new Plan("team", Tier.STANDARD, 500, 2, "USD");
    private static final Plan ENTERPRISE = new Plan("ent", Tier.ENTERPRISE, 500, 1, "EUR");

    private static ConsumptionFacts consumption(long credits, long balance, long usage, MemberLimit limit,
            AutoTopUp auto) {
        return new ConsumptionFacts(Tier.ENTERPRISE, credits, balance, usage, limit, auto);
    }

    @Test
    void withoutAutoTopUpTheLowLevelIsTheExactTenthEvenWhenItIsNotWhole() {
        // 55 monthly plan credits: low below 5.5; 6 - 1 = 5 crosses it
        ConsumptionVerdict v = POLICY.consumption(new ConsumptionFacts(Tier.STANDARD, 1, 6, 0, MemberLimit.UNLIMITED,
                AutoTopUp.OFF, 55));
        assertThat(v.verdict().rules()).contains("Without auto top-up, the pool runs low below a tenth of the monthly plan credits");
        // 55 / 10, exactly (written as the percent of plan-parameters.csv's column: 550 / 100)
        assertThat(v.lowBalanceLevel() * 10).isEqualTo(v.lowBalanceDivisor() * 55);
        assertThat(v.lowAt(5)).isTrue();
        assertThat(v.lowAt(6)).isFalse();
        assertThat(v.lowBalanceCredits()).isEqualTo(6);
        // 7 - 1 = 6 does not
        assertThat(POLICY.consumption(new ConsumptionFacts(Tier.STANDARD, 1, 7, 0, MemberLimit.UNLIMITED,
                AutoTopUp.OFF, 55)).saysLow()).isFalse();
    }

    @Test
    void aCycleGrantsSeatsTimesCreditsPerSeatExpiringAtCycleEnd() {
        BillingCycle cycle = BillingCycle.startingAt(Instant.parse("2026-01-01T00:00:00Z"), 1);
        GrantTerms terms = POLICY.cycleGrant(STANDARD, 3, cycle);
        assertThat(terms.credits()).isEqualTo(1500);
        assertThat(terms.expiresAt()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(terms.rules()).contains("Each cycle grants the seats bought times the plan's monthly credits per seat",
                "Plan credits expire at the end of their cycle");
    }

    @Test
    void aTopUpAtAFractionalPriceIsChargedRoundedDownToTheCent() {
        Plan payAsYouGo = new Plan("payg", Tier.STANDARD, 0, UnitPrice.perCredit(new BigDecimal("1.5"), "USD"));
        assertThat(POLICY.topUp(payAsYouGo, GrantSource.TOP_UP, 1000, Instant.EPOCH).price())
                .isEqualTo(new Money(1500, "USD"));
        assertThat(POLICY.topUp(payAsYouGo, GrantSource.TOP_UP, 15, Instant.EPOCH).price())
                .isEqualTo(new Money(22, "USD"));   // 22.5 cents, in the customer's favour
        Plan bulk = new Plan("bulk", Tier.ENTERPRISE, 0, UnitPrice.perBlock(new BigDecimal("1500"), 1000, "EUR"));
        TopUpTerms auto = POLICY.topUp(bulk, GrantSource.AUTO_TOP_UP, 2500, Instant.EPOCH);
        assertThat(auto.price()).isEqualTo(new Money(3750, "EUR"));
        assertThat(auto.grant().rules()).contains("A top-up costs the plan's price per credit");
    }

    @Test
    void aTopUpThatRoundsToNothingIsTooFewCreditsAndAnAutoTopUpIsPricedAtNothingForTheKernelToRefuse() {
        Plan tiny = new Plan("tiny", Tier.STANDARD, 0, UnitPrice.perCredit(new BigDecimal("0.001"), "USD"));
        assertThatThrownBy(() -> POLICY.topUp(tiny, GrantSource.TOP_UP, 999, Instant.EPOCH))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("credits: 999 credit(s) cost less "
                        + "than one minor unit at 0.00001 USD per credit")
                .hasMessageEndingWith("buy at least 1000 credits");
        assertThat(POLICY.topUp(tiny, GrantSource.TOP_UP, 1000, Instant.EPOCH).price().minorUnits()).isOne();
        assertThat(POLICY.topUp(tiny, GrantSource.AUTO_TOP_UP, 999, Instant.EPOCH).price().minorUnits()).isZero();
        Plan block = new Plan("block", Tier.STANDARD, 0, UnitPrice.perBlock(new BigDecimal("3"), 1000, "USD"));
        assertThatThrownBy(() -> POLICY.topUp(block, GrantSource.TOP_UP, 333, Instant.EPOCH))
                .hasMessageEndingWith("buy at least 334 credits");
        assertThat(POLICY.topUp(block, GrantSource.TOP_UP, 334, Instant.EPOCH).price().minorUnits()).isOne();
    }

    @Test
    void anAutoTopUpWhoseAmountWouldCostNothingCannotBeTurnedOn() {
        Plan tiny = new Plan("tiny", Tier.ENTERPRISE, 0, UnitPrice.perCredit(new BigDecimal("0.4"), "USD"));
        assertThatThrownBy(() -> POLICY.autoTopUpChange(tiny, AutoTopUp.configured(true, 100, 2)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("amount: 2 credit(s) cost less than one minor unit at 0.004 USD per credit, and a top-up "
                        + "is charged whole minor units rounded down: buy at least 3 credits");
        assertThat(POLICY.autoTopUpChange(tiny, AutoTopUp.configured(true, 100, 3)).accepted()).isTrue();
        assertThat(POLICY.autoTopUpChange(tiny, AutoTopUp.OFF).accepted()).isTrue();
    }

    @Test
    void aTopUpCostsThePricePerCreditAndNeverExpires() {
        TopUpTerms terms = POLICY.topUp(STANDARD, GrantSource.TOP_UP, 1000, Instant.EPOCH);
        assertThat(terms.price().minorUnits()).isEqualTo(2000);
        assertThat(terms.price().currency()).isEqualTo("USD");
        assertThat(terms.grant().credits()).isEqualTo(1000);
        assertThat(terms.grant().expiresAt()).isNull();
        assertThat(terms.grant().rules()).contains("Top-up credits never expire");
    }

    @Test
    void topUpsAreSpentAfterPlanCredits() {
        GrantTerms plan = POLICY.cycleGrant(STANDARD, 1, BillingCycle.startingAt(Instant.EPOCH, 1));
        GrantTerms topUp = POLICY.topUp(STANDARD, GrantSource.AUTO_TOP_UP, 10, Instant.EPOCH).grant();
        assertThat(plan.burnPriority()).isLessThan(topUp.burnPriority());
        assertThat(topUp.expiresAt()).isNull();
        assertThat(topUp.rules()).contains("Auto top-up credits never expire");
    }

    @Test
    void aConsumptionThePoolCoversIsAccepted() {
        ConsumptionVerdict v = POLICY.consumption(consumption(100, 100, 0, MemberLimit.UNLIMITED, AutoTopUp.OFF));
        assertThat(v.verdict().accepted()).isTrue();
        assertThat(v.verdict().rules()).containsExactly(
                "A consumption the pool covers, within the member's limit, is accepted");
        assertThat(v.autoTopUpCredits()).isZero();
    }

    @Test
    void aConsumptionLargerThanThePoolIsDenied() {
        ConsumptionVerdict v = POLICY.consumption(consumption(101, 100, 0, MemberLimit.UNLIMITED, AutoTopUp.OFF));
        assertThat(v.verdict().denial()).isEqualTo(DenialCode.INSUFFICIENT_CREDITS);
        assertThat(v.verdict().rules()).containsExactly("A consumption larger than the pool is more than the pool holds",
                "A team may not spend more credits than its pool holds");
    }

    @Test
    void aConsumptionPastTheMemberLimitIsDeniedEvenWhenThePoolCoversIt() {
        ConsumptionVerdict v = POLICY.consumption(consumption(51, 1000, 250, MemberLimit.of(300), AutoTopUp.OFF));
        assertThat(v.verdict().denial()).isEqualTo(DenialCode.MEMBER_LIMIT);
    }

    @Test
    void aConsumptionThatReachesTheLimitExactlyIsAccepted() {
        ConsumptionVerdict v = POLICY.consumption(consumption(50, 1000, 250, MemberLimit.of(300), AutoTopUp.OFF));
        assertThat(v.verdict().accepted()).isTrue();
    }

    @Test
    void theMemberHearsAboutTheirLimitBeforeAShortPool() {
        ConsumptionVerdict v = POLICY.consumption(consumption(500, 100, 0, MemberLimit.of(300), AutoTopUp.OFF));
        assertThat(v.verdict().denial()).isEqualTo(DenialCode.MEMBER_LIMIT);
        assertThat(v.verdict().rules()).contains("A team may not spend more credits than its pool holds");
    }

    @Test
    void autoTopUpFiresOnceWhenAConsumptionTakesThePoolBelowTheThreshold() {
        AutoTopUp armed = AutoTopUp.configured(true, 500, 2000);
        ConsumptionVerdict v = POLICY.consumption(consumption(100, 550, 0, MemberLimit.UNLIMITED, armed));
        assertThat(v.verdict().accepted()).isTrue();
        assertThat(v.autoTopUpCredits()).isEqualTo(2000);
        assertThat(v.autoTopUpArmed()).isFalse();
    }

    @Test
    void autoTopUpDoesNotFireAgainWhileThePoolStaysBelow() {
        AutoTopUp fired = AutoTopUp.configured(true, 500, 2000).withArmed(false);
        ConsumptionVerdict v = POLICY.consumption(consumption(100, 450, 0, MemberLimit.UNLIMITED, fired));
        assertThat(v.autoTopUpCredits()).isZero();
        assertThat(v.autoTopUpArmed()).isFalse();
    }

    @Test
    void autoTopUpReArmsOnceThePoolIsBackAtTheThreshold() {
        AutoTopUp fired = AutoTopUp.configured(true, 500, 2000).withArmed(false);
        ConsumptionVerdict stays = POLICY.consumption(consumption(10, 600, 0, MemberLimit.UNLIMITED, fired));
        assertThat(stays.autoTopUpArmed()).isTrue();
        assertThat(stays.autoTopUpCredits()).isZero();
        ConsumptionVerdict crosses = POLICY.consumption(consumption(200, 500, 0, MemberLimit.UNLIMITED, fired));
        assertThat(crosses.autoTopUpCredits()).isEqualTo(2000);
    }

    @Test
    void aDeniedConsumptionDoesNotFireAutoTopUp() {
        AutoTopUp armed = AutoTopUp.configured(true, 500, 2000);
        ConsumptionVerdict v = POLICY.consumption(consumption(600, 550, 0, MemberLimit.UNLIMITED, armed));
        assertThat(v.verdict().denial()).isEqualTo(DenialCode.INSUFFICIENT_CREDITS);
        assertThat(v.autoTopUpCredits()).isZero();
    }

    @Test
    void autoTopUpIsForEnterprisePlansOnly() {
        PolicyVerdict standard = POLICY.autoTopUpChange(STANDARD, AutoTopUp.configured(true, 10, 10));
        assertThat(standard.denial()).isEqualTo(DenialCode.PLAN_NOT_ELIGIBLE);
        assertThat(standard.rules()).containsExactly("Auto top-up is for enterprise plans only");
        assertThat(POLICY.autoTopUpChange(ENTERPRISE, AutoTopUp.configured(true, 10, 10)).accepted()).isTrue();
        assertThat(POLICY.autoTopUpChange(STANDARD, AutoTopUp.OFF).accepted()).isTrue();
    }
}
