package io.creditpool.adapters;

import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpCommand;
import io.creditpool.kernel.port.out.CreditEvent;
import io.creditpool.kernel.service.KernelRules;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.creditpool.adapters.Given.ACME;
import static io.creditpool.adapters.Given.ALICE;
import static io.creditpool.adapters.Given.ENT;
import static io.creditpool.adapters.Given.OLIVIA;
import static io.creditpool.adapters.Given.STD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What keeps automatic top-ups from costing a team more than it agreed to: a pause after declines in a row, a
 * monthly spending cap; and the low-balance warning, told once per crossing.
 */
class AutoTopUpSafetyTest {
    private final SandboxPaymentGateway sandbox = new SandboxPaymentGateway();
    private final List<CreditEvent> events = new ArrayList<>();

    private Given enterprise() {
        Given given = Given.creditpool(sandbox).team(ENT, 2);    // 1,000 plan credits, 2 cents a credit
        given.pool.subscribe(events::add);
        return given;
    }

    private static Decision configure(Given given, Long monthlyCap) {
        return given.pool.configureAutoTopUp(new ConfigureAutoTopUpCommand(ACME, OLIVIA, true, 500, 300, monthlyCap,
                null));
    }

    private <T extends CreditEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void threeDeclinesInARowPauseAutoTopUpAndTellTheOwnerThenNothingMoreIsCharged() {
        Given given = enterprise();
        configure(given, null);
        sandbox.behave(SandboxPaymentGateway.Behaviour.DECLINE);

        given.consume(ALICE, 600, null);    // 1000 -> 400: buys, declined; tries again on the next consumption
        given.consume(ALICE, 10, null);     // declined again
        assertThat(given.metrics().autoTopUp().paused()).isFalse();
        Decision third = given.consume(ALICE, 10, null);    // the third decline in a row pauses it
        given.consume(ALICE, 10, null);
        given.consume(ALICE, 10, null);

        assertThat(third.accepted()).as("the consumption itself stands").isTrue();
        assertThat(given.metrics().charges()).as("charge attempts: none after the pause").isEqualTo(3);
        assertThat(given.metrics().autoTopUp().paused()).isTrue();
        assertThat(given.metrics().autoTopUp().declines()).isEqualTo(AutoTopUp.DECLINES_BEFORE_PAUSE);
        assertThat(events(CreditEvent.TopUpFailed.class)).hasSize(3);
        assertThat(events(CreditEvent.AutoTopUpPaused.class)).singleElement().satisfies(e -> {
            assertThat(e.owner()).isEqualTo(OLIVIA);
            assertThat(e.declines()).isEqualTo(3);
            assertThat(e.lastReason()).contains("card_declined");
        });
        assertThat(given.metrics().autoTopUp().armed()).isFalse();
        assertThat(given.metrics().balance()).isEqualTo(1000 - 600 - 10 * 4);
        given.assertGuaranteesHold();
    }

    /** Auto top-up on (500, 300), three declined purchases in a row: 1000 -> 400 -> 390 -> 380, paused. */
    private Given pausedAfterThreeDeclines() {
        Given given = enterprise();
        configure(given, null);
        sandbox.behave(SandboxPaymentGateway.Behaviour.DECLINE);
        given.consume(ALICE, 600, null);
        given.consume(ALICE, 10, null);
        given.consume(ALICE, 10, null);
        return given;
    }

    @Test
    void configuringAutoTopUpAgainEndsThePause() {
        Given given = pausedAfterThreeDeclines();
        assertThat(given.metrics().autoTopUp().paused()).isTrue();

        sandbox.behave(SandboxPaymentGateway.Behaviour.ACCEPT);    // the owner fixed the card
        configure(given, null);
        given.consume(ALICE, 10, null);                            // 380 -> 370: below the threshold: buys 300

        assertThat(given.metrics().autoTopUp().paused()).isFalse();
        assertThat(given.metrics().autoTopUp().declines()).isZero();
        assertThat(given.metrics().balance()).isEqualTo(670);
        assertThat(sandbox.charged()).hasSize(1);
        given.assertGuaranteesHold();
    }

