package io.creditpool.adapters.payments.http;

import io.creditpool.adapters.payments.SandboxPaymentGateway;

import io.creditpool.Creditpool;
import io.creditpool.adapters.Given;
import io.creditpool.adapters.jdbc.JdbcCreditStore;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.adapters.jdbc.TestDatabases;
import io.creditpool.adapters.payments.http.ProcessorImitation.Reply;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.RecoverPurchasesUseCase;
import io.creditpool.kernel.port.out.CreditEvent;
import io.creditpool.kernel.port.out.CreditStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.creditpool.adapters.Given.ACME;
import static io.creditpool.adapters.Given.ENT;
import static io.creditpool.adapters.Given.OLIVIA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Top-ups through the HTTP card-processor plugin against an imitation of the processor, in each way a charge can go
 * wrong. Whatever happens the customer is charged at most once per purchase and, if charged, gets the credits
 * exactly once: each test counts the money the processor really took and the credits the ledger granted.
 */
class PaymentFaultsTest {
    private static final long CREDITS = 1000;
    private static final long PRICE = CREDITS * ENT.pricePerCredit();

    private final ProcessorImitation processor = ProcessorImitation.start();
    private final List<CreditEvent> events = new ArrayList<>();

    @AfterEach
    void stopProcessor() {
        processor.close();
    }

    private HttpCardProcessor plugin(int attempts) {
        return new HttpCardProcessor(processor.baseUrl(), processor.secretKey(),
                HttpCardProcessor.CustomerLookup.teamIdIsCustomerId(), HttpCardProcessor.Settings.DEFAULTS
                .withRequestTimeout(Duration.ofMillis(500)).withAttempts(attempts)
                .withFirstBackoff(Duration.ofMillis(10)));
    }

    private Given given(int attempts) {
        Given given = Given.creditpool(new SandboxPaymentGateway(), plugin(attempts)).team(ENT, 2);
        given.pool.subscribe(events::add);
        return given;
    }

