package io.creditpool.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditpool.Creditpool;
import io.creditpool.adapters.keys.ApiKeys;
import io.creditpool.adapters.keys.InMemoryApiKeys;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.Money;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.out.ChargeRequest;
import io.creditpool.kernel.port.out.ChargeResult;
import io.creditpool.kernel.port.out.CreditStore;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /admin/payments/reconciliation}: the processor's charges against the ledger, for operators only. */
class PaymentReconciliationRouteTest {
    private static final TeamId ACME = TeamId.of("shop:acme");
    private static final MemberId OLIVIA = MemberId.of("olivia");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InMemoryApiKeys keys = new InMemoryApiKeys();
    private final String operatorKey = keys.create("ops", ApiKeys.Scope.OPERATOR).key();
    private final String productKey = keys.create("shop").key();

    private record Reply(int status, JsonNode json) {
    }

    private static Reply get(HttpService service, String key, String pathAndQuery) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + service.port() + pathAndQuery))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }

    private static void givenAPaidTopUp(Creditpool pool) {
        pool.createTeam(new CreateTeamCommand(ACME, "enterprise", 2, OLIVIA, 1, null));
        assertThat(pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 100, RequestId.of("buy-1"))).accepted()).isTrue();
    }

    @Test
    void anOperatorSeesAChargeTheLedgerDoesNotHoldAndACleanStoreIsClean() throws Exception {
        SandboxPaymentGateway sandbox = new SandboxPaymentGateway();
        try (Creditpool pool = Creditpool.builder().payments(sandbox).store(StoreSettings.MEMORY).build();
             HttpService service = HttpService.start(pool, keys, "127.0.0.1", 0)) {
            givenAPaidTopUp(pool);
            String installation = pool.component(CreditStore.class).installationId();

            Reply clean = get(service, operatorKey, AdminRoutes.RECONCILIATION);
            assertThat(clean.status()).as("%s", clean.json()).isEqualTo(200);
            assertThat(clean.json().path("clean").asBoolean()).isTrue();
            assertThat(clean.json().path("installation").asText()).isEqualTo(installation);
            assertThat(clean.json().path("processor_charges").asInt()).isEqualTo(1);
            assertThat(clean.json().path("findings")).isEmpty();

            String key = installation + ":shop:acme:purchase:9";
            ChargeResult stray = sandbox.chargeDirectly(new ChargeRequest(ACME, key, new Money(2500, "USD"), "",
                    installation));

            Reply off = get(service, operatorKey, AdminRoutes.RECONCILIATION + "?since=2000-01-01");
            assertThat(off.status()).isEqualTo(200);
            assertThat(off.json().path("clean").asBoolean()).isFalse();
            assertThat(off.json().path("since").asText()).startsWith("2000-01-01T00:00");
            JsonNode finding = off.json().path("findings").get(0);
            assertThat(off.json().path("findings")).hasSize(1);
            assertThat(finding.path("kind").asText()).isEqualTo("charged-not-granted");
            assertThat(finding.path("team").asText()).isEqualTo("shop:acme");
            assertThat(finding.path("purchase").asText()).isEqualTo(key);
            assertThat(finding.path("reference").asText()).isEqualTo(stray.reference());
            assertThat(finding.path("charged").path("amount").asLong()).isEqualTo(2500);
            assertThat(finding.path("charged").path("currency").asText()).isEqualTo("USD");
            assertThat(finding.path("ledger").isNull()).isTrue();
        }
    }

    @Test
    void aProductKeyIsRefusedAndABadSinceIsRefusedNamingIt() throws Exception {
        try (Creditpool pool = Creditpool.builder().payments(new SandboxPaymentGateway()).store(StoreSettings.MEMORY)
                .build(); HttpService service = HttpService.start(pool, keys, "127.0.0.1", 0)) {
            assertThat(get(service, productKey, AdminRoutes.RECONCILIATION).status()).isEqualTo(403);

            Reply bad = get(service, operatorKey, AdminRoutes.RECONCILIATION + "?since=yesterday");

            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().path("field").asText()).isEqualTo("since");
            assertThat(bad.json().path("detail").asText()).contains("yesterday");
        }
    }

    @Test
    void aPluginThatCannotListItsChargesIsAConflictNotAServerError() throws Exception {
        try (Creditpool pool = Creditpool.builder().payments(request -> ChargeResult.succeeded("x"))
                .store(StoreSettings.MEMORY).build(); HttpService service = HttpService.start(pool, keys,
                "127.0.0.1", 0)) {
            Reply answer = get(service, operatorKey, AdminRoutes.RECONCILIATION);

            assertThat(answer.status()).isEqualTo(409);
            assertThat(answer.json().path("code").asText()).isEqualTo("cannot-reconcile");
            assertThat(answer.json().path("detail").asText()).contains("cannot list");
        }
    }
}
