package io.creditpool.adapters.payments.http;

import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.jdbc.JdbcCreditStore;
import io.creditpool.adapters.jdbc.TestDatabases;
import io.creditpool.adapters.payments.PurchaseWorker;
import io.creditpool.adapters.payments.http.ProcessorImitation.Reply;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.InviteMemberCommand;
import io.creditpool.kernel.port.in.TeamMetrics;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.PaymentGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.creditpool.adapters.Given.ENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Top-ups charged by the purchase workers, with their threads running, against an imitation of the card processor
 * (some tests make it drop idempotency keys, or hang): commands never charge, each purchase is charged by one worker,
 * an unknown outcome is looked up before anything is charged again, and the money taken equals the credits granted.
 */
class PurchaseWorkerTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final TeamId ACME = TeamId.of("acme");
    private static final MemberId OLIVIA = MemberId.of("olivia");
    private static final MemberId ALICE = MemberId.of("alice");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final ProcessorImitation processor = ProcessorImitation.start();
    private final ManualClock clock = new ManualClock(START);
    private final List<Creditpool> pools = new ArrayList<>();
    private final List<StoreSettings> stores = new ArrayList<>();

    @AfterEach
    void stop() {
        processor.releaseRequests();
        for (Creditpool pool : pools) {
            pool.close();
        }
        for (StoreSettings store : stores) {
            if (store.kind() != StoreSettings.Kind.MEMORY) {
                try (Creditpool discard = Creditpool.builder().store(store).synchronousPurchases().build()) {
                    if (discard.component(CreditStore.class) instanceof JdbcCreditStore jdbc) {
                        jdbc.closeAndDiscard();
                    }
                }
            }
        }
        processor.close();
    }

    private HttpCardProcessor plugin(Duration timeout) {
        return new HttpCardProcessor(processor.baseUrl(), processor.secretKey(),
                HttpCardProcessor.CustomerLookup.teamIdIsCustomerId(), HttpCardProcessor.Settings.DEFAULTS
                .withRequestTimeout(timeout).withAttempts(1).withFirstBackoff(Duration.ofMillis(10)));
    }

    private static PurchaseWorker.Settings workers(Duration wait) {
        return PurchaseWorker.Settings.DEFAULT.withWorkers(2).withWait(wait).withPoll(Duration.ofMillis(100));
    }

    private Creditpool pool(StoreSettings store, PaymentGateway payments, PurchaseWorker.Settings workers) {
        Creditpool pool = Creditpool.builder().store(store).clock(clock).payments(payments).plans(List.of(ENT))
                .purchaseWorkers(workers).build();
        pools.add(pool);
        return pool;
    }

    private StoreSettings store(String kind) {
        StoreSettings store = kind.equals("memory") ? StoreSettings.MEMORY : TestDatabases.of(kind);
        stores.add(store);
        return store;
    }

    /** Team {@code team} on the enterprise plan, 2 seats (1,000 credits), owner olivia, member alice. */
    private static void team(Creditpool pool, TeamId team) {
        assertThat(pool.createTeam(new CreateTeamCommand(team, ENT.name(), 2, OLIVIA, 1, null)).accepted()).isTrue();
        assertThat(pool.invite(new InviteMemberCommand(team, OLIVIA, ALICE, Role.MEMBER, null)).accepted()).isTrue();
    }

    private static Decision buy(Creditpool pool, TeamId team, long credits, String id) {
        return pool.buyTopUp(new BuyTopUpCommand(team, OLIVIA, credits, RequestId.ofNullable(id)));
    }

    private static TeamMetrics metrics(Creditpool pool, TeamId team) {
        return pool.metrics(team).orElseThrow();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited for: " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** The money the processor took from {@code team} equals the credits its ledger granted from top-ups. */
    private void assertMoneyTakenEqualsCreditsGranted(Creditpool pool, TeamId team) {
        long taken = processor.charges().stream().filter(c -> c.customer().equals(team.value()))
                .mapToLong(ProcessorImitation.Charge::amountMinor).sum();
        long granted = pool.ledger(team).stream().filter(e -> e instanceof LedgerEntry.CreditsGranted g
                && g.source() != GrantSource.PLAN).mapToLong(e -> ((LedgerEntry.CreditsGranted) e).credits()).sum();
        assertThat(taken).as("money taken from " + team).isEqualTo(granted * ENT.pricePerCredit());
        assertThat(pool.audit(team)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "sqlite", "h2"})
    void aDuePurchaseRacedByTenCommandsIsChargedOnceByOneWorkerEvenWhenTheProcessorIgnoresKeys(String kind)
            throws Exception {
        processor.ignoreKeys();
        processor.script(Reply.RATE_LIMITED);    // the first attempt: nothing taken, outcome unknown to Creditpool
        Creditpool pool = pool(store(kind), plugin(Duration.ofSeconds(10)), workers(Duration.ofSeconds(30)));
        team(pool, ACME);
        assertThat(buy(pool, ACME, 1000, null).denial()).isEqualTo(DenialCode.PAYMENT_PENDING);
        assertThat(processor.requests()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(2));    // the purchase is due again
        ExecutorService threads = Executors.newFixedThreadPool(10);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Decision>> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answers.add(threads.submit((Callable<Decision>) () -> {
                go.await();
                return pool.consume(ACME.value(), ALICE.value(), 1, null);
            }));
        }
        go.countDown();
        for (Future<Decision> answer : answers) {
            assertThat(answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).accepted()).isTrue();
        }
        threads.shutdown();
        await("the purchase completed", () -> metrics(pool, ACME).pendingPurchases() == 0);

        assertThat(processor.requests()).as("one charge request after the first attempt").isEqualTo(2);
        assertThat(processor.charges()).hasSize(1);
        assertThat(metrics(pool, ACME).topUpCredits()).isEqualTo(1000);
        assertThat(metrics(pool, ACME).balance()).isEqualTo(1000 - 10 + 1000);
        assertMoneyTakenEqualsCreditsGranted(pool, ACME);
    }

    @Test
    void anUnknownOutcomeWhereTheMoneyWasTakenIsLookedUpAndGrantedWithoutASecondCharge() throws Exception {
        processor.ignoreKeys();                        // a second POST would take the money again
        processor.delayAfterCharge(Duration.ofSeconds(2));
        processor.script(Reply.TIMEOUT_AFTER_CHARGE);  // takes the money, the answer comes too late
        Creditpool pool = pool(store("memory"), new LookingUpCardProcessor(plugin(Duration.ofMillis(500)),
                processor), workers(Duration.ofSeconds(30)));
        team(pool, ACME);

        Decision first = buy(pool, ACME, 1000, "r-1");

        assertThat(first.denial()).isEqualTo(DenialCode.PAYMENT_PENDING);
        assertThat(processor.charges()).as("the money was taken").hasSize(1);
        assertThat(metrics(pool, ACME).topUpCredits()).as("but nothing is granted while unknown").isZero();

        clock.advance(Duration.ofMinutes(2));
        await("the purchase completed", () -> metrics(pool, ACME).pendingPurchases() == 0);

        assertThat(processor.requests()).as("no second charge request").isEqualTo(1);
        assertThat(processor.received()).anySatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
        assertThat(processor.charges()).hasSize(1);
        assertThat(buy(pool, ACME, 1000, "r-1").accepted()).as("the replay learns the outcome").isTrue();
        assertThat(processor.requests()).isEqualTo(1);
        assertMoneyTakenEqualsCreditsGranted(pool, ACME);
    }

    @Test
    void aLookUpThatFindsNothingChargesAgainWithTheSameKey() throws Exception {
        processor.script(Reply.RATE_LIMITED);
        Creditpool pool = pool(store("memory"), new LookingUpCardProcessor(plugin(Duration.ofSeconds(10)),
                processor), workers(Duration.ofSeconds(30)));
        team(pool, ACME);
        assertThat(buy(pool, ACME, 1000, "r-1").denial()).isEqualTo(DenialCode.PAYMENT_PENDING);

        clock.advance(Duration.ofMinutes(2));
        await("the purchase completed", () -> metrics(pool, ACME).pendingPurchases() == 0);

        assertThat(processor.idempotencyKeys()).hasSize(2).containsOnly(
                pool.component(io.creditpool.kernel.port.out.CreditStore.class).installationId() + ":acme:purchase:1");
        assertThat(processor.charges()).hasSize(1);
        assertMoneyTakenEqualsCreditsGranted(pool, ACME);
    }

    @Test
    void aConsumptionThatCrossesTheThresholdAnswersWhileTheProcessorHangsAndTheTopUpCompletesLater()
            throws Exception {
        processor.holdRequests();
        Creditpool pool = pool(store("memory"), plugin(Duration.ofSeconds(60)), workers(Duration.ofSeconds(5)));
        team(pool, ACME);
        assertThat(pool.configureAutoTopUp(new ConfigureAutoTopUpCommand(ACME, OLIVIA, true, 500, 300, null))
                .accepted()).isTrue();
        ExecutorService member = Executors.newSingleThreadExecutor();

        Future<Decision> consumption = member.submit(() -> pool.consume(ACME.value(), ALICE.value(), 600, null));

        // answered, though the processor holds every charge until released
        Decision answer = consumption.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        member.shutdown();
        assertThat(answer.accepted()).isTrue();
        assertThat(answer.balance()).isEqualTo(400);
        await("the worker's charge reached the processor", () -> processor.heldRequests() == 1);
        assertThat(metrics(pool, ACME).autoTopUpInFlight()).isTrue();
        assertThat(metrics(pool, ACME).topUpCredits()).isZero();

        processor.releaseRequests();
        await("the auto top-up granted", () -> metrics(pool, ACME).topUpCredits() == 300);
        assertThat(processor.charges()).hasSize(1);
        assertThat(metrics(pool, ACME).autoTopUpInFlight()).isFalse();
        assertMoneyTakenEqualsCreditsGranted(pool, ACME);
    }

    @Test
    void aManualTopUpAnswersItsOutcomeWhenTheProcessorAnswersWithinTheWait() {
        Creditpool pool = pool(store("memory"), plugin(Duration.ofSeconds(10)), workers(Duration.ofSeconds(30)));
        team(pool, ACME);

        Decision decision = buy(pool, ACME, 1000, "r-1");

        assertThat(decision.accepted()).isTrue();
        assertThat(decision.balance()).isEqualTo(2000);
        assertThat(processor.charges()).hasSize(1);
        assertThat(buy(pool, ACME, 1000, null).accepted()).as("without a request id too").isTrue();
        assertThat(processor.charges()).hasSize(2);
        assertMoneyTakenEqualsCreditsGranted(pool, ACME);
    }

    @Test
    void aManualTopUpAnswersPaymentPendingWhenTheProcessorHangsAndIsGrantedOnceItAnswers() throws Exception {
        processor.holdRequests();
        Creditpool pool = pool(store("memory"), plugin(Duration.ofSeconds(60)),
                workers(Duration.ofMillis(200)));
        team(pool, ACME);

        Decision first = buy(pool, ACME, 1000, "r-1");

        assertThat(first.denial()).isEqualTo(DenialCode.PAYMENT_PENDING);
        assertThat(first.reason()).contains("acme:purchase:1").contains("is being charged");
        await("the worker's charge reached the processor", () -> processor.heldRequests() == 1);
        assertThat(buy(pool, ACME, 1000, "r-1").denial()).as("a replay while it hangs")
                .isEqualTo(DenialCode.PAYMENT_PENDING);
        assertThat(processor.heldRequests()).as("the replay sent nothing").isEqualTo(1);

        processor.releaseRequests();
        await("the top-up granted", () -> metrics(pool, ACME).topUpCredits() == 1000);
        Decision replay = buy(pool, ACME, 1000, "r-1");
        assertThat(replay.accepted()).isTrue();
        assertThat(replay.balance()).isEqualTo(2000);
        assertThat(processor.requests()).as("one charge request in all").isEqualTo(1);
        assertMoneyTakenEqualsCreditsGranted(pool, ACME);
    }

    @Test
    void aWaitOfZeroAnswersPaymentPendingAtOnceAndTheWorkerFinishes() throws Exception {
        Creditpool pool = pool(store("memory"), plugin(Duration.ofSeconds(10)), workers(Duration.ZERO));
        team(pool, ACME);

        Decision first = buy(pool, ACME, 1000, "r-1");

        assertThat(first.accepted() || first.denial() == DenialCode.PAYMENT_PENDING).as("%s", first).isTrue();
        await("the top-up granted", () -> metrics(pool, ACME).topUpCredits() == 1000);
        assertThat(buy(pool, ACME, 1000, "r-1").accepted()).isTrue();
        assertThat(processor.requests()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void twoInstancesOnOneDatabaseClaimEachPurchaseOnce(String kind) throws Exception {
        StoreSettings store = store(kind);
        List<TeamId> teams = new ArrayList<>();
        // recorded by an instance without workers; each first attempt failed without taking anything
        try (Creditpool setup = Creditpool.builder().store(store).clock(clock).payments(plugin(Duration.ofSeconds(10)))
                .plans(List.of(ENT)).synchronousPurchases().build()) {
            for (int i = 1; i <= 6; i++) {
                TeamId team = TeamId.of("team-" + i);
                teams.add(team);
                team(setup, team);
                processor.script(Reply.RATE_LIMITED);
                assertThat(buy(setup, team, 1000, null).denial()).isEqualTo(DenialCode.PAYMENT_PENDING);
            }
        }
        processor.ignoreKeys();    // from here, a purchase charged twice would be taken twice
        Creditpool a = pool(store, plugin(Duration.ofSeconds(10)), workers(Duration.ofSeconds(5)));
        Creditpool b = pool(store, plugin(Duration.ofSeconds(10)), workers(Duration.ofSeconds(5)));

        clock.advance(Duration.ofMinutes(2));
        await("every purchase completed", () -> teams.stream().allMatch(t -> metrics(b, t).pendingPurchases() == 0));

        assertThat(processor.requests()).as("six first attempts, six charges").isEqualTo(12);
        assertThat(processor.charges()).hasSize(6);
        for (TeamId team : teams) {
            assertThat(metrics(a, team).topUpCredits()).isEqualTo(1000);
            assertMoneyTakenEqualsCreditsGranted(a, team);
        }
    }
}
