package io.creditpool.adapters.jdbc;

import io.creditpool.adapters.store.StoreSettings;

import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpCommand;
import io.creditpool.kernel.port.in.ConsumeCreditsCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.InviteMemberCommand;
import io.creditpool.kernel.port.in.SetMemberLimitCommand;
import io.creditpool.kernel.port.out.CreditStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;




import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads, and two Creditpool instances (separate Guice injectors) sharing one database, spending from one
 * team at once: the sum accepted never exceeds what the pool held, no member goes over the limit, the balance
 * never goes negative, the ledger adds up, a threshold crossing buys once, a request id applies once.
 */
class JdbcConcurrencyTest {
    private static final int THREADS = 16;
    private static final TeamId ACME = TeamId.of("acme");
    private static final MemberId OLIVIA = MemberId.of("olivia");
    private static final MemberId ALICE = MemberId.of("alice");
    private static final MemberId BOB = MemberId.of("bob");
    private static final Plan ENT = new Plan("ent", Tier.ENTERPRISE, 500, 1, "USD");

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SandboxPaymentGateway processor = new SandboxPaymentGateway();

    private Creditpool instance(StoreSettings store) {
        return Creditpool.builder().store(store).clock(clock).payments(processor).plans(List.of(ENT)).build();
    }

    private static void givenTeam(Creditpool pool, int seats) {
        pool.createTeam(new CreateTeamCommand(ACME, "ent", seats, OLIVIA, 1, null));
        pool.invite(new InviteMemberCommand(ACME, OLIVIA, ALICE, Role.MEMBER, null));
        pool.invite(new InviteMemberCommand(ACME, OLIVIA, BOB, Role.MEMBER, null));
    }

    /** Closes both instances and removes the store they shared. */
    private static void discard(Creditpool a, Creditpool b) {
        b.close();
        ((JdbcCreditStore) a.component(CreditStore.class)).closeAndDiscard();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres", "postgres-serializable"})
    void twoInstancesAndSixteenThreadsNeverSpendMoreThanThePoolHeldNorPastALimit(String kind) throws Exception {
        StoreSettings store = TestDatabases.of(kind);
        try (Creditpool a = instance(store); Creditpool b = instance(store)) {
            givenTeam(a, 4);                                        // a pool of 2000
            a.setLimit(new SetMemberLimitCommand(ACME, OLIVIA, ALICE, MemberLimit.of(700), null));

            List<Long> accepted = Race.of(THREADS, t -> {
                Creditpool pool = t % 2 == 0 ? a : b;
                MemberId member = t % 4 < 2 ? ALICE : BOB;
                long sum = 0;
                for (int i = 0; i < 25; i++) {
                    if (pool.consume(new ConsumeCreditsCommand(ACME, member, 7, null)).accepted()) {
                        sum += 7;
                    }
                }
                return sum;
            });

            long total = accepted.stream().mapToLong(Long::longValue).sum();
            // 16 x 25 x 7 = 2800 asked for; bob alone asks 1400 and alice may take 700, so the pool (2000) runs dry
            assertThat(total).isEqualTo(1995);
            assertThat(b.metrics(ACME).orElseThrow().balance()).isEqualTo(5);
            assertThat(a.metrics(ACME).orElseThrow().member(ALICE).usageThisMonth()).isBetween(0L, 700L);
            long ledgerConsumed = a.ledger(ACME).stream().filter(e -> e instanceof LedgerEntry.CreditsConsumed)
                    .mapToLong(e -> ((LedgerEntry.CreditsConsumed) e).credits()).sum();
            assertThat(ledgerConsumed).isEqualTo(total);
            assertThat(a.audit(ACME)).isEmpty();
            assertThat(((JdbcCreditStore) a.component(CreditStore.class)).ledgerMismatches()).isEmpty();
            discard(a, b);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres", "postgres-serializable"})
    void aThresholdCrossingRacedAcrossInstancesBuysOnce(String kind) throws Exception {
        StoreSettings store = TestDatabases.of(kind);
        try (Creditpool a = instance(store); Creditpool b = instance(store)) {
            givenTeam(a, 2);                                        // a pool of 1000
            a.configureAutoTopUp(new ConfigureAutoTopUpCommand(ACME, OLIVIA, true, 500, 10_000, null));

            Race.of(THREADS, t -> (t % 2 == 0 ? a : b).consume(new ConsumeCreditsCommand(ACME, ALICE, 40, null)));
            // the auto top-up is charged by a purchase worker of either instance, after the consumptions answered
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (a.metrics(ACME).orElseThrow().pendingPurchases() > 0) {
                assertThat(System.nanoTime()).as("the auto top-up completed").isLessThan(deadline);
                Thread.sleep(20);
            }

            assertThat(processor.charged()).as("purchases for one crossing").hasSize(1);
            assertThat(a.metrics(ACME).orElseThrow().balance()).isEqualTo(1000 - 16 * 40 + 10_000);
            assertThat(a.audit(ACME)).isEmpty();
            discard(a, b);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres", "postgres-serializable"})
    void aRequestIdRacedAcrossInstancesAppliesOnceAndEveryoneGetsTheFirstDecision(String kind) throws Exception {
        StoreSettings store = TestDatabases.of(kind);
        try (Creditpool a = instance(store); Creditpool b = instance(store)) {
            givenTeam(a, 2);
            Map<String, Decision> answers = new ConcurrentHashMap<>();

            Race.of(THREADS, t -> answers.put("t" + t, (t % 2 == 0 ? a : b).consume(new ConsumeCreditsCommand(ACME, ALICE, 100,
                    RequestId.of("gen-" + (t % 4))))));

            assertThat(a.metrics(ACME).orElseThrow().balance()).as("four distinct requests").isEqualTo(1000 - 400);
            assertThat(answers.values()).allMatch(Decision::accepted);
            b.close();
        }
        try (Creditpool restarted = instance(store)) {
            Decision replay = restarted.consume(new ConsumeCreditsCommand(ACME, ALICE, 100, RequestId.of("gen-0")));
            assertThat(replay.accepted()).isTrue();
            assertThat(replay.balance()).isBetween(600L, 900L);
            assertThat(restarted.metrics(ACME).orElseThrow().balance()).as("after a replay following a restart")
                    .isEqualTo(600);
            ((JdbcCreditStore) restarted.component(CreditStore.class)).closeAndDiscard();
        }
    }
}
