package io.creditpool.adapters.http;

import io.creditpool.adapters.keys.InMemoryApiKeys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.clock.TestClocks;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.kernel.domain.TeamId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sandbox mode as a host product's tests call it: teams on test clocks the caller advances, the sandbox processor
 * scripted per team, the events told and the audit; none of it outside sandbox mode, and each product only on its
 * own teams.
 */
class SandboxRoutesTest {
    static final Instant WALL = Instant.parse("2030-06-15T12:00:00Z");
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final AtomicInteger TEAMS = new AtomicInteger();

    static final InMemoryApiKeys keys = new InMemoryApiKeys();
    static Creditpool sandboxPool;
    static Creditpool normalPool;
    static HttpService sandbox;
    static HttpService normal;
    static String keyA;
    static String keyB;

    @BeforeAll
    static void start() {
        keyA = keys.create("product-a").key();
        keyB = keys.create("product-b").key();
        sandboxPool = Creditpool.builder().clock(new TestClocks(new ManualClock(WALL)))
                .payments(new SandboxPaymentGateway()).store(StoreSettings.MEMORY).build();
        sandbox = HttpService.start(sandboxPool, keys, "127.0.0.1", 0, true);
        normalPool = Creditpool.builder().store(StoreSettings.MEMORY).build();
        normal = HttpService.start(normalPool, keys, 0);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
        normal.close();
        sandboxPool.close();
        normalPool.close();
    }

    // ---- test clocks