    private static Decision buy(Creditpool pool, String requestId) {
        return pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, CREDITS, requestId == null ? null
                : RequestId.of(requestId)));
    }

    /** The key of the store's first purchase for acme: the store's installation id comes first. */
    private static String firstKey(Creditpool pool) {
        String installation = pool.component(CreditStore.class).installationId();
        assertThat(installation).isNotEmpty();
        return installation + ":acme:purchase:1";
    }

    /** The money taken and the credits granted agree: one charge of the price, one grant of the credits. */
    private void assertChargedAndGrantedOnce(Creditpool pool) {
        assertThat(processor.charges()).singleElement().satisfies(c -> {
            assertThat(c.amountMinor()).isEqualTo(PRICE);
            assertThat(c.customer()).isEqualTo(ACME.value());
        });
        assertThat(pool.ledger(ACME)).filteredOn(e -> e instanceof LedgerEntry.CreditsGranted g
                && g.source() == GrantSource.TOP_UP).singleElement()
                .satisfies(e -> assertThat(((LedgerEntry.CreditsGranted) e).credits()).isEqualTo(CREDITS));
        assertThat(pool.metrics(ACME).orElseThrow().pendingPurchases()).isZero();
        assertThat(pool.audit(ACME)).isEmpty();
    }

    @Test
    void aPaidTopUpIsChargedOnceWithThePurchasesKeyAndGranted() {
        Given given = given(3);

        Decision decision = buy(given.pool, "r-1");

        assertThat(decision.accepted()).isTrue();
        assertThat(decision.balance()).isEqualTo(1000 + CREDITS);
        assertChargedAndGrantedOnce(given.pool);
        assertThat(processor.charges().get(0).key()).isEqualTo(firstKey(given.pool));
        assertThat(events).singleElement().isInstanceOf(CreditEvent.TopUpSucceeded.class);
    }

    @Test
    void theProcessorTookTheMoneyButItsAnswerTimedOutThenTheReplayGrantsOnce() {
        Given given = given(1);     // no retry within the call: the kernel's own path is tested
        processor.delayAfterCharge(Duration.ofSeconds(2));
        processor.script(Reply.TIMEOUT_AFTER_CHARGE);

        Decision first = buy(given.pool, "r-1");

        assertThat(first.denial()).isEqualTo(DenialCode.PAYMENT_PENDING);
        assertThat(processor.charges()).as("the processor took the money").hasSize(1);
        assertThat(given.metrics().balance()).as("but nothing is granted while unknown").isEqualTo(1000);

        Decision replay = buy(given.pool, "r-1");

        assertThat(replay.accepted()).isTrue();
        assertChargedAndGrantedOnce(given.pool);
        assertThat(processor.idempotencyKeys()).containsOnly(firstKey(given.pool));
        assertThat(buy(given.pool, "r-1")).as("a further replay answers the same").isEqualTo(replay);
        assertThat(processor.requests()).as("the replay asked the processor; it did not charge again").isEqualTo(1);
    }

    @Test
    void aTimeoutIsRetriedWithinTheCallWithTheSameKey() {
        Given given = given(3);
        processor.delayAfterCharge(Duration.ofSeconds(2));
        processor.script(Reply.TIMEOUT_AFTER_CHARGE);

        assertThat(buy(given.pool, null).accepted()).isTrue();
        assertChargedAndGrantedOnce(given.pool);
        assertThat(processor.idempotencyKeys()).hasSize(2).containsOnly(firstKey(given.pool));
    }

    @Test
    void aServerErrorThenSuccessChargesOnce() {
        Given given = given(3);
        processor.script(Reply.SERVER_ERROR);

        assertThat(buy(given.pool, "r-1").accepted()).isTrue();
        assertChargedAndGrantedOnce(given.pool);
    }

    @Test
    void aConnectionResetThenSuccessChargesOnce() {
        Given given = given(3);
        processor.script(Reply.CONNECTION_RESET, Reply.CONNECTION_RESET);

        assertThat(buy(given.pool, "r-1").accepted()).isTrue();
        assertChargedAndGrantedOnce(given.pool);
    }

    @Test
    void aDeclinedCardGrantsNothingChargesNothingAndTellsTheOwner() {
        Given given = given(3);
        processor.declineCustomer(ACME.value());

        Decision decision = buy(given.pool, "r-1");

        assertThat(decision.denial()).isEqualTo(DenialCode.PAYMENT_DECLINED);
        assertThat(decision.reason()).contains("insufficient_funds");
        assertThat(processor.charges()).isEmpty();
        assertThat(given.metrics().balance()).isEqualTo(1000);
        assertThat(given.metrics().pendingPurchases()).isZero();
        assertThat(events).singleElement().isInstanceOfSatisfying(CreditEvent.TopUpFailed.class,
                e -> assertThat(e.reason()).contains("insufficient_funds"));
        given.assertGuaranteesHold();
    }

    @Test
    void aMalformedReplyAfterTheChargeLeavesThePurchasePendingUntilRecoveryGrantsItOnce() {
        Given given = given(2);
        processor.script(Reply.MALFORMED_AFTER_CHARGE, Reply.MALFORMED_AFTER_CHARGE);

        Decision first = buy(given.pool, null);

        assertThat(first.denial()).isEqualTo(DenialCode.PAYMENT_PENDING);
        assertThat(processor.charges()).hasSize(1);
        assertThat(given.metrics().pendingPurchases()).isEqualTo(1);

        RecoverPurchasesUseCase.Recovery recovery = given.pool.recoverPurchases();

        assertThat(recovery).isEqualTo(new RecoverPurchasesUseCase.Recovery(1, 1, 0, 0));
        assertChargedAndGrantedOnce(given.pool);
        assertThat(given.pool.recoverPurchases()).as("nothing left").isEqualTo(
                new RecoverPurchasesUseCase.Recovery(0, 0, 0, 0));
    }

    @Test
    void aProcessorThatCannotBeReachedChargesNothingAndTheNextCommandOnceDueFinishesIt() {
        Given given = given(2);
        processor.script(Reply.RATE_LIMITED, Reply.SERVER_ERROR);

        assertThat(buy(given.pool, null).denial()).isEqualTo(DenialCode.PAYMENT_PENDING);
        assertThat(processor.charges()).isEmpty();
        given.clock.advance(Duration.ofMinutes(2));
        given.consume(Given.ALICE, 1, null);     // the purchase is due again: charged with its key, granted

        assertChargedAndGrantedOnce(given.pool);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "sqlite", "h2", "postgres"})
    void twoInstancesToppingUpWithTheSameRequestIdAtOnceChargeOnce(String kind) throws Exception {
        StoreSettings store = kind.equals("memory") ? StoreSettings.MEMORY : TestDatabases.of(kind);
        processor.delayAfterCharge(Duration.ofMillis(300));    // slow enough for both to be in flight together
        processor.script(Reply.TIMEOUT_AFTER_CHARGE);           // within the client's timeout: a slow success
        HttpCardProcessor slowClient = new HttpCardProcessor(processor.baseUrl(), processor.secretKey(),
                HttpCardProcessor.CustomerLookup.teamIdIsCustomerId(), HttpCardProcessor.Settings.DEFAULTS
                .withRequestTimeout(Duration.ofSeconds(5)).withFirstBackoff(Duration.ofMillis(10)));
        try (Creditpool a = Creditpool.builder().store(store).payments(slowClient).plans(List.of(ENT)).build()) {
            Creditpool b = kind.equals("memory") ? a
                    : Creditpool.builder().store(store).payments(slowClient).plans(List.of(ENT)).build();
            try {
                a.createTeam(new CreateTeamCommand(ACME, ENT.name(), 2, OLIVIA, 1, null));
                CountDownLatch start = new CountDownLatch(1);
                ExecutorService threads = Executors.newFixedThreadPool(2);
                List<Future<Decision>> answers = new ArrayList<>();
                for (Creditpool instance : List.of(a, b)) {
                    answers.add(threads.submit((Callable<Decision>) () -> {
                        start.await();
                        return buy(instance, "buy-once");
                    }));
                }
                start.countDown();
                List<Decision> decisions = new ArrayList<>();
                for (Future<Decision> answer : answers) {
                    decisions.add(answer.get(30, TimeUnit.SECONDS));
                }
                threads.shutdown();

                assertThat(decisions).as("each caller hears the purchase is paid, or still pending")
                        .allSatisfy(d -> assertThat(d.accepted() || d.denial() == DenialCode.PAYMENT_PENDING
                                || d.denial() == DenialCode.REQUEST_CONFLICT).as("%s", d).isTrue());
                assertThat(decisions).anySatisfy(d -> assertThat(d.accepted()).isTrue());
                assertThat(buy(a, "buy-once").accepted()).as("the replay, afterwards").isTrue();
                assertChargedAndGrantedOnce(a);
                assertThat(processor.idempotencyKeys()).containsOnly(firstKey(a));
            } finally {
                if (b != a) {
                    b.close();
                }
                if (a.component(CreditStore.class) instanceof JdbcCreditStore jdbc) {
                    jdbc.closeAndDiscard();
                }
            }
        }
    }
}