    @Test
    void aManualTopUpThatIsPaidEndsThePause() {
        Given given = pausedAfterThreeDeclines();
        sandbox.behave(SandboxPaymentGateway.Behaviour.ACCEPT);

        Decision bought = given.pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 50, null));   // 380 -> 430
        given.consume(ALICE, 10, null);     // still below the threshold: auto top-up works again and buys 300

        assertThat(bought.accepted()).isTrue();
        assertThat(given.metrics().autoTopUp().paused()).isFalse();
        assertThat(given.metrics().balance()).isEqualTo(430 - 10 + 300);
        assertThat(sandbox.charged()).hasSize(2);
    }

    @Test
    void aDeclineRunIsEndedByAPaidAutoTopUp() {
        Given given = enterprise();
        configure(given, null);
        sandbox.behave(SandboxPaymentGateway.Behaviour.DECLINE);
        given.consume(ALICE, 600, null);
        given.consume(ALICE, 10, null);     // two declines
        sandbox.behave(SandboxPaymentGateway.Behaviour.ACCEPT);
        given.consume(ALICE, 10, null);     // paid: 380 -> 680
        sandbox.behave(SandboxPaymentGateway.Behaviour.DECLINE);
        given.consume(ALICE, 200, null);    // 680 -> 480: one decline, not a third in a row

        assertThat(given.metrics().autoTopUp().paused()).isFalse();
        assertThat(given.metrics().autoTopUp().declines()).isEqualTo(1);
        assertThat(events(CreditEvent.AutoTopUpPaused.class)).isEmpty();
    }

    @Test
    void theMonthlyCapStopsAutoTopUpsAndTheNextBillingMonthLiftsIt() {
        Given given = enterprise();
        configure(given, 1000L);            // 300 credits cost 600 cents: one fits under 1000, two do not

        given.consume(ALICE, 600, null);    // 1000 -> 400: buys 300 -> 700 (600 spent)
        Decision capped = given.consume(ALICE, 250, null);    // 700 -> 450: a second would spend 1200

        assertThat(sandbox.charged()).hasSize(1);
        assertThat(capped.accepted()).isTrue();
        assertThat(capped.rules()).contains(KernelRules.AUTO_TOP_UP_CAP);
        assertThat(given.metrics().autoTopUp().spentThisCycle()).isEqualTo(600);
        assertThat(given.metrics().balance()).isEqualTo(450);

        given.clock.advance(Duration.ofDays(31));   // a new billing month: 1000 plan credits, nothing spent yet
        given.consume(ALICE, 700, null);            // 300 top-up credits + 1000 -> 600: above, nothing
        given.consume(ALICE, 200, null);            // 600 -> 400: below: buys again

        assertThat(sandbox.charged()).hasSize(2);
        assertThat(given.metrics().autoTopUp().spentThisCycle()).isEqualTo(600);
        given.assertGuaranteesHold();
    }

    @Test
    void aCapThatIsNotPositiveIsRefusedNamingTheField() {
        assertThatThrownBy(() -> new ConfigureAutoTopUpCommand(ACME, OLIVIA, true, 500, 300, 0L, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("monthly_cap");
    }

    @Test
    void aLowBalanceIsToldOncePerCrossingOfATenthOfThePlanCredits() {
        Given given = Given.creditpool(sandbox).team(STD, 2);    // 1,000 plan credits a month: low below 100
        given.pool.subscribe(events::add);

        given.consume(ALICE, 850, null);    // 1000 -> 150
        given.consume(ALICE, 60, null);     // 150 -> 90: low
        given.consume(ALICE, 10, null);     // 90 -> 80: still low, not told again
        given.pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 1000, null));   // 80 -> 1080
        given.consume(ALICE, 1000, null);   // 1080 -> 80: low again

        assertThat(events(CreditEvent.LowBalance.class)).hasSize(2).allSatisfy(e -> {
            assertThat(e.level()).isEqualTo(100);
            assertThat(e.owner()).isEqualTo(OLIVIA);
        }).extracting(CreditEvent.LowBalance::balance).containsExactly(90L, 80L);
    }

    @Test
    void withAutoTopUpTheLowLevelIsItsThreshold() {
        Given given = enterprise();
        configure(given, null);

        given.consume(ALICE, 600, null);    // 1000 -> 400: below 500: low, and buys 300

        assertThat(events(CreditEvent.LowBalance.class)).singleElement().satisfies(e -> {
            assertThat(e.level()).isEqualTo(500);
            assertThat(e.balance()).isEqualTo(400);
        });
        assertThat(events.get(0)).as("told as the consumption is stored, before the purchase's outcome")
                .isInstanceOf(CreditEvent.LowBalance.class);
    }
}
