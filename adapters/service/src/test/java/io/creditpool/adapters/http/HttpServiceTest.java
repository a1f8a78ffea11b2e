package io.creditpool.adapters.http;

import io.creditpool.adapters.keys.ApiKeys;

import io.creditpool.adapters.keys.InMemoryApiKeys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.adapters.memory.InMemoryCreditStore;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.adapters.payments.SandboxPaymentGateway.Behaviour;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.StoreUnavailableException;
import io.creditpool.kernel.port.out.TeamUnit;
import io.creditpool.rules.RuleSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The service on a loopback port, called as a host product would: JSON over HTTP with an API key, against a
 * Creditpool in memory with a manual clock and the sandbox processor. Each test works on teams of its own.
 */
class HttpServiceTest {
    static final Instant START = Instant.parse("2026-01-05T10:00:00Z");
    static final String FIRST_CYCLE_END = "2026-02-01T00:00:00Z";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final AtomicInteger TEAMS = new AtomicInteger();

    static final ManualClock clock = new ManualClock(START);
    static final SandboxPaymentGateway sandbox = new SandboxPaymentGateway();
    static final InMemoryApiKeys keys = new InMemoryApiKeys();
    static Creditpool pool;
    static HttpService service;
    static String keyA;
    static String keyB;

    @BeforeAll
    static void start() {
        pool = Creditpool.builder().clock(clock).payments(sandbox).store(StoreSettings.MEMORY).build();
        keyA = keys.create("product-a").key();
        keyB = keys.create("product-b").key();
        service = HttpService.start(pool, keys, 0);
    }

    @AfterAll
    static void stop() {
        service.close();
        pool.close();
    }

    // ---- health, plans, teams

