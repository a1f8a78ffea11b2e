package io.creditpool.adapters.jdbc;

import io.creditpool.adapters.store.StoreSettings;

import io.creditpool.Creditpool;
import io.creditpool.adapters.cli.LoadCommandPlans;
import io.creditpool.adapters.payments.http.HttpCardProcessor;
import io.creditpool.adapters.payments.PaymentPlugins;
import io.creditpool.adapters.payments.PurchaseWorker;
import io.creditpool.adapters.payments.http.ProcessorImitation;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.CreditEvent;
import io.creditpool.kernel.port.out.CreditStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runnable front in a JVM of its own buying top-ups through the HTTP card-processor plugin, killed with SIGKILL
 * while a purchase worker was charging: after the processor took the money for a top-up and before its answer
 * arrived, so before the grant. Once the killed worker's lease has run out, the recovery command, run after the
 * restart, claims the purchase and charges again with the same key: the processor takes nothing more, the credits
 * are granted exactly once, and every charge the processor took has its credits in the ledger once.
 */
class PaymentCrashTest {
    private static final int PAID_BEFORE_THE_HANG = 3;
    /** How long the killed front's worker holds the purchase it was charging. */
    private static final Duration LEASE = Duration.ofSeconds(1);

    private static Process creditpool(StoreSettings store, ProcessorImitation processor, String... args)
            throws IOException {
        return creditpool(store, processor, List.of(), args);
    }

    private static Process creditpool(StoreSettings store, ProcessorImitation processor, List<String> settings,
            String... args) throws IOException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-D" + StoreSettings.PROPERTY + "=" + store.setting(),
                "-D" + PaymentPlugins.PROPERTY + "=http:" + processor.baseUrl(),
                "-D" + HttpCardProcessor.KEY_PROPERTY + "=" + processor.secretKey()));
        command.addAll(settings);
        command.add("io.creditpool.adapters.cli.CreditpoolCommand");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        return builder.start();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void aFrontKilledBetweenTheChargeAndTheGrantIsGrantedOnceByRecovery(String kind, @TempDir Path folder)
            throws Exception {
        StoreSettings store = TestDatabases.of(kind);
        JdbcCreditStore.open(store).close();
        Plan load = LoadCommandPlans.LOAD_PLAN;
        Path plans = folder.resolve("plans.csv");
        Files.writeString(plans, "name,tier,monthly-credits-per-seat,price-per-credit,currency\n" + load.name() + ","
                + load.tier().word() + "," + load.monthlyCreditsPerSeat() + "," + load.pricePerCredit() + ","
                + load.currency() + "\n");
        try (ProcessorImitation processor = ProcessorImitation.start()) {
            List<ProcessorImitation.Reply> replies = new ArrayList<>();
            for (int i = 0; i < PAID_BEFORE_THE_HANG; i++) {
                replies.add(ProcessorImitation.Reply.SUCCEED);
            }
            replies.add(ProcessorImitation.Reply.TIMEOUT_AFTER_CHARGE);    // takes the money, answers much later
            processor.delayAfterCharge(Duration.ofMinutes(5));
            processor.script(replies.toArray(ProcessorImitation.Reply[]::new));

            // the caller waits for each charge (so no other top-up starts while one hangs); the worker's lease is short
            Process front = creditpool(store, processor, List.of("-D" + PurchaseWorker.WAIT + "=10m",
                    "-D" + PurchaseWorker.LEASE + "=" + LEASE.toMillis() + "ms"), "load", "--teams", "1", "--callers",
                    "1", "--seconds", "120", "--top-up-every", "1", "--prefix", "paid");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (processor.charges().size() < PAID_BEFORE_THE_HANG + 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            front.destroyForcibly();           // SIGKILL: the money is taken, the answer not yet arrived
            assertThat(front.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Instant leaseOver = Instant.now().plus(LEASE).plusMillis(500);
            assertThat(processor.charges()).as("charges taken before the kill").hasSize(PAID_BEFORE_THE_HANG + 1);

            TeamId team = TeamId.of("paid-0");
            try (Creditpool pool = Creditpool.builder().store(store).plans(List.of(load)).synchronousPurchases()
                    .build()) {
                assertThat(pool.metrics(team).orElseThrow().pendingPurchases()).as("left half done").isEqualTo(1);
                assertThat(topUpGrants(pool, team)).isEqualTo(PAID_BEFORE_THE_HANG);
            }

            while (Instant.now().isBefore(leaseOver)) {
                Thread.sleep(50);              // the killed worker's claim runs out; recovery leaves a held one alone
            }
            Process recover = creditpool(store, processor, "--plans", plans.toString(), "recover");
            String said = new String(recover.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(recover.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(recover.exitValue()).as(said).isZero();
            assertThat(said.toLowerCase(Locale.ROOT)).contains("1 pending purchase(s)").contains("1 granted");

            assertThat(processor.charges()).as("the recovery charged with the same key: nothing more taken")
                    .hasSize(PAID_BEFORE_THE_HANG + 1);
            try (Creditpool pool = Creditpool.builder().store(store).plans(List.of(load)).synchronousPurchases()
                    .build()) {
                assertThat(pool.metrics(team).orElseThrow().pendingPurchases()).isZero();
                assertThat(topUpGrants(pool, team)).as("one grant per charge taken").isEqualTo(
                        processor.charges().size());
                List<String> paidKeys = pool.ledger(team).stream()
                        .filter(e -> e instanceof LedgerEntry.ChargeAttempted c && c.succeeded())
                        .map(e -> ((LedgerEntry.ChargeAttempted) e).idempotencyKey()).toList();
                assertThat(paidKeys).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(
                        processor.charges().stream().map(ProcessorImitation.Charge::key).toList());
                assertThat(pool.audit(team)).isEmpty();
                // the events of the purchase the recovery finished were stored with it: none is lost with the process
                List<io.creditpool.kernel.port.out.StoredEvent> events = pool.events(0, 1000);
                assertThat(events).extracting(e -> e.event().type()).as("events in the outbox")
                        .containsSubsequence("top-up-recovered", "top-up-succeeded");
                assertThat(events).filteredOn(e -> e.event() instanceof CreditEvent.TopUpRecovered)
                        .singleElement().satisfies(e -> {
                            CreditEvent.TopUpRecovered r = (CreditEvent.TopUpRecovered) e.event();
                            assertThat(r.granted()).isTrue();
                            assertThat(r.team()).isEqualTo(team);
                        });
                assertThat(events).filteredOn(e -> e.event().type().equals("top-up-succeeded"))
                        .as("one top-up-succeeded per charge taken").hasSize(processor.charges().size());
                JdbcCreditStore jdbc = (JdbcCreditStore) pool.component(CreditStore.class);
                assertThat(jdbc.ledgerMismatches()).isEmpty();
                assertThat(pool.recoverPurchases().pending()).as("nothing left to recover").isZero();
                jdbc.closeAndDiscard();
            }
        }
    }

    private static long topUpGrants(Creditpool pool, TeamId team) {
        return pool.ledger(team).stream().filter(e -> e instanceof LedgerEntry.CreditsGranted g
                && g.source() == GrantSource.TOP_UP).count();
    }
}