    @Test
    void aTeamCreatedOnATestClockLivesAtItsFrozenInstant() {
        String team = newTeam();

        Reply clock = send(sandbox, keyA, "POST", "/v1/sandbox/teams/" + team + "/test-clock", null,
                "{\"frozen_at\":\"2026-01-01T00:00:00Z\"}");
        Reply created = createTeam(sandbox, keyA, team);

        assertThat(clock.status()).isEqualTo(201);
        assertThat(clock.json()).isEqualTo(json("{\"team\":\"" + team + "\",\"frozen_at\":\"2026-01-01T00:00:00Z\"}"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().at("/summary/cycle")).isEqualTo(json(
                "{\"start\":\"2026-01-01T00:00:00Z\",\"end\":\"2026-02-01T00:00:00Z\"}"));
        assertThat(sandboxPool.metrics(TeamId.of("product-a:" + team)).orElseThrow().cycle().start())
                .isEqualTo(START);
        assertThat(send(sandbox, keyA, "GET", "/v1/sandbox/teams/" + team + "/test-clock", null, null).json()
                .path("frozen_at").asText()).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void aTeamWithoutATestClockIsOnTheWallClock() {
        String team = newTeam();

        Reply created = createTeam(sandbox, keyA, team);

        assertThat(created.json().at("/summary/cycle/start").asText()).isEqualTo("2030-06-15T12:00:00Z");
        assertThat(send(sandbox, keyA, "GET", "/v1/sandbox/teams/" + team + "/test-clock", null, null).code())
                .isEqualTo("unknown-test-clock");
    }

    @Test
    void advancingTheTestClockAMonthRefreshesThePlanCreditsAndResetsUsage() {
        String team = teamOnTestClock(keyA);
        consume(keyA, team, "olivia", 400);

        Reply advanced = send(sandbox, keyA, "POST", "/v1/sandbox/teams/" + team + "/test-clock/advance", null,
                "{\"by\":\"P1M\"}");
        JsonNode summary = send(sandbox, keyA, "GET", "/v1/teams/" + team, null, null).json();

        assertThat(advanced.status()).isEqualTo(200);
        assertThat(advanced.json().path("frozen_at").asText()).isEqualTo("2026-02-01T00:00:00Z");
        assertThat(summary.path("balance").asLong()).isEqualTo(1000);
        assertThat(summary.at("/cycle/start").asText()).isEqualTo("2026-02-01T00:00:00Z");
        assertThat(summary.at("/members/0/usage_this_month").asLong()).isZero();

        Reply to = send(sandbox, keyA, "POST", "/v1/sandbox/teams/" + team + "/test-clock/advance", null,
                "{\"to\":\"2026-03-01T06:00:00Z\"}");
        assertThat(to.json().path("frozen_at").asText()).isEqualTo("2026-03-01T06:00:00Z");
        assertThat(send(sandbox, keyA, "GET", "/v1/teams/" + team, null, null).json().at("/cycle/start").asText())
                .isEqualTo("2026-03-01T00:00:00Z");
    }

    @Test
    void theTestClockNeverGoesBack() {
        String team = teamOnTestClock(keyA);
        String advance = "/v1/sandbox/teams/" + team + "/test-clock/advance";

        Reply back = send(sandbox, keyA, "POST", advance, null, "{\"to\":\"2025-12-31T23:59:59Z\"}");
        Reply negative = send(sandbox, keyA, "POST", advance, null, "{\"by\":\"P-1D\"}");
        Reply both = send(sandbox, keyA, "POST", advance, null, "{\"to\":\"2026-02-01T00:00:00Z\",\"by\":\"P1D\"}");
        Reply neither = send(sandbox, keyA, "POST", advance, null, "{}");
        Reply unreadable = send(sandbox, keyA, "POST", advance, null, "{\"by\":\"tomorrow\"}");

        assertThat(back.status()).isEqualTo(400);
        assertThat(back.code()).isEqualTo("invalid-input");
        assertThat(back.json().path("field").asText()).isEqualTo("to");
        assertThat(back.json().path("detail").asText()).contains("cannot go back");
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.json().path("field").asText()).isEqualTo("by");
        assertThat(both.status()).isEqualTo(400);
        assertThat(neither.status()).isEqualTo(400);
        assertThat(unreadable.status()).isEqualTo(400);
        assertThat(send(sandbox, keyA, "GET", "/v1/sandbox/teams/" + team + "/test-clock", null, null).json()
                .path("frozen_at").asText()).as("unmoved").isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void aTestClockIsGivenOnceAndOnlyBeforeTheTeamExists() {
        String onClock = teamOnTestClock(keyA);
        String onWall = newTeam();
        createTeam(sandbox, keyA, onWall);

        Reply again = send(sandbox, keyA, "POST", "/v1/sandbox/teams/" + onClock + "/test-clock", null,
                "{\"frozen_at\":\"2027-01-01T00:00:00Z\"}");
        Reply late = send(sandbox, keyA, "POST", "/v1/sandbox/teams/" + onWall + "/test-clock", null,
                "{\"frozen_at\":\"2026-01-01T00:00:00Z\"}");
        Reply noClock = send(sandbox, keyA, "POST", "/v1/sandbox/teams/" + onWall + "/test-clock/advance", null,
                "{\"by\":\"P1D\"}");
        Reply bad = send(sandbox, keyA, "POST", "/v1/sandbox/teams/" + newTeam() + "/test-clock", null,
                "{\"frozen_at\":\"next year\"}");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("test-clock-conflict");
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.json().path("detail").asText()).contains("exists already");
        assertThat(noClock.status()).isEqualTo(404);
        assertThat(noClock.code()).isEqualTo("unknown-test-clock");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("field").asText()).isEqualTo("frozen_at");
    }

    // ---- payments, events, audit

