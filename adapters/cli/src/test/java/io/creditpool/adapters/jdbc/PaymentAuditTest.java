package io.creditpool.adapters.jdbc;

import io.creditpool.Creditpool;
import io.creditpool.adapters.cli.LoadCommandPlans;
import io.creditpool.adapters.payments.PaymentPlugins;
import io.creditpool.adapters.payments.http.HttpCardProcessor;
import io.creditpool.adapters.payments.http.ProcessorImitation;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.out.CreditStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./creditpool audit --payments} and {@code ./creditpool recover}, each run as a process of its own, against
 * an H2 store and an imitation of the card processor: a charge the processor holds and the ledger does not is
 * reported with a failing exit code; a charge taken for a still-pending purchase is granted once by recover; a clean
 * store exits 0.
 */
class PaymentAuditTest {
    private static final TeamId ACME = TeamId.of("acme");
    private static final MemberId OLIVIA = MemberId.of("olivia");
    private static final Plan PLAN = LoadCommandPlans.LOAD_PLAN;

    private final ProcessorImitation processor = ProcessorImitation.start();
    private final StoreSettings store = TestDatabases.h2();

    @TempDir
    Path folder;

    @AfterEach
    void stop() {
        processor.close();
    }

    /** The command line in a JVM of its own, as the launcher runs it; what it printed, and its exit code. */
    private record Run(int exit, String out) {
    }

    private Run creditpool(String... args) throws IOException, InterruptedException {
        Path plans = folder.resolve("plans.csv");
        Files.writeString(plans, "name,tier,monthly-credits-per-seat,price-per-credit,currency\n" + PLAN.name() + ","
                + PLAN.tier().word() + "," + PLAN.monthlyCreditsPerSeat() + "," + PLAN.pricePerCredit() + ","
                + PLAN.currency() + "\n");
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-D" + StoreSettings.PROPERTY + "=h2:" + store.location(),
                "-D" + PaymentPlugins.PROPERTY + "=http:" + processor.baseUrl() + "?timeout=10s",
                "-D" + HttpCardProcessor.KEY_PROPERTY + "=" + processor.secretKey(),
                "io.creditpool.adapters.cli.CreditpoolCommand", "--plans", plans.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(out).isTrue();
        return new Run(process.exitValue(), out);
    }

    private Creditpool pool(int attempts) {
        HttpCardProcessor plugin = new HttpCardProcessor(processor.baseUrl(), processor.secretKey(),
                HttpCardProcessor.CustomerLookup.teamIdIsCustomerId(), HttpCardProcessor.Settings.DEFAULTS
                .withRequestTimeout(Duration.ofSeconds(10)).withAttempts(attempts)
                .withFirstBackoff(Duration.ofMillis(10)));
        return Creditpool.builder().store(store).payments(plugin).plans(List.of(PLAN)).build();
    }

    /** acme with one top-up paid and granted; answers the store's installation id. */
    private String givenOnePaidTopUp() {
        try (Creditpool pool = pool(3)) {
            pool.createTeam(new CreateTeamCommand(ACME, PLAN.name(), 2, OLIVIA, 1, null));
            assertThat(pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 100, RequestId.of("buy-1"))).accepted())
                    .isTrue();
            return pool.component(CreditStore.class).installationId();
        }
    }

    @Test
    void aCleanStoreAgreesWithTheProcessorAndExitsZero() throws Exception {
        givenOnePaidTopUp();

        Run audit = creditpool("audit", "--payments");

        assertThat(audit.exit()).as(audit.out()).isZero();
        assertThat(audit.out()).contains("1 charge(s) at the processor and 1 in the ledgers").contains("they agree")
                .doesNotContain("WRONG");
    }

    @Test
    void aChargeAtTheProcessorWithNoLedgerEntryIsReportedAndTheAuditFails() throws Exception {
        String installation = givenOnePaidTopUp();
        String stray = processor.chargeDirectly("acme", 2500, "usd", Map.of(
                "creditpool_purchase", installation + ":acme:purchase:7", "creditpool_installation", installation));
        processor.chargeDirectly("acme", 9900, "usd", Map.of(
                "creditpool_purchase", "other-store:acme:purchase:7", "creditpool_installation", "other-store"));

        Run audit = creditpool("audit", "--payments");

        assertThat(audit.exit()).as(audit.out()).isEqualTo(1);
        assertThat(audit.out()).contains("WRONG charged-not-granted team acme purchase " + installation
                + ":acme:purchase:7 charge " + stray).contains("2500 USD")
                .doesNotContain("other-store").contains("1 problem(s)");
    }

    @Test
    void recoverGrantsOnceAChargeTakenBehindASaved500AndReportsWhatItDoesNotChange() throws Exception {
        String installation = givenOnePaidTopUp();
        processor.script(ProcessorImitation.Reply.SERVER_ERROR_AFTER_CHARGE);
        try (Creditpool pool = pool(3)) {
            assertThat(pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 100, RequestId.of("buy-2"))).denial())
                    .isEqualTo(DenialCode.PAYMENT_PENDING);
        }
        assertThat(processor.charges()).as("the money was taken").hasSize(2);
        String stray = processor.chargeDirectly("acme", 2500, "usd", Map.of(
                "creditpool_purchase", installation + ":acme:purchase:7", "creditpool_installation", installation));

        Run audit = creditpool("audit", "--payments");
        assertThat(audit.exit()).as(audit.out()).isEqualTo(1);
        assertThat(audit.out()).contains("WRONG charged-pending team acme purchase " + installation
                + ":acme:purchase:2").contains("WRONG charged-not-granted").contains(stray);

        Run recover = creditpool("recover");

        assertThat(recover.out()).contains("1 pending purchase(s)").contains("1 granted");
        assertThat(recover.exit()).as("the stray charge is reported, not changed: " + recover.out()).isEqualTo(1);
        assertThat(recover.out()).doesNotContain("charged-pending").contains("WRONG charged-not-granted")
                .contains(stray);
        assertThat(processor.charges()).as("nothing charged again").hasSize(3);
        try (Creditpool pool = pool(1)) {
            List<LedgerEntry.ChargeAttempted> paid = pool.ledger(ACME).stream()
                    .filter(e -> e instanceof LedgerEntry.ChargeAttempted c && c.succeeded())
                    .map(e -> (LedgerEntry.ChargeAttempted) e).toList();
            assertThat(paid).extracting(LedgerEntry.ChargeAttempted::reference).containsExactly(
                    processor.charges().get(0).intentId(), processor.charges().get(1).intentId());
            assertThat(pool.metrics(ACME).orElseThrow().pendingPurchases()).isZero();
            assertThat(pool.metrics(ACME).orElseThrow().topUps()).isEqualTo(2);
        }

        Run again = creditpool("recover");
        assertThat(again.out()).contains("0 pending purchase(s)");
        assertThat(processor.charges()).as("a second recover changes nothing").hasSize(3);
    }

    @Test
    void aBadSinceIsRefusedNamingIt() throws Exception {
        Run audit = creditpool("audit", "--payments", "--since", "last tuesday");

        assertThat(audit.exit()).as("a usage error").isEqualTo(2);
        assertThat(audit.out()).contains("--since").contains("last tuesday");
    }
}