    @Test
    void healthAndReadinessAnswerWithoutAKey() {
        Reply health = call().key(null).get("/health");
        Reply ready = call().key(null).get("/ready");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json()).isEqualTo(json("{\"status\":\"ok\"}"));
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().path("status").asText()).isEqualTo("ready");
    }

    @Test
    void plansAreThePlanTable() {
        Reply plans = call().get("/v1/plans");

        assertThat(plans.status()).isEqualTo(200);
        assertThat(plans.contentType()).startsWith("application/json");
        assertThat(plans.json().path("plans")).contains(json("""
                {"name":"enterprise","tier":"enterprise","monthly_credits_per_seat":1000,"price_per_credit":1,
                 "currency":"USD","price":{"per_credit":"0.01","currency":"USD","per_block":null}}"""), json("""
                {"name":"team","tier":"standard","monthly_credits_per_seat":500,"price_per_credit":2,
                 "currency":"USD","price":{"per_credit":"0.02","currency":"USD","per_block":null}}"""));
    }

    @Test
    void creatingATeamAnswers201WithItsSummaryAndKeepsItUnderTheProduct() {
        String team = "acme-" + TEAMS.incrementAndGet();

        Reply created = call().post("/v1/teams", """
                {"team":"%s","plan":"team","seats":3,"owner":"olivia","billing_anchor_day":1}""".formatted(team));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("accepted").asBoolean()).isTrue();
        assertThat(created.json().path("rules")).isNotEmpty();
        assertThat(created.json().path("balance").asLong()).isEqualTo(1500);
        assertThat(created.json().path("summary")).isEqualTo(json("""
                {"team":"%s","plan":"team","balance":1500,"plan_credits":1500,"top_up_credits":0,
                 "cycle":{"start":"2026-01-05T10:00:00Z","end":"%s"},
                 "grants":[{"grant_id":%d,"source":"plan","remaining":1500,"expires_at":"%s"}],
                 "seats":{"total":3,"used":1,"available":2},
                 "members":[{"member":"olivia","role":"owner","usage_this_month":0,"limit":"unlimited",
                   "own_limit":"unlimited","group":null,"spendable":{"credits":1500,"bound_by":"pool"}}],
                 "auto_top_up":{"enabled":false,"threshold":null,"amount":null,"monthly_cap":null,"armed":false,
                   "paused":false,"declines":0,"spent_this_cycle":0,"in_flight":false},
                 "pending_purchases":0,"top_ups":0,"charges":0,"held":0,"reservations":[],"groups":[]}""".formatted(team, FIRST_CYCLE_END,
                created.json().at("/summary/grants/0/grant_id").asLong(), FIRST_CYCLE_END)));
        assertThat(pool.metrics(TeamId.of("product-a:" + team))).isPresent();
        assertThat(pool.metrics(TeamId.of(team))).isEmpty();
        assertThat(call().get("/v1/teams/" + team).json()).isEqualTo(created.json().path("summary"));
    }

    @Test
    void creatingATeamAgainIsAReplayAndWithOtherTermsAConflict() {
        String team = "acme-" + TEAMS.incrementAndGet();
        String body = "{\"team\":\"%s\",\"plan\":\"team\",\"seats\":3,\"owner\":\"olivia\"}".formatted(team);
        Reply first = call().post("/v1/teams", body);

        Reply again = call().post("/v1/teams", body);
        Reply other = call().post("/v1/teams", body.replace("\"seats\":3", "\"seats\":4"));

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json()).isEqualTo(first.json());
        assertProblem(other, 409, "request-conflict");
        assertThat(other.json().path("detail").asText()).contains("'" + team + "'").doesNotContain("product-a");
        assertThat(summary(team).at("/seats/total").asInt()).isEqualTo(3);
    }

    @Test
    void aTeamOnAPlanThatDoesNotExistIsInvalidInput() {
        Reply reply = call().post("/v1/teams", """
                {"team":"nowhere","plan":"platinum","seats":3,"owner":"olivia"}""");

        assertProblem(reply, 400, "invalid-input");
        assertThat(reply.json().path("field").asText()).isEqualTo("plan");
        assertThat(reply.json().path("detail").asText()).contains("platinum")
                .as("the plans there are").containsPattern("; the plans are: [a-z-]+(, [a-z-]+)*$").contains("team");
        assertThat(call().get("/v1/teams/nowhere").status()).isEqualTo(404);
    }

    @Test
    void anUnknownTeamIs404() {
        assertProblem(call().get("/v1/teams/ghost"), 404, "unknown-team");
        assertProblem(call().get("/v1/teams/ghost/ledger"), 404, "unknown-team");
        Reply consume = call().by("olivia").post("/v1/teams/ghost/consumptions", "{\"credits\":1}");
        assertProblem(consume, 404, "unknown-team");
        assertThat(consume.json().path("detail").asText()).isEqualTo("team: no team 'ghost'");
    }

    // ---- members, limits, consumption, top-ups, auto top-up

    @Test
    void anAdminInvitesAMemberWhoTakesASeat() {
        String team = givenTeam("team", 3);

        Reply invited = call().by("olivia").post("/v1/teams/" + team + "/members",
                "{\"member\":\"alice\",\"role\":\"admin\"}");

        assertThat(invited.status()).isEqualTo(200);
        assertThat(invited.json().path("accepted").asBoolean()).isTrue();
        assertThat(invited.json().at("/summary/seats")).isEqualTo(json("{\"total\":3,\"used\":2,\"available\":1}"));
        assertThat(member(invited.json().path("summary"), "alice")).isEqualTo(json(
                "{\"member\":\"alice\",\"role\":\"admin\",\"usage_this_month\":0,\"limit\":\"unlimited\","
                        + "\"own_limit\":\"unlimited\",\"group\":null,"
                        + "\"spendable\":{\"credits\":1500,\"bound_by\":\"pool\"}}"));
    }

    @Test
    void aCallerWhoPrefersAMinimalAnswerGetsTheDecisionWithoutTheTeamsSummary() {
        String team = givenTeam("team", 3);

        Reply invited = call().by("olivia").header("Prefer", "respond-async, return=minimal")
                .post("/v1/teams/" + team + "/members", "{\"member\":\"alice\",\"role\":\"member\"}");
        assertThat(invited.status()).isEqualTo(200);
        assertThat(invited.json().path("accepted").asBoolean()).isTrue();
        assertThat(invited.json().has("summary")).isFalse();
        assertThat(invited.header("Preference-Applied")).isEqualTo("return=minimal");
        assertThat(member(summary(team), "alice")).as("the invite took effect").isNotNull();

        Reply capped = call().by("olivia").header("Prefer", "return=minimal")
                .put("/v1/teams/" + team + "/members/alice/limit", "{\"limit\":300}");
        assertThat(capped.json().has("summary")).isFalse();
        assertThat(member(summary(team), "alice").path("limit").asLong()).isEqualTo(300);

        Reply full = call().by("olivia").header("Prefer", "return=representation")
                .put("/v1/teams/" + team + "/members/alice/limit", "{\"limit\":400}");
        assertThat(full.json().at("/summary/seats/used").asInt()).as("any other preference keeps the summary")
                .isEqualTo(2);
        assertThat(full.header("Preference-Applied")).isNull();
    }

    @Test
    void theOwnerChangesARoleAndRemovesAMember() {
        String team = givenTeam("team", 3);
        givenMember(team, "alice", "member");

        Reply promoted = call().by("olivia").patch("/v1/teams/" + team + "/members/alice", "{\"role\":\"admin\"}");
        assertThat(promoted.status()).isEqualTo(200);
        assertThat(member(promoted.json().path("summary"), "alice").path("role").asText()).isEqualTo("admin");

        Reply removed = call().by("olivia").delete("/v1/teams/" + team + "/members/alice");
        assertThat(removed.status()).isEqualTo(200);
        assertThat(member(removed.json().path("summary"), "alice")).isNull();
        assertThat(removed.json().at("/summary/seats/available").asInt()).isEqualTo(2);
    }

    @Test
    void aLimitIsANumberOrUnlimited() {
        String team = givenTeam("team", 3);
        givenMember(team, "alice", "member");

        Reply capped = call().by("olivia").put("/v1/teams/" + team + "/members/alice/limit", "{\"limit\":300}");
        assertThat(capped.status()).isEqualTo(200);
        assertThat(member(capped.json().path("summary"), "alice").path("limit").asLong()).isEqualTo(300);

        Reply zero = call().by("olivia").put("/v1/teams/" + team + "/members/alice/limit", "{\"limit\":0}");
        assertThat(member(zero.json().path("summary"), "alice").path("limit").asLong()).isZero();

        Reply lifted = call().by("olivia").put("/v1/teams/" + team + "/members/alice/limit",
                "{\"limit\":\"unlimited\"}");
        assertThat(lifted.status()).isEqualTo(200);
        assertThat(member(lifted.json().path("summary"), "alice").path("limit").asText()).isEqualTo("unlimited");
    }

    @Test
    void theActingMemberConsumesFromThePool() {
        String team = givenTeam("team", 3);
        givenMember(team, "alice", "member");

        Reply consumed = call().by("alice").post("/v1/teams/" + team + "/consumptions", "{\"credits\":120}");

        assertThat(consumed.status()).isEqualTo(200);
        assertThat(consumed.json().path("accepted").asBoolean()).isTrue();
        assertThat(consumed.json().path("balance").asLong()).isEqualTo(1380);
        assertThat(consumed.json().path("rules")).isNotEmpty();
        assertThat(consumed.json().path("rules_version").asText()).isEqualTo(pool.rulesVersion()).hasSize(12);
        assertThat(consumed.json().has("summary")).isFalse();
        assertThat(member(summary(team), "alice").path("usage_this_month").asLong()).isEqualTo(120);
    }

    @Test
    void theOwnerBuysATopUpThatNeverExpires() {
        String team = givenTeam("team", 1);
        int charged = sandbox.charged().size();

        Reply bought = call().by("olivia").post("/v1/teams/" + team + "/top-ups", "{\"credits\":1000}");

        assertThat(bought.status()).isEqualTo(200);
        assertThat(bought.json().path("balance").asLong()).isEqualTo(1500);
        JsonNode summary = bought.json().path("summary");
        assertThat(summary.path("top_up_credits").asLong()).isEqualTo(1000);
        assertThat(summary.path("top_ups").asLong()).isEqualTo(1);
        assertThat(summary.path("grants")).contains(json(
                "{\"grant_id\":%d,\"source\":\"top-up\",\"remaining\":1000,\"expires_at\":null}".formatted(
                        summary.at("/grants/1/grant_id").asLong())));
        assertThat(sandbox.charged()).hasSize(charged + 1);
        assertThat(sandbox.charged().get(charged).amount().minorUnits()).isEqualTo(2000);
    }

    @Test
    void autoTopUpIsConfiguredOnEnterpriseAndBuysWhenThePoolCrossesTheThreshold() {
        String team = givenTeam("enterprise", 1);

        Reply on = call().by("olivia").put("/v1/teams/" + team + "/auto-top-up",
                "{\"enabled\":true,\"threshold\":500,\"amount\":300,\"monthly_cap\":null}");
        assertThat(on.status()).isEqualTo(200);
        assertThat(on.json().at("/summary/auto_top_up")).isEqualTo(json("""
                {"enabled":true,"threshold":500,"amount":300,"monthly_cap":null,"armed":true,"paused":false,
                 "declines":0,"spent_this_cycle":0,"in_flight":false}"""));

        assertThat(call().by("olivia").post("/v1/teams/" + team + "/consumptions", "{\"credits\":600}").status())
                .isEqualTo(200);
        // the consumption answers at once; a purchase worker charges the auto top-up it ordered just after
        JsonNode after = summary(team);
        for (long deadline = System.nanoTime() + 30_000_000_000L; after.path("top_up_credits").asLong() == 0
                && System.nanoTime() < deadline; after = summary(team)) {
            Thread.onSpinWait();
        }
        assertThat(after.path("top_up_credits").asLong()).isEqualTo(300);
        assertThat(after.path("balance").asLong()).isEqualTo(700);

        Reply off = call().by("olivia").put("/v1/teams/" + team + "/auto-top-up", "{\"enabled\":false}");
        assertThat(off.status()).isEqualTo(200);
        assertThat(off.json().at("/summary/auto_top_up/enabled").asBoolean()).isFalse();
        assertThat(off.json().at("/summary/auto_top_up/threshold").isNull()).isTrue();

        Reply capped = call().by("olivia").put("/v1/teams/" + team + "/auto-top-up",
                "{\"enabled\":true,\"threshold\":100,\"amount\":50,\"monthly_cap\":10000}");
        assertThat(capped.json().at("/summary/auto_top_up/monthly_cap").asLong()).isEqualTo(10000);
    }

    // ---- the ledger

    @Test
    void theLedgerIsNewestFirstAndPaged() {
        String team = givenTeam("team", 3);
        givenMember(team, "alice", "member");
        for (int i = 1; i <= 3; i++) {
            call().by("alice").idempotency("gen-" + i).post("/v1/teams/" + team + "/consumptions",
                    "{\"credits\":" + (10 * i) + "}");
        }
        call().by("olivia").post("/v1/teams/" + team + "/top-ups", "{\"credits\":100}");
        int total = pool.ledger(TeamId.of("product-a:" + team)).size();

        List<Long> seqs = new ArrayList<>();
        List<JsonNode> entries = new ArrayList<>();
        String path = "/v1/teams/" + team + "/ledger?limit=2";
        int pages = 0;
        while (path != null) {
            Reply page = call().get(path);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json().path("entries").size()).isBetween(1, 2);
            page.json().path("entries").forEach(e -> {
                seqs.add(e.path("seq").asLong());
                entries.add(e);
            });
            JsonNode next = page.json().path("next_before");
            assertThat(page.json().has("next_before")).isTrue();
            path = next.isNull() ? null : "/v1/teams/" + team + "/ledger?limit=2&before=" + next.asLong();
            pages++;
        }

        assertThat(seqs).hasSize(total).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(seqs.get(0)).isEqualTo(total);
        assertThat(seqs.get(total - 1)).isEqualTo(1);
        assertThat(pages).isEqualTo((total + 1) / 2);
        assertThat(entries.stream().map(e -> e.path("kind").asText()).distinct())
                .contains("setting", "granted", "consumed", "charge");
        assertThat(entries.get(total - 1).path("kind").asText()).isEqualTo("setting");
        assertThat(entries.get(total - 1).path("by").asText()).isEqualTo("olivia");
        JsonNode consumed = entries.stream().filter(e -> e.path("kind").asText().equals("consumed")
                && e.path("request_id").asText().equals("gen-2")).findFirst().orElseThrow();
        assertThat(consumed.path("member").asText()).isEqualTo("alice");
        assertThat(consumed.path("credits").asLong()).isEqualTo(20);
        assertThat(consumed.path("balance_change").asLong()).isEqualTo(-20);
        assertThat(consumed.path("limit").asText()).isEqualTo("unlimited");
        assertThat(consumed.at("/draws/0/source").asText()).isEqualTo("plan");
        assertThat(consumed.at("/draws/0/credits").asLong()).isEqualTo(20);
        JsonNode charge = entries.stream().filter(e -> e.path("kind").asText().equals("charge")).findFirst()
                .orElseThrow();
        assertThat(charge.path("succeeded").asBoolean()).isTrue();
        assertThat(charge.path("price").asLong()).isEqualTo(200);
        assertThat(charge.path("currency").asText()).isEqualTo("USD");
        assertThat(charge.path("purchase_key").asText()).as("the store's installation id, then the team")
                .matches("[0-9a-f-]{36}:" + java.util.regex.Pattern.quote(team) + ":purchase:[0-9]+")
                .doesNotContain("product-a");

        Reply whole = call().get("/v1/teams/" + team + "/ledger");
        assertThat(whole.json().path("entries")).hasSize(total);
        assertThat(whole.json().path("next_before").isNull()).isTrue();
    }

    @Test
    void ledgerPagingParametersAreChecked() {
        String team = givenTeam("team", 1);

        assertInvalid(call().get("/v1/teams/" + team + "/ledger?limit=0"), "limit");
        assertInvalid(call().get("/v1/teams/" + team + "/ledger?limit=501"), "limit");
        assertInvalid(call().get("/v1/teams/" + team + "/ledger?limit=ten"), "limit");
        assertInvalid(call().get("/v1/teams/" + team + "/ledger?before=0"), "before");
        assertInvalid(call().get("/v1/teams/" + team + "/ledger?before=99999999999999999999"), "before");
        assertThat(call().get("/v1/teams/" + team + "/ledger?before=1").json().path("entries")).isEmpty();
    }

    // ---- every denial code

    @Test
    void insufficientCreditsIs402AndNothingIsSpent() {
        String team = givenTeam("starter", 1);

        Reply reply = call().by("olivia").post("/v1/teams/" + team + "/consumptions", "{\"credits\":201}");

        assertProblem(reply, 402, "insufficient-credits");
        assertThat(reply.json().path("balance").asLong()).isEqualTo(200);
        assertThat(reply.json().path("rules")).isNotEmpty();
        assertThat(summary(team).path("balance").asLong()).isEqualTo(200);
    }

    @Test
    void aMemberOverTheirLimitIs422() {
        String team = givenTeam("team", 3);
        givenMember(team, "alice", "member");
        call().by("olivia").put("/v1/teams/" + team + "/members/alice/limit", "{\"limit\":100}");

        Reply reply = call().by("alice").post("/v1/teams/" + team + "/consumptions", "{\"credits\":120}");

        assertProblem(reply, 422, "member-limit");
        assertThat(reply.json().path("rules_version").asText()).isEqualTo(pool.rulesVersion());
        assertThat(member(summary(team), "alice").path("usage_this_month").asLong()).isZero();
    }

    @Test
    void invitingPastTheSeatsIs422() {
        String team = givenTeam("team", 1);

        assertProblem(call().by("olivia").post("/v1/teams/" + team + "/members",
                "{\"member\":\"alice\",\"role\":\"member\"}"), 422, "no-seats");
    }

    @Test
    void autoTopUpOnAStandardPlanIs422() {
        String team = givenTeam("team", 1);

        Reply reply = call().by("olivia").put("/v1/teams/" + team + "/auto-top-up",
                "{\"enabled\":true,\"threshold\":500,\"amount\":300}");

        assertProblem(reply, 422, "plan-not-eligible");
        assertThat(summary(team).at("/auto_top_up/enabled").asBoolean()).isFalse();
    }

    @Test
    void aMemberMayNotManageIs403WithTheRuleThatSaysSo() {
        String team = givenTeam("team", 3);
        givenMember(team, "alice", "member");

        Reply reply = call().by("alice").post("/v1/teams/" + team + "/members",
                "{\"member\":\"bob\",\"role\":\"member\"}");

        assertProblem(reply, 403, "not-allowed");
        assertThat(reply.json().path("detail").asText()).as("what alice reads: no field prefix")
                .isEqualTo("alice is a member and may not invite members");
        assertThat(reply.json().path("field").asText()).as("the field, for API clients").isEqualTo("by");
        assertThat(reply.json().path("rules")).isNotEmpty();
        assertThat(reply.json().path("balance").asLong()).isEqualTo(1500);
        assertThat(member(summary(team), "bob")).isNull();
    }

    @Test
    void anUnknownMemberIs404() {
        String team = givenTeam("team", 3);

        assertProblem(call().by("mallory").post("/v1/teams/" + team + "/consumptions", "{\"credits\":1}"), 404,
                "unknown-member");
        assertProblem(call().by("olivia").put("/v1/teams/" + team + "/members/nobody/limit", "{\"limit\":1}"), 404,
                "unknown-member");
        assertProblem(call().by("olivia").delete("/v1/teams/" + team + "/members/nobody"), 404, "unknown-member");
    }

    @Test
    void invitingSomeoneAlreadyInTheTeamIsInvalidInputFromTheKernel() {
        String team = givenTeam("team", 3);

        Reply reply = call().by("olivia").post("/v1/teams/" + team + "/members",
                "{\"member\":\"olivia\",\"role\":\"member\"}");

        assertProblem(reply, 400, "invalid-input");
        assertThat(reply.json().path("rules")).isNotEmpty();
        assertThat(reply.json().path("detail").asText()).contains("already a member of team " + team)
                .doesNotContain("product-a");
    }

    @Test
    void aDeclinedCardIs402AndGrantsNothing() {
        String team = givenTeam("team", 1);
        sandbox.behave(TeamId.of("product-a:" + team), Behaviour.DECLINE);

        Reply reply = call().by("olivia").post("/v1/teams/" + team + "/top-ups", "{\"credits\":1000}");

        assertProblem(reply, 402, "payment-declined");
        assertThat(reply.json().path("detail").asText()).contains("declined");
        JsonNode summary = summary(team);
        assertThat(summary.path("top_up_credits").asLong()).isZero();
        assertThat(summary.path("charges").asLong()).isEqualTo(1);
    }

    @Test
    void aPaymentWithoutAnAnswerIs202UntilTheIdempotencyKeyIsReplayedAndIsPaidOnce() {
        String team = givenTeam("team", 1);
        TeamId kernelTeam = TeamId.of("product-a:" + team);
        sandbox.behave(kernelTeam, Behaviour.TIMEOUT);

        Reply pending = call().by("olivia").idempotency("buy-1").post("/v1/teams/" + team + "/top-ups",
                "{\"credits\":1000}");

        assertProblem(pending, 202, "payment-pending");
        assertThat(pending.json().path("hint").asText()).contains("Idempotency-Key");
        assertThat(pending.headers().firstValue("Retry-After")).contains("60");
        assertThat(summary(team).path("top_up_credits").asLong()).isZero();
        assertThat(summary(team).path("pending_purchases").asInt()).isEqualTo(1);

        Reply done = call().by("olivia").idempotency("buy-1").post("/v1/teams/" + team + "/top-ups",
                "{\"credits\":1000}");
        Reply again = call().by("olivia").idempotency("buy-1").post("/v1/teams/" + team + "/top-ups",
                "{\"credits\":1000}");

        assertThat(done.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("balance")).isEqualTo(done.json().path("balance"));
        assertThat(summary(team).path("top_up_credits").asLong()).isEqualTo(1000);
        assertThat(sandbox.charged().stream().filter(c -> c.team().equals(kernelTeam))).hasSize(1);
    }

    @Test
    void aReusedIdempotencyKeyWithAnotherCommandIs409() {
        String team = givenTeam("team", 3);
        call().by("olivia").idempotency("gen-1").post("/v1/teams/" + team + "/consumptions", "{\"credits\":10}");

        Reply reply = call().by("olivia").idempotency("gen-1").post("/v1/teams/" + team + "/consumptions",
                "{\"credits\":11}");

        assertProblem(reply, 409, "request-conflict");
        assertThat(summary(team).path("balance").asLong()).isEqualTo(1490);
    }

    @Test
    void aReplayedIdempotencyKeyAnswersTheSameAndAppliesOnce() {
        String team = givenTeam("team", 3);
        String path = "/v1/teams/" + team + "/consumptions";

        Reply first = call().by("olivia").idempotency("gen-7").post(path, "{\"credits\":120}");
        Reply replay = call().by("olivia").idempotency("gen-7").post(path, "{\"credits\":120}");
        Reply topUp = call().by("olivia").idempotency("top-7").post("/v1/teams/" + team + "/top-ups",
                "{\"credits\":50}");
        Reply topUpReplay = call().by("olivia").idempotency("top-7").post("/v1/teams/" + team + "/top-ups",
                "{\"credits\":50}");

        assertThat(replay.status()).isEqualTo(first.status()).isEqualTo(200);
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(topUpReplay.json().path("balance")).isEqualTo(topUp.json().path("balance"));
        JsonNode summary = summary(team);
        assertThat(member(summary, "olivia").path("usage_this_month").asLong()).isEqualTo(120);
        assertThat(summary.path("balance").asLong()).isEqualTo(1500 - 120 + 50);
        assertThat(summary.path("top_ups").asLong()).isEqualTo(1);
        assertThat(pool.ledger(TeamId.of("product-a:" + team)).stream()
                .filter(e -> e instanceof LedgerEntry.CreditsConsumed)).hasSize(1);
    }

    // ---- who may do what

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource({
        "owner, invite, 200", "admin, invite, 200", "member, invite, 403",
        "owner, change-role, 200", "admin, change-role, 200", "member, change-role, 403",
        "owner, remove, 200", "admin, remove, 200", "member, remove, 403",
        "owner, set-limit, 200", "admin, set-limit, 200", "member, set-limit, 403",
        "owner, top-up, 200", "admin, top-up, 403", "member, top-up, 403",
        "owner, auto-top-up, 200", "admin, auto-top-up, 200", "member, auto-top-up, 403",
        "owner, consume, 200", "admin, consume, 200", "member, consume, 200"})
    void rolesDecideWhoMayDoWhat(String role, String action, int expected) {
        String team = givenTeam("enterprise", 10);
        givenMember(team, "adam", "admin");
        givenMember(team, "mia", "member");
        givenMember(team, "tom", "member");
        String actor = Map.of("owner", "olivia", "admin", "adam", "member", "mia").get(role);
        String base = "/v1/teams/" + team;
        Call as = call().by(actor);

        Reply reply = switch (action) {
            case "invite" -> as.post(base + "/members", "{\"member\":\"newbie\",\"role\":\"member\"}");
            case "change-role" -> as.patch(base + "/members/tom", "{\"role\":\"admin\"}");
            case "remove" -> as.delete(base + "/members/tom");
            case "set-limit" -> as.put(base + "/members/tom/limit", "{\"limit\":300}");
            case "top-up" -> as.post(base + "/top-ups", "{\"credits\":1000}");
            case "auto-top-up" -> as.put(base + "/auto-top-up", "{\"enabled\":true,\"threshold\":5,\"amount\":300}");
            case "consume" -> as.post(base + "/consumptions", "{\"credits\":10}");
            default -> throw new IllegalArgumentException(action);
        };

        boolean allowed = expected == 200;
        if (allowed) {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().path("accepted").asBoolean()).isTrue();
        } else {
            assertProblem(reply, 403, "not-allowed");
            // every refusal reads as a sentence about the member who asked, the field kept apart
            assertThat(reply.json().path("detail").asText()).matches(actor + " is (an admin|a member) and may not .+")
                    .doesNotContain(" is member ", " is admin ");
            assertThat(reply.json().path("field").asText()).isEqualTo("by");
        }
        JsonNode after = summary(team);
        Map<String, Function<JsonNode, Object>> changed = Map.of(
                "invite", s -> member(s, "newbie") != null,
                "change-role", s -> member(s, "tom").path("role").asText().equals("admin"),
                "remove", s -> member(s, "tom") == null,
                "set-limit", s -> member(s, "tom").path("limit").asText().equals("300"),
                "top-up", s -> s.path("top_up_credits").asLong() == 1000,
                "auto-top-up", s -> s.at("/auto_top_up/enabled").asBoolean(),
                "consume", s -> member(s, actor).path("usage_this_month").asLong() == 10);
        assertThat(changed.get(action).apply(after)).as("the change was applied").isEqualTo(allowed);
    }

    // ---- keys and products

    @Test
    void aMissingInvalidOrRevokedKeyIs401AndTheKeyIsNeverEchoed() {
        ApiKeys.Created revoked = keys.create("product-a");
        keys.revoke(revoked.id());
        String unknownButWellFormed = new InMemoryApiKeys().create("product-a").key();

        for (String key : new String[] {null, "", "cp_nonsense", unknownButWellFormed, revoked.key()}) {
            Reply reply = call().key(key).get("/v1/plans");
            assertProblem(reply, 401, "unauthorized");
            assertThat(reply.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            if (key != null && !key.isEmpty()) {
                assertThat(reply.body()).doesNotContain(key);
            }
        }
        Reply basic = call().key(null).header("Authorization", "Basic " + keyA).get("/v1/plans");
        assertProblem(basic, 401, "unauthorized");
        assertThat(basic.body()).doesNotContain(keyA);
        assertProblem(call().key(null).by("olivia").post("/v1/teams/x/consumptions", "{\"credits\":1}"), 401,
                "unauthorized");
    }

    @Test
    void anotherProductsKeyCannotSeeOrTouchATeam() {
        String team = givenTeam("team", 3);
        String base = "/v1/teams/" + team;

        assertProblem(call().key(keyB).get(base), 404, "unknown-team");
        assertProblem(call().key(keyB).get(base + "/ledger"), 404, "unknown-team");
        assertProblem(call().key(keyB).by("olivia").post(base + "/consumptions", "{\"credits\":10}"), 404,
                "unknown-team");
        assertProblem(call().key(keyB).by("olivia").post(base + "/members", "{\"member\":\"eve\",\"role\":\"admin\"}"),
                404, "unknown-team");

        Reply own = call().key(keyB).post("/v1/teams", """
                {"team":"%s","plan":"starter","seats":1,"owner":"eve"}""".formatted(team));
        assertThat(own.status()).isEqualTo(201);
        assertThat(call().key(keyB).get(base).json().path("plan").asText()).isEqualTo("starter");
        JsonNode untouched = summary(team);
        assertThat(untouched.path("plan").asText()).isEqualTo("team");
        assertThat(untouched.path("balance").asLong()).isEqualTo(1500);
        assertThat(member(untouched, "eve")).isNull();
    }

    @Test
    void aTeamIdWithAColonIs400() {
        String team = givenTeam("team", 1);

        assertInvalid(call().get("/v1/teams/product-a:" + team), "team");
        assertInvalid(call().get("/v1/teams/product-a%3A" + team), "team");
        assertInvalid(call().key(keyB).get("/v1/teams/product-a:" + team), "team");
        assertInvalid(call().post("/v1/teams", "{\"team\":\"product-b:x\",\"plan\":\"team\",\"seats\":1,"
                + "\"owner\":\"olivia\"}"), "team");
        assertInvalid(call().get("/v1/teams/-dash"), "team");
    }

    // ---- headers and bodies

    @Test
    void aChangeWithoutTheActingMemberIs400NamingTheHeader() {
        String team = givenTeam("team", 1);

        Reply missing = call().post("/v1/teams/" + team + "/consumptions", "{\"credits\":1}");
        Reply malformed = call().by("not a member id").post("/v1/teams/" + team + "/consumptions", "{\"credits\":1}");
        Reply badKey = call().by("olivia").idempotency("no spaces please").post("/v1/teams/" + team
                + "/consumptions", "{\"credits\":1}");

        assertInvalid(missing, "Creditpool-Member");
        assertThat(missing.json().path("detail").asText()).contains("Creditpool-Member");
        assertInvalid(malformed, "Creditpool-Member");
        assertInvalid(badKey, "Idempotency-Key");
        assertThat(summary(team).path("balance").asLong()).isEqualTo(500);
    }

    @ParameterizedTest(name = "{0} -> 400 on {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"credits\": 12                | body",
        "{\"credits\": 12} trailing      | body",
        "[1, 2]                          | body",
        "''                              | body",
        "{\"credits\": 1, \"credits\": 2} | body",
        "{\"credits\": 1, \"colour\": 2}  | colour",
        "{\"credits\": \"120\"}          | credits",
        "{\"credits\": true}             | credits",
        "{\"credits\": 1.5}              | credits",
        "{\"credits\": 1e3}              | credits",
        "{}                              | credits",
        "{\"credits\": null}             | credits",
        "{\"credits\": 0}                | credits",
        "{\"credits\": -5}               | credits",
        "{\"credits\": 1000000000001}    | credits",
        "{\"credits\": 9223372036854775807} | credits",
        "{\"credits\": 9223372036854775808} | credits",
        "{\"credits\": 100000000000000000000000000000000000000} | credits",
        "{\"credits\": -100000000000000000000000000000000000000} | credits"})
    void badConsumptionBodiesAre400NamingTheField(String body, String field) {
        String team = givenTeam("team", 1);

        Reply reply = call().by("olivia").post("/v1/teams/" + team + "/consumptions", body);

        assertInvalid(reply, field);
        assertThat(summary(team).path("balance").asLong()).isEqualTo(500);
    }

    @ParameterizedTest(name = "{0} {1} -> 400 on {3}")
    @CsvSource(delimiter = '|', value = {
        "POST  | /v1/teams                    | {\"team\":\"t\",\"plan\":\"team\",\"seats\":100000000000000000000,\"owner\":\"o\"} | seats",
        "POST  | /v1/teams                    | {\"team\":\"t\",\"plan\":\"team\",\"seats\":10000000000,\"owner\":\"o\"} | seats",
        "POST  | /v1/teams                    | {\"team\":\"t\",\"plan\":\"team\",\"seats\":0,\"owner\":\"o\"}           | seats",
        "POST  | /v1/teams                    | {\"team\":\"t\",\"plan\":\"team\",\"seats\":1}                          | owner",
        "POST  | /v1/teams                    | {\"team\":\"t\",\"plan\":\"team\",\"seats\":1,\"owner\":\"o\",\"billing_anchor_day\":32} | billing_anchor_day",
        "POST  | /v1/teams                    | {\"team\":\"t\",\"plan\":\"team\",\"seats\":1,\"owner\":\"o!\"}          | owner",
        "POST  | /v1/teams/{team}/members     | {\"member\":\"bob\",\"role\":\"owner\"}                                   | role",
        "POST  | /v1/teams/{team}/members     | {\"member\":\"bob\",\"role\":\"admin\",\"limit\":5}                     | limit",
        "PATCH | /v1/teams/{team}/members/bob | {\"role\":7}                                                             | role",
        "PUT   | /v1/teams/{team}/members/olivia/limit | {\"limit\":\"lots\"}                                              | limit",
        "PUT   | /v1/teams/{team}/members/olivia/limit | {\"limit\":-1}                                                    | limit",
        "PUT   | /v1/teams/{team}/members/olivia/limit | {\"limit\":1000000000001}                                         | limit",
        "PUT   | /v1/teams/{team}/members/olivia/limit | {\"limit\":100000000000000000000000}                              | limit",
        "POST  | /v1/teams/{team}/top-ups     | {\"credits\":100000000000000000000000}                                   | credits",
        "PUT   | /v1/teams/{team}/auto-top-up | {\"enabled\":true,\"threshold\":500}                                     | amount",
        "PUT   | /v1/teams/{team}/auto-top-up | {\"enabled\":\"yes\"}                                                   | enabled",
        "PUT   | /v1/teams/{team}/auto-top-up | {\"enabled\":true,\"threshold\":1000000000001,\"amount\":1}              | threshold",
        "PUT   | /v1/teams/{team}/auto-top-up | {\"enabled\":true,\"threshold\":1,\"amount\":1,\"monthly_cap\":0}        | monthly_cap",
        "PUT   | /v1/teams/{team}/auto-top-up | {\"enabled\":true,\"threshold\":1,\"amount\":1,\"monthly_cap\":1e400}    | monthly_cap",
        "PUT   | /v1/teams/{team}/auto-top-up | {\"enabled\":true,\"threshold\":1,\"amount\":1,\"monthly_cap\":99999999999999999999} | monthly_cap"})
    void badBodiesOnEveryEndpointAre400NamingTheField(String method, String path, String body, String field) {
        String team = givenTeam("enterprise", 2);

        Reply reply = call().by("olivia").send(method, path.replace("{team}", team), body);

        assertInvalid(reply, field);
        assertThat(summary(team).path("balance").asLong()).isEqualTo(2000);
    }

    @Test
    void anOversizedBodyIs413WithOrWithoutALength() {
        String team = givenTeam("team", 1);
        String big = "{\"credits\":1,\"pad\":\"" + "x".repeat(JsonBody.MAX_BYTES) + "\"}";

        Reply announced = call().by("olivia").post("/v1/teams/" + team + "/consumptions", big);
        Reply chunked = call().by("olivia").send("POST", "/v1/teams/" + team + "/consumptions",
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))));

        assertProblem(announced, 413, "body-too-large");
        assertProblem(chunked, 413, "body-too-large");
        assertThat(summary(team).path("balance").asLong()).isEqualTo(500);
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        String team = givenTeam("team", 1);
        String path = "/v1/teams/" + team + "/consumptions";

        assertProblem(call().by("olivia").contentType("text/plain").post(path, "{\"credits\":1}"), 415,
                "unsupported-media-type");
        assertProblem(call().by("olivia").contentType(null).post(path, "{\"credits\":1}"), 415,
                "unsupported-media-type");
        assertThat(call().by("olivia").contentType("Application/JSON; charset=utf-8").post(path, "{\"credits\":1}")
                .status()).isEqualTo(200);
    }

    @Test
    void unknownRoutesAre404AndWrongMethods405AsProblems() {
        assertProblem(call().get("/v1/nothing-here"), 404, "not-found");
        assertProblem(call().key(null).get("/nothing-here"), 404, "not-found");
        assertProblem(call().delete("/v1/plans"), 405, "method-not-allowed");
        assertProblem(call().by("olivia").get("/v1/teams/x/consumptions"), 405, "method-not-allowed");
    }

    // ---- stopping

    @Test
    void closingLetsARequestInFlightFinishThenRefusesConnections() throws Exception {
        HttpService second = HttpService.start(pool, keys, 0);
        String team = "slow-" + TEAMS.incrementAndGet();
        Call onSecond = call().port(second.port());
        assertThat(onSecond.post("/v1/teams", "{\"team\":\"%s\",\"plan\":\"team\",\"seats\":1,\"owner\":\"olivia\"}"
                .formatted(team)).status()).isEqualTo(201);
        TeamId kernelTeam = TeamId.of("product-a:" + team);
        sandbox.answerAfter(Duration.ofMillis(1500));
        try {
            CompletableFuture<Reply> inFlight = CompletableFuture.supplyAsync(
                    () -> onSecond.by("olivia").post("/v1/teams/" + team + "/top-ups", "{\"credits\":100}"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pool.metrics(kernelTeam).orElseThrow().pendingPurchases() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(pool.metrics(kernelTeam).orElseThrow().pendingPurchases()).as("the top-up is charging")
                    .isEqualTo(1);

            long started = System.nanoTime();
            second.close();
            Duration closing = Duration.ofNanos(System.nanoTime() - started);

            Reply finished = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(finished.status()).isEqualTo(200);
            assertThat(finished.json().at("/summary/top_up_credits").asLong()).isEqualTo(100);
            assertThat(closing).isLessThan(HttpService.STOP_WAIT);
            assertThatThrownBy(() -> CLIENT.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + second.port() + "/health")).build(), BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
        } finally {
            sandbox.answerAfter(Duration.ZERO);
        }
    }

    // ---- when the rules or the store fail

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WhenTheRulesOrTheStoreFail {
        final SwitchableStore store = new SwitchableStore();
        Creditpool failing;
        HttpService failingService;

        @BeforeAll
        void start(@TempDir Path rules) throws IOException {
            // consumption rules that neither accept nor deny
            Map<String, String> replaced = Map.of("consumption-order.drl", """
                    package io.creditpool.rules;
                    rule "Plan credits first" when $g : io.creditpool.rules.facts.NewGrant() then $g.setBurnPriority(0); end
                    """);
            for (Map.Entry<String, String> file : RuleSource.shipped().files().entrySet()) {
                Files.writeString(rules.resolve(file.getKey()), replaced.getOrDefault(file.getKey(), file.getValue()));
            }
            failing = Creditpool.builder().clock(new ManualClock(START)).payments(new SandboxPaymentGateway())
                    .store(StoreSettings.MEMORY).rules(rules)
                    .override(binder -> binder.bind(CreditStore.class).toInstance(store)).build();
            failingService = HttpService.start(failing, keys, 0);
        }

        @AfterAll
        void stop() {
            failingService.close();
            failing.close();
        }

        Call onFailing() {
            return call().port(failingService.port());
        }

        @Test
        void rulesThatDecideNothingAre422() {
            assertThat(onFailing().post("/v1/teams", "{\"team\":\"undecided\",\"plan\":\"team\",\"seats\":1,"
                    + "\"owner\":\"olivia\"}").status()).isEqualTo(201);

            Reply reply = onFailing().by("olivia").post("/v1/teams/undecided/consumptions", "{\"credits\":1}");

            assertProblem(reply, 422, "no-decision");
            assertThat(reply.json().path("balance").asLong()).isEqualTo(500);
        }

        @Test
        void aStoreThatDoesNotAnswerIs503AndNotReady() {
            store.failure = "down";
            try {
                Reply reply = onFailing().by("olivia").post("/v1/teams/any/consumptions", "{\"credits\":1}");
                assertProblem(reply, 503, "store-unavailable");
                assertThat(reply.body()).doesNotContain("jdbc");
                assertThat(onFailing().key(null).get("/ready").status()).isEqualTo(503);
            } finally {
                store.failure = null;
            }
            assertThat(onFailing().key(null).get("/ready").status()).isEqualTo(200);
        }

        @Test
        void anythingElseIs500WithoutInternals() {
            store.failure = "broken";
            try {
                Reply reply = onFailing().get("/v1/teams/any");
                assertProblem(reply, 500, "internal-error");
                assertThat(reply.body()).doesNotContain("secret").doesNotContain("Exception").doesNotContain("at io.");
            } finally {
                store.failure = null;
            }
        }
    }

    /** The memory store, made to fail on demand: "down" (unavailable) or "broken" (anything else). */
    static final class SwitchableStore implements CreditStore {
        private final InMemoryCreditStore memory = new InMemoryCreditStore();
        volatile String failure;

        private void check() {
            if ("down".equals(failure)) {
                throw new StoreUnavailableException("jdbc:postgresql://db/credits timed out", null);
            }
            if ("broken".equals(failure)) {
                throw new IllegalStateException("secret internal detail");
            }
        }

        @Override
        public <T> T inTransaction(TeamId team, Function<TeamUnit, T> work) {
            check();
            return memory.inTransaction(team, work);
        }

        @Override
        public <T> T inTransaction(TeamId team, RequestId request, Function<TeamUnit, T> work) {
            check();
            return memory.inTransaction(team, request, work);
        }

        @Override
        public List<LedgerEntry> ledger(TeamId team) {
            check();
            return memory.ledger(team);
        }

        @Override
        public String installationId() {
            return memory.installationId();
        }

        @Override
        public List<TeamId> teams() {
            check();
            return memory.teams();
        }
    }

    // ---- reservations

    @Test
    void aReservationHoldsCreditsThenSettlingSpendsTheCostAndGivesTheRestBack() {
        String team = givenTeam("team", 2);      // 1000 credits
        givenMember(team, "alice", "member");
        String base = "/v1/teams/" + team + "/reservations";

        Reply held = call().by("alice").idempotency("gen-1").post(base, "{\"credits\":300,\"hold_for_seconds\":600}");
        JsonNode during = summary(team);
        Reply spent = call().by("alice").post(base + "/gen-1/settle", "{\"credits\":120}");

        assertThat(held.status()).as(held.body()).isEqualTo(201);
        assertThat(held.json().path("balance").asLong()).isEqualTo(700);
        assertThat(during.path("held").asLong()).isEqualTo(300);
        assertThat(during.path("reservations")).singleElement().satisfies(r -> {
            assertThat(r.path("reservation").asText()).isEqualTo("gen-1");
            assertThat(r.path("member").asText()).isEqualTo("alice");
            assertThat(r.path("expires_at").asText()).isEqualTo("2026-01-05T10:10:00Z");
        });
        assertThat(member(during, "alice").path("usage_this_month").asLong()).as("held counts").isEqualTo(300);
        assertThat(spent.status()).as(spent.body()).isEqualTo(200);
        assertThat(spent.json().path("balance").asLong()).isEqualTo(880);
        JsonNode after = summary(team);
        assertThat(after.path("held").asLong()).isZero();
        assertThat(member(after, "alice").path("usage_this_month").asLong()).isEqualTo(120);
        JsonNode ledger = call().get("/v1/teams/" + team + "/ledger?limit=2").json().path("entries");
        assertThat(ledger.get(0).path("kind").asText()).isEqualTo("settled");
        assertThat(ledger.get(0).path("consumed").asLong()).isEqualTo(120);
        assertThat(ledger.get(0).path("balance_change").asLong()).isEqualTo(180);
        assertThat(ledger.get(1).path("kind").asText()).isEqualTo("reserved");
        assertThat(ledger.get(1).path("credits").asLong()).isEqualTo(300);
    }

    @Test
    void releasingGivesEverythingBackAndReservationsAreRefusedOrDeniedAsTheKernelSays() {
        String team = givenTeam("team", 3);      // 1500 credits
        givenMember(team, "alice", "member");
        givenMember(team, "bob", "member");
        String base = "/v1/teams/" + team + "/reservations";

        assertInvalid(call().by("alice").post(base, "{\"credits\":10}"), "Idempotency-Key");
        assertInvalid(call().by("alice").idempotency("r0").post(base, "{\"credits\":10,\"hold_for_seconds\":0}"),
                "hold_for_seconds");
        assertProblem(call().by("alice").idempotency("r1").post(base, "{\"credits\":5000}"), 402,
                "insufficient-credits");
        assertThat(call().by("alice").idempotency("r2").post(base, "{\"credits\":400}").status()).isEqualTo(201);
        assertProblem(call().by("bob").send("POST", base + "/r2/release", BodyPublishers.noBody()), 403, "not-allowed");
        Reply tooMuch = call().by("alice").post(base + "/r2/settle", "{\"credits\":401}");
        assertProblem(tooMuch, 400, "invalid-input");
        assertThat(tooMuch.json().path("detail").asText()).contains("401 is more than the 400");
        Reply released = call().by("olivia").send("POST", base + "/r2/release", BodyPublishers.noBody());
        assertThat(released.status()).as(released.body()).isEqualTo(200);
        assertThat(released.json().path("balance").asLong()).isEqualTo(1500);
        Reply ended = call().by("alice").post(base + "/r2/settle", "{\"credits\":1}");
        assertProblem(ended, 400, "invalid-input");
        assertThat(ended.json().path("detail").asText()).startsWith("reservation: no open reservation 'r2'");
    }

    // ---- helpers

    /** A new team of product A with owner olivia, billing anchor day 1. */
    static String givenTeam(String plan, int seats) {
        String team = "team-" + TEAMS.incrementAndGet();
        Reply created = call().post("/v1/teams", """
                {"team":"%s","plan":"%s","seats":%d,"owner":"olivia","billing_anchor_day":1}"""
                .formatted(team, plan, seats));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return team;
    }

    static void givenMember(String team, String member, String role) {
        Reply invited = call().by("olivia").post("/v1/teams/" + team + "/members",
                "{\"member\":\"%s\",\"role\":\"%s\"}".formatted(member, role));
        assertThat(invited.status()).as(invited.body()).isEqualTo(200);
    }

    static JsonNode summary(String team) {
        Reply reply = call().get("/v1/teams/" + team);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    /** A member's row in a summary, or null. */
    static JsonNode member(JsonNode summary, String member) {
        for (JsonNode row : summary.path("members")) {
            if (row.path("member").asText().equals(member)) {
                return row;
            }
        }
        return null;
    }

    static void assertProblem(Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.path("type").asText()).isEqualTo("https://creditpool.io/problems/" + code);
        assertThat(problem.path("code").asText()).isEqualTo(code);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
    }

    static void assertInvalid(Reply reply, String field) {
        assertProblem(reply, 400, "invalid-input");
        assertThat(reply.json().path("field").asText()).as(reply.body()).isEqualTo(field);
        assertThat(reply.json().path("detail").asText()).startsWith(field + ": ");
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static Call call() {
        return new Call(service.port(), keyA, null, null, "application/json", Map.of());
    }

    record Reply(int status, HttpHeaders headers, String body) {
        String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        JsonNode json() {
            return HttpServiceTest.json(body);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /** One request as a host product sends it: key of product A and JSON unless told otherwise. */
    record Call(int port, String key, String member, String idempotencyKey, String contentType,
            Map<String, String> extra) {
        Call port(int value) {
            return new Call(value, key, member, idempotencyKey, contentType, extra);
        }

        Call key(String value) {
            return new Call(port, value, member, idempotencyKey, contentType, extra);
        }

        Call by(String value) {
            return new Call(port, key, value, idempotencyKey, contentType, extra);
        }

        Call idempotency(String value) {
            return new Call(port, key, member, value, contentType, extra);
        }

        Call contentType(String value) {
            return new Call(port, key, member, idempotencyKey, value, extra);
        }

        Call header(String name, String value) {
            return new Call(port, key, member, idempotencyKey, contentType, Map.of(name, value));
        }

        Reply get(String path) {
            return send("GET", path, BodyPublishers.noBody());
        }

        Reply delete(String path) {
            return send("DELETE", path, BodyPublishers.noBody());
        }

        Reply post(String path, String body) {
            return send("POST", path, body);
        }

        Reply put(String path, String body) {
            return send("PUT", path, body);
        }

        Reply patch(String path, String body) {
            return send("PATCH", path, body);
        }

        Reply send(String method, String path, String body) {
            return send(method, path, BodyPublishers.ofString(body));
        }

        Reply send(String method, String path, HttpRequest.BodyPublisher body) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(20)).method(method, body);
            if (key != null) {
                request.header("Authorization", "Bearer " + key);
            }
            if (member != null) {
                request.header(HttpService.MEMBER_HEADER, member);
            }
            if (idempotencyKey != null) {
                request.header(HttpService.IDEMPOTENCY_HEADER, idempotencyKey);
            }
            if (contentType != null && !method.equals("GET") && !method.equals("DELETE")) {
                request.header("Content-Type", contentType);
            }
            extra.forEach(request::header);
            try {
                HttpResponse<String> response = CLIENT.send(request.build(), BodyHandlers.ofString());
                return new Reply(response.statusCode(), response.headers(), response.body());
            } catch (IOException e) {
                throw new IllegalStateException(method + " " + path, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(method + " " + path, e);
            }
        }
    }
}
