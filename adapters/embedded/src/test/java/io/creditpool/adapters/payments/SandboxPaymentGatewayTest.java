package io.creditpool.adapters.payments;


import io.creditpool.adapters.payments.SandboxPaymentGateway.Behaviour;
import io.creditpool.kernel.domain.Money;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.ChargeLookup;
import io.creditpool.kernel.port.out.ChargeRequest;
import io.creditpool.kernel.port.out.ChargeResult;
import io.creditpool.kernel.port.out.PaymentGateway.ChargeOutcomeUnknownException;
import io.creditpool.kernel.port.out.ProcessorCharge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sandbox processor plays a real one: at most one charge per key, and the troubles whose outcome is unknown. */
class SandboxPaymentGatewayTest {
    private static final TeamId ACME = TeamId.of("acme");
    private static final TeamId SHOP = TeamId.of("shop");

    private final SandboxPaymentGateway sandbox = new SandboxPaymentGateway();

    private static ChargeRequest charge(TeamId team, String key) {
        return new ChargeRequest(team, key, new Money(2000, "USD"), "1000 Creditpool credits (top-up)");
    }

    private static ChargeRequest charge(String key) {
        return charge(ACME, key);
    }

    @Test
    void acceptsByDefaultAndChargesAtMostOncePerKey() {
        ChargeResult first = sandbox.charge(charge("k1"));
        ChargeResult again = sandbox.charge(charge("k1"));
        ChargeResult other = sandbox.charge(charge("k2"));

        assertThat(first.succeeded()).isTrue();
        assertThat(again).isEqualTo(first);
        assertThat(other.succeeded()).isTrue();
        assertThat(other.reference()).isNotEqualTo(first.reference());
        assertThat(sandbox.charged()).extracting(ChargeRequest::idempotencyKey).containsExactly("k1", "k2");
        assertThat(sandbox.attempts()).isEqualTo(3);
    }

    @Test
    void declinesTakeNothingAndTheKeyStaysDeclined() {
        sandbox.behave(Behaviour.DECLINE);
        ChargeResult declined = sandbox.charge(charge("k1"));
        sandbox.behave(Behaviour.ACCEPT);

        assertThat(declined.succeeded()).isFalse();
        assertThat(declined.reference()).contains("card_declined");
        assertThat(sandbox.charge(charge("k1"))).as("the same key, after the card works again").isEqualTo(declined);
        assertThat(sandbox.charged()).isEmpty();
        assertThat(sandbox.charge(charge("k2")).succeeded()).as("a new key").isTrue();
    }

    @Test
    void aTimeoutTakesTheMoneyThenTheSameKeyGetsTheRecordedSuccess() {
        sandbox.behave(Behaviour.TIMEOUT);

        assertThatThrownBy(() -> sandbox.charge(charge("k1"))).isInstanceOf(ChargeOutcomeUnknownException.class)
                .hasMessageContaining("did not answer in time");
        assertThat(sandbox.charged()).as("the processor took the money").hasSize(1);

        // still timing out for new keys, but the answered key is answered as recorded
        ChargeResult replay = sandbox.charge(charge("k1"));
        assertThat(replay.succeeded()).isTrue();
        assertThat(replay.reference()).isEqualTo("sandbox-charge-1");
        sandbox.behave(Behaviour.DECLINE);
        assertThat(sandbox.charge(charge("k1"))).isEqualTo(replay);
        assertThat(sandbox.charged()).as("taken once").hasSize(1);
        assertThat(sandbox.attempts()).isEqualTo(3);
    }

    @Test
    void aMalformedAnswerTakesTheMoneyAndSaysTheAnswerCouldNotBeRead() {
        sandbox.behave(Behaviour.MALFORMED);

        assertThatThrownBy(() -> sandbox.charge(charge("k1"))).isInstanceOf(ChargeOutcomeUnknownException.class)
                .hasMessageContaining("could not be read");
        assertThat(sandbox.charged()).hasSize(1);
        sandbox.behave(Behaviour.ACCEPT);
        assertThat(sandbox.charge(charge("k1")).reference()).isEqualTo("sandbox-charge-1");
        assertThat(sandbox.charged()).hasSize(1);
    }