    @Test
    void scriptedDeclinesAreTheTeamsAloneAndShowInItsPaymentsAndEvents() {
        String team = teamOnTestClock(keyA);
        String other = teamOnTestClock(keyA);

        Reply scripted = send(sandbox, keyA, "PUT", "/v1/sandbox/teams/" + team + "/payments", null,
                "{\"behaviour\":\"decline\"}");
        Reply declined = topUp(keyA, team, 100);
        Reply paidElsewhere = topUp(keyA, other, 100);
        send(sandbox, keyA, "PUT", "/v1/sandbox/teams/" + team + "/payments", null, "{\"behaviour\":\"accept\"}");
        Reply paid = topUp(keyA, team, 50);
        Reply payments = send(sandbox, keyA, "GET", "/v1/sandbox/teams/" + team + "/payments", null, null);

        assertThat(scripted.status()).isEqualTo(200);
        assertThat(scripted.json().path("behaviour").asText()).isEqualTo("decline");
        assertThat(declined.status()).isEqualTo(402);
        assertThat(declined.code()).isEqualTo("payment-declined");
        assertThat(paidElsewhere.status()).isEqualTo(200);
        assertThat(paid.status()).isEqualTo(200);
        assertThat(payments.json().path("behaviour").asText()).isEqualTo("accept");
        assertThat(payments.json().path("paid").asInt()).isEqualTo(1);
        assertThat(payments.json().path("attempts").asInt()).isEqualTo(2);
        assertThat(payments.json().at("/charges/0/amount").asLong()).as("50 credits at 2 cents").isEqualTo(100);
        assertThat(payments.json().at("/charges/0/idempotency_key").asText()).doesNotContain("product-a:");

        Reply events = send(sandbox, keyA, "GET", "/v1/sandbox/teams/" + team + "/events", null, null);
        assertThat(events.status()).isEqualTo(200);
        assertThat(events.json().path("events")).extracting(e -> e.path("event").asText())
                .containsExactly("top-up-declined", "top-up-succeeded");
        assertThat(events.json().at("/events/0/seq").asLong()).isEqualTo(1);
        assertThat(events.json().at("/events/0/owner").asText()).isEqualTo("olivia");
        assertThat(events.json().at("/events/0/at").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(events.json().path("next_after").asLong()).isEqualTo(2);
        Reply later = send(sandbox, keyA, "GET", "/v1/sandbox/teams/" + team + "/events?after=1", null, null);
        assertThat(later.json().path("events")).extracting(e -> e.path("event").asText())
                .containsExactly("top-up-succeeded");
        assertThat(send(sandbox, keyA, "GET", "/v1/sandbox/teams/" + team + "/events?after=-1", null, null).status())
                .isEqualTo(400);
    }

    @Test
    void anUnknownBehaviourIsRefusedNamingTheWords() {
        Reply wrong = send(sandbox, keyA, "PUT", "/v1/sandbox/teams/" + teamOnTestClock(keyA) + "/payments", null,
                "{\"behaviour\":\"explode\"}");

        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().path("detail").asText()).contains("accept", "fail-then-succeed");
    }

