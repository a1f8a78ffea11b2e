package io.creditpool.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.domain.UnitPrice;
import io.creditpool.adapters.keys.InMemoryApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.creditpool.adapters.http.HttpServiceTest.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prices as they are sold, over real HTTP: {@code GET /v1/plans} publishes each plan's price exactly (1.5 cents a
 * credit is {@code "0.015"} USD; 15 USD per 1,000 credits keeps its block), and a top-up is charged the exact price
 * rounded down to the cent.
 */
class PlanPricesHttpTest {
    static final SandboxPaymentGateway sandbox = new SandboxPaymentGateway();
    static Creditpool pool;
    static HttpService service;
    static String key;

    @BeforeAll
    static void start() {
        pool = Creditpool.builder().clock(new ManualClock(Instant.parse("2026-01-05T10:00:00Z"))).payments(sandbox)
                .store(StoreSettings.MEMORY).plans(List.of(
                        new Plan("payg", Tier.STANDARD, 100, UnitPrice.perCredit(new BigDecimal("1.5"), "USD")),
                        new Plan("bulk", Tier.ENTERPRISE, 100, UnitPrice.perBlock(new BigDecimal("1500"), 1000,
                                "USD")),
                        new Plan("thirds", Tier.STANDARD, 100, UnitPrice.perBlock(new BigDecimal("1000"), 3,
                                "EUR")),
                        new Plan("micro", Tier.STANDARD, 100, UnitPrice.perCredit(new BigDecimal("0.4"), "USD"))))
                .build();
        InMemoryApiKeys keys = new InMemoryApiKeys();
        key = keys.create("product").key();
        service = HttpService.start(pool, keys, 0);
    }

    @AfterAll
    static void stop() {
        service.close();
        pool.close();
    }

    static HttpServiceTest.Call call() {
        return new HttpServiceTest.Call(service.port(), key, null, null, "application/json", Map.of());
    }

    static JsonNode plan(String name) {
        HttpServiceTest.Reply plans = call().get("/v1/plans");
        assertThat(plans.status()).isEqualTo(200);
        for (JsonNode p : plans.json().path("plans")) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no plan " + name + " in " + plans.body());
    }

    @Test
    void aFractionalPricePerCreditIsPublishedExactlyAsADecimalString() {
        JsonNode payg = plan("payg");
        assertThat(payg.path("price")).isEqualTo(json("""
                {"per_credit":"0.015","currency":"USD","per_block":null}"""));
        // the old field is whole minor units: a price that is not one leaves it empty rather than rounded
        assertThat(payg.path("price_per_credit").isNull()).isTrue();
        assertThat(payg.path("currency").asText()).isEqualTo("USD");
        assertThat(payg.path("monthly_credits_per_seat").asLong()).isEqualTo(100);
    }

    @Test
    void aPricePerBlockIsPublishedWithItsBlockAndItsExactPricePerCredit() {
        assertThat(plan("bulk").path("price")).isEqualTo(json("""
                {"per_credit":"0.015","currency":"USD","per_block":{"amount":"15","credits":1000}}"""));
        // 10 EUR per 3 credits is no exact decimal per credit: only the block is published
        assertThat(plan("thirds").path("price")).isEqualTo(json("""
                {"per_credit":null,"currency":"EUR","per_block":{"amount":"10","credits":3}}"""));
    }

    @Test
    void aWholePriceKeepsItsOldFieldsAndGainsTheExactOne() {
        JsonNode team = plan("team");
        assertThat(team.path("price_per_credit").asLong()).isEqualTo(2);
        assertThat(team.path("price")).isEqualTo(json("""
                {"per_credit":"0.02","currency":"USD","per_block":null}"""));
    }

    @Test
    void aTopUpAtAFractionalPriceIsChargedRoundedDownToTheCent() {
        assertThat(call().post("/v1/teams", """
                {"team":"payg-team","plan":"payg","seats":1,"owner":"olivia","billing_anchor_day":1}""").status())
                .isEqualTo(201);
        HttpServiceTest.Reply bought = call().by("olivia").post("/v1/teams/payg-team/top-ups", "{\"credits\":15}");
        assertThat(bought.status()).as(bought.body()).isEqualTo(200);
        assertThat(sandbox.charged()).last().satisfies(c -> {
            assertThat(c.team().value()).endsWith("payg-team");
            assertThat(c.amount().minorUnits()).isEqualTo(22);   // 15 x 1.5 = 22.5 cents
        });
    }

    @Test
    void aTopUpWhosePriceRoundsDownToNothingIsABadRequestNamingTheCredits() {
        assertThat(call().post("/v1/teams", """
                {"team":"micro-team","plan":"micro","seats":1,"owner":"olivia","billing_anchor_day":1}""").status())
                .isEqualTo(201);
        int charged = sandbox.charged().size();
        HttpServiceTest.Reply refused = call().by("olivia").post("/v1/teams/micro-team/top-ups", "{\"credits\":2}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().path("field").asText()).isEqualTo("credits");
        assertThat(refused.json().path("detail").asText()).contains("buy at least 3 credits");
        assertThat(sandbox.charged()).hasSize(charged);
        HttpServiceTest.Reply summary = call().get("/v1/teams/micro-team");
        assertThat(summary.json().path("balance").asLong()).isEqualTo(100);
    }
}
