package io.creditpool.adapters.payments.http;

import io.creditpool.Creditpool;
import io.creditpool.adapters.jdbc.JdbcCreditStore;
import io.creditpool.adapters.jdbc.TestDatabases;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.out.ChargeLookup;
import io.creditpool.kernel.port.out.ChargeRequest;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.ProcessorCharge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.creditpool.adapters.Given.ACME;
import static io.creditpool.adapters.Given.ENT;
import static io.creditpool.adapters.Given.OLIVIA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two stores (a second deployment, a staging copy) charging on one processor account, with teams of the same ids:
 * their purchase keys never meet, and each finds only its own charges.
 */
class TwoStoresOneProcessorTest {
    private final ProcessorImitation processor = ProcessorImitation.start();

    @AfterEach
    void stop() {
        processor.close();
    }

    private HttpCardProcessor plugin() {
        return new HttpCardProcessor(processor.baseUrl(), processor.secretKey(),
                HttpCardProcessor.CustomerLookup.teamIdIsCustomerId(), HttpCardProcessor.Settings.DEFAULTS
                .withRequestTimeout(Duration.ofSeconds(5)).withFirstBackoff(Duration.ofMillis(10)));
    }

    private Creditpool open(StoreSettings store) {
        return Creditpool.builder().store(store).payments(plugin()).plans(List.of(ENT)).build();
    }

    @ParameterizedTest
    @CsvSource({"h2, h2", "h2, postgres"})
    void twoStoresWithTheSameTeamsNeverShareAKeyAndEachListsOnlyItsOwnCharges(String first, String second) {
        Instant before = processor.now().minusSeconds(1);
        try (Creditpool a = open(TestDatabases.of(first)); Creditpool b = open(TestDatabases.of(second))) {
            try {
                for (Creditpool pool : List.of(a, b)) {
                    pool.createTeam(new CreateTeamCommand(ACME, ENT.name(), 2, OLIVIA, 1, null));
                    assertThat(pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 1000, RequestId.of("buy-1")))
                            .accepted()).isTrue();
                }
                String installationA = a.component(CreditStore.class).installationId();
                String installationB = b.component(CreditStore.class).installationId();

                assertThat(installationA).isNotEqualTo(installationB);
                assertThat(processor.charges()).as("each store's top-up was charged, not answered from the other's")
                        .hasSize(2);
                assertThat(processor.idempotencyKeys()).doesNotHaveDuplicates()
                        .containsExactly(installationA + ":acme:purchase:1", installationB + ":acme:purchase:1");

                HttpCardProcessor plugin = plugin();
                List<ProcessorCharge> ofA = plugin.charges(installationA, before);
                List<ProcessorCharge> ofB = plugin.charges(installationB, before);
                assertThat(ofA).singleElement().satisfies(c -> {
                    assertThat(c.purchase()).isEqualTo(installationA + ":acme:purchase:1");
                    assertThat(c.reference()).isEqualTo(processor.charges().get(0).intentId());
                });
                assertThat(ofB).singleElement().satisfies(c -> {
                    assertThat(c.purchase()).isEqualTo(installationB + ":acme:purchase:1");
                    assertThat(c.reference()).isEqualTo(processor.charges().get(1).intentId());
                });
                assertThat(a.ledger(ACME)).filteredOn(e -> e instanceof io.creditpool.kernel.domain.LedgerEntry
                        .ChargeAttempted c && c.reference().equals(ofA.get(0).reference())).hasSize(1);
                assertThat(plugin.lookup(new ChargeRequest(ACME, installationB + ":acme:purchase:2",
                        ofB.get(0).amount(), "", installationB))).as("store b's next purchase, not yet charged")
                        .isEqualTo(ChargeLookup.notFound());
            } finally {
                ((JdbcCreditStore) a.component(CreditStore.class)).closeAndDiscard();
                ((JdbcCreditStore) b.component(CreditStore.class)).closeAndDiscard();
            }
        }
    }
}