    @Test
    void theAuditOfASoundTeamFindsNothingBroken() {
        String team = teamOnTestClock(keyA);
        consume(keyA, team, "olivia", 10);

        Reply audit = send(sandbox, keyA, "GET", "/v1/sandbox/teams/" + team + "/audit", null, null);

        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.json()).isEqualTo(json("{\"team\":\"" + team + "\",\"broken\":[]}"));
        assertThat(send(sandbox, keyA, "GET", "/v1/sandbox/teams/" + newTeam() + "/audit", null, null).code())
                .isEqualTo("unknown-team");
    }

    // ---- scoping and mode

    @Test
    void aProductSeesAndScriptsOnlyItsOwnTeams() {
        String team = teamOnTestClock(keyA);

        Reply clockOfB = send(sandbox, keyB, "GET", "/v1/sandbox/teams/" + team + "/test-clock", null, null);
        Reply advanceOfB = send(sandbox, keyB, "POST", "/v1/sandbox/teams/" + team + "/test-clock/advance", null,
                "{\"by\":\"P1M\"}");
        Reply eventsOfB = send(sandbox, keyB, "GET", "/v1/sandbox/teams/" + team + "/events", null, null);
        Reply auditOfB = send(sandbox, keyB, "GET", "/v1/sandbox/teams/" + team + "/audit", null, null);
        send(sandbox, keyB, "PUT", "/v1/sandbox/teams/" + team + "/payments", null, "{\"behaviour\":\"decline\"}");
        Reply topUpOfA = topUp(keyA, team, 10);

        assertThat(clockOfB.code()).isEqualTo("unknown-test-clock");
        assertThat(advanceOfB.code()).isEqualTo("unknown-test-clock");
        assertThat(eventsOfB.code()).isEqualTo("unknown-team");
        assertThat(auditOfB.code()).isEqualTo("unknown-team");
        assertThat(topUpOfA.status()).as("B's script is for B's team of that name").isEqualTo(200);
        assertThat(send(sandbox, keyA, "GET", "/v1/sandbox/teams/" + team + "/test-clock", null, null).json()
                .path("frozen_at").asText()).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void sandboxRoutesNeedAKey() {
        Reply noKey = send(sandbox, null, "GET", "/v1/sandbox/teams/acme/test-clock", null, null);

        assertThat(noKey.status()).isEqualTo(401);
    }

    @Test
    void outsideSandboxModeTheSandboxRoutesDoNotExist() {
        String team = newTeam();
        for (String[] route : new String[][] {
                {"POST", "/test-clock", "{\"frozen_at\":\"2026-01-01T00:00:00Z\"}"}, {"GET", "/test-clock", null},
                {"POST", "/test-clock/advance", "{\"by\":\"P1D\"}"},
                {"PUT", "/payments", "{\"behaviour\":\"decline\"}"},
                {"GET", "/payments", null}, {"GET", "/events", null}, {"GET", "/audit", null}}) {
            Reply reply = send(normal, keyA, route[0], "/v1/sandbox/teams/" + team + route[1], null, route[2]);

            assertThat(reply.status()).as(route[0] + " " + route[1]).isEqualTo(404);
            assertThat(reply.code()).isEqualTo("not-found");
        }
        assertThat(normal.routes()).noneMatch(r -> r.path().startsWith("/v1/sandbox"));
    }

    @Test
    void sandboxModeNeedsTestClocksAndTheSandboxProcessor() {
        try (Creditpool wallClock = Creditpool.builder().payments(new SandboxPaymentGateway()).build()) {
            assertThatThrownBy(() -> HttpService.start(wallClock, keys, "127.0.0.1", 0, true))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TestClocks");
        }
        try (Creditpool otherPayments = Creditpool.builder().clock(new TestClocks())
                .payments(request -> { throw new IllegalStateException("no"); }).build()) {
            assertThatThrownBy(() -> HttpService.start(otherPayments, keys, "127.0.0.1", 0, true))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SandboxPaymentGateway");
        }
    }

    // ---- helpers

    static String newTeam() {
        return "team-" + TEAMS.incrementAndGet();
    }

    /** A team of the key's product on plan "team" (1000 credits, 2 cents a credit), on a test clock at START. */
    static String teamOnTestClock(String key) {
        String team = newTeam();
        Reply clock = send(sandbox, key, "POST", "/v1/sandbox/teams/" + team + "/test-clock", null,
                "{\"frozen_at\":\"" + START + "\"}");
        assertThat(clock.status()).as(clock.body()).isEqualTo(201);
        assertThat(createTeam(sandbox, key, team).status()).isEqualTo(201);
        return team;
    }

    static Reply createTeam(HttpService service, String key, String team) {
        return send(service, key, "POST", "/v1/teams", null,
                "{\"team\":\"" + team + "\",\"plan\":\"team\",\"seats\":2,\"owner\":\"olivia\","
                        + "\"billing_anchor_day\":1}");
    }

    static Reply consume(String key, String team, String member, long credits) {
        return send(sandbox, key, "POST", "/v1/teams/" + team + "/consumptions", member,
                "{\"credits\":" + credits + "}");
    }

    static Reply topUp(String key, String team, long credits) {
        return send(sandbox, key, "POST", "/v1/teams/" + team + "/top-ups", "olivia", "{\"credits\":" + credits + "}");
    }

    record Reply(int status, String body) {
        JsonNode json() {
            return SandboxRoutesTest.json(body);
        }

        String code() {
            return json().path("code").asText();
        }
    }

    static Reply send(HttpService service, String key, String method, String path, String member, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (member != null) {
            request.header(HttpService.MEMBER_HEADER, member);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