    @Test
    void aResetTakesNothingAndRecordsNothingOnEveryAttempt() {
        sandbox.behave(Behaviour.RESET);

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> sandbox.charge(charge("k1"))).isInstanceOf(ChargeOutcomeUnknownException.class)
                    .hasMessageContaining("reset");
        }
        assertThat(sandbox.charged()).isEmpty();
        assertThat(sandbox.attempts()).isEqualTo(3);

        // nothing was recorded for the key: once the line is back it is charged, and declined keys too
        sandbox.behave(Behaviour.DECLINE);
        assertThat(sandbox.charge(charge("k1")).succeeded()).isFalse();
        sandbox.behave(Behaviour.ACCEPT);
        assertThat(sandbox.charge(charge("k1")).succeeded()).as("declined stays declined").isFalse();
        assertThat(sandbox.charged()).isEmpty();
    }

    @Test
    void aResetKeyIsChargedOnceTheConnectionIsBack() {
        sandbox.behave(Behaviour.RESET);
        assertThatThrownBy(() -> sandbox.charge(charge("k1"))).isInstanceOf(ChargeOutcomeUnknownException.class);
        sandbox.behave(Behaviour.ACCEPT);

        assertThat(sandbox.charge(charge("k1")).succeeded()).isTrue();
        assertThat(sandbox.charged()).hasSize(1);
    }

    @Test
    void failThenSucceedFailsTheFirstAttemptOfEachKeyTakingNothingThenSucceeds() {
        sandbox.behave(Behaviour.FAIL_THEN_SUCCEED);

        assertThatThrownBy(() -> sandbox.charge(charge("k1"))).isInstanceOf(ChargeOutcomeUnknownException.class);
        assertThat(sandbox.charged()).as("nothing taken by the failed attempt").isEmpty();
        ChargeResult second = sandbox.charge(charge("k1"));
        assertThat(second.succeeded()).isTrue();
        assertThat(sandbox.charge(charge("k1"))).isEqualTo(second);

        assertThatThrownBy(() -> sandbox.charge(charge("k2"))).as("a new key fails once too")
                .isInstanceOf(ChargeOutcomeUnknownException.class);
        assertThat(sandbox.charge(charge("k2")).succeeded()).isTrue();
        assertThat(sandbox.charged()).extracting(ChargeRequest::idempotencyKey).containsExactly("k1", "k2");
        assertThat(sandbox.attempts()).isEqualTo(5);
    }

    @ParameterizedTest
    @EnumSource(Behaviour.class)
    void anAnsweredKeyIsAnsweredTheSameWayWhateverTheBehaviourNow(Behaviour now) {
        ChargeResult paid = sandbox.charge(charge("paid"));
        sandbox.behave(Behaviour.DECLINE);
        ChargeResult declined = sandbox.charge(charge("declined"));

        sandbox.behave(now);
        assertThat(sandbox.charge(charge("paid"))).isEqualTo(paid);
        assertThat(sandbox.charge(charge("declined"))).isEqualTo(declined);
        assertThat(sandbox.charged()).hasSize(1);
    }

    @Test
    void aTeamsOwnBehaviourLeavesTheOthersAlone() {
        sandbox.behave(SHOP, Behaviour.RESET);

        assertThatThrownBy(() -> sandbox.charge(charge(SHOP, "s1"))).isInstanceOf(ChargeOutcomeUnknownException.class);
        assertThat(sandbox.charge(charge(ACME, "a1")).succeeded()).isTrue();

        sandbox.behave(Behaviour.DECLINE);
        assertThat(sandbox.charge(charge(ACME, "a2")).succeeded()).as("everyone else declines now").isFalse();
        assertThatThrownBy(() -> sandbox.charge(charge(SHOP, "s2"))).as("shop keeps its own")
                .isInstanceOf(ChargeOutcomeUnknownException.class);
    }

    @Test
    void thePluginTakesNoSettings() {
        SandboxPaymentGateway.Plugin plugin = new SandboxPaymentGateway.Plugin();

        assertThat(plugin.name()).isEqualTo(SandboxPaymentGateway.PLUGIN);
        assertThat(plugin.open("")).isInstanceOf(SandboxPaymentGateway.class);
        assertThatThrownBy(() -> plugin.open("x=1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSlowSandboxAnswersLateAndChargesMadeMeanwhileStillTakeTheMoneyOnce() throws Exception {
        sandbox.answerAfter(java.time.Duration.ofMillis(200));
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = threads.submit(() -> sandbox.charge(charge("k1")));
            var second = threads.submit(() -> sandbox.charge(charge("k1")));

            assertThat(first.get()).isEqualTo(second.get());
            assertThat(sandbox.charged()).hasSize(1);
            assertThat(sandbox.attempts()).isEqualTo(2);
        } finally {
            threads.shutdown();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sandbox.answerAfter(java.time.Duration.ofMillis(-1)))
                .hasMessageContaining("wait");
    }

    @Test
    void aLookupFindsTheKeysAnswerWithoutChargingAndNothingForAKeyNeverAnswered() {
        sandbox.behave(Behaviour.TIMEOUT);
        assertThatThrownBy(() -> sandbox.charge(charge("k1"))).isInstanceOf(ChargeOutcomeUnknownException.class);
        sandbox.behave(Behaviour.DECLINE);
        sandbox.charge(charge("k2"));
        sandbox.behave(Behaviour.RESET);
        assertThatThrownBy(() -> sandbox.charge(charge("k3"))).isInstanceOf(ChargeOutcomeUnknownException.class);
        int attempts = sandbox.attempts();

        assertThat(sandbox.lookup(charge("k1"))).isEqualTo(ChargeLookup.succeeded("sandbox-charge-1"));
        assertThat(sandbox.lookup(charge("k2"))).isEqualTo(ChargeLookup.declined("card_declined (sandbox)"));
        assertThat(sandbox.lookup(charge("k3"))).isEqualTo(ChargeLookup.notFound());
        assertThat(sandbox.attempts()).as("a lookup charges nothing").isEqualTo(attempts);
        assertThat(sandbox.charged()).hasSize(1);
    }

    @Test
    void theChargesOfOneInstallationAreListedSinceATime() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
        SandboxPaymentGateway timed = new SandboxPaymentGateway(clock);
        timed.charge(new ChargeRequest(ACME, "a:acme:purchase:1", new Money(100, "USD"), "", "a"));
        clock.now = clock.now.plusSeconds(3600);
        timed.charge(new ChargeRequest(ACME, "a:acme:purchase:2", new Money(200, "USD"), "", "a"));
        timed.charge(new ChargeRequest(ACME, "b:acme:purchase:1", new Money(300, "USD"), "", "b"));
        timed.chargeDirectly(new ChargeRequest(SHOP, "a:shop:purchase:9", new Money(400, "USD"), "", "a"));

        assertThat(timed.charges("a", Instant.EPOCH)).extracting(ProcessorCharge::purchase)
                .containsExactly("a:acme:purchase:1", "a:acme:purchase:2", "a:shop:purchase:9");
        assertThat(timed.charges("a", clock.now)).extracting(ProcessorCharge::amount)
                .containsExactly(new Money(200, "USD"), new Money(400, "USD"));
        assertThat(timed.charges("b", Instant.EPOCH)).singleElement()
                .satisfies(c -> assertThat(c.succeeded()).isTrue())
                .satisfies(c -> assertThat(c.at()).isEqualTo(clock.now));
        assertThat(timed.lookup(new ChargeRequest(SHOP, "a:shop:purchase:9", new Money(400, "USD"), "")))
                .isInstanceOf(ChargeLookup.Found.class);
    }

    /** A clock the test moves. */
    private static final class MutableClock extends java.time.Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
