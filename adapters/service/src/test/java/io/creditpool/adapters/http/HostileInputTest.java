package io.creditpool.adapters.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.clock.TestClocks;
import io.creditpool.adapters.keys.InMemoryApiKeys;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.TeamId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service under hostile input, sent byte by byte as an attacker would: whatever layer refuses a request (a
 * route, Javalin, Jetty's parser or its servlet layer), the answer is a problem with a stable code, bad input is
 * never a 5xx, nothing changes, and nothing a caller sends can forge a log line.
 */
class HostileInputTest {
    static final Instant WALL = Instant.parse("2030-06-15T12:00:00Z");
    static final AtomicInteger TEAMS = new AtomicInteger();
    static final InMemoryApiKeys keys = new InMemoryApiKeys();
    static Creditpool pool;
    static HttpService service;
    static String key;

    @BeforeAll
    static void start() {
        key = keys.create("shop").key();
        pool = Creditpool.builder().clock(new TestClocks(new ManualClock(WALL))).payments(new SandboxPaymentGateway())
                .store(StoreSettings.MEMORY).build();
        service = HttpService.start(pool, keys, "127.0.0.1", 0, true);
    }

    @AfterAll
    static void stop() {
        service.close();
        pool.close();
    }

    static RawHttp.Answer send(String method, String target, Map<String, String> headers, String body) {
        return RawHttp.send(service.port(), method, target, headers,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, String> auth(String... more) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + key);
        headers.put("Content-Type", "application/json");
        for (int i = 0; i < more.length; i += 2) {
            headers.put(more[i], more[i + 1]);
        }
        return headers;
    }

    static void assertProblem(RawHttp.Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.body()).startsWith("application/problem+json");
        assertThat(answer.json().path("code").asText()).as(answer.body()).isEqualTo(code);
        assertThat(answer.json().path("status").asInt()).isEqualTo(status);
    }

    static String newTeam() {
        String team = "t" + TEAMS.incrementAndGet();
        RawHttp.Answer created = send("POST", "/v1/teams", auth(), """
                {"team":"%s","plan":"team","seats":3,"owner":"olivia","billing_anchor_day":1}""".formatted(team));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return team;
    }

    // ---- 1. a request that never ends

    @Test
    void aTestClockAtTheEndOfTimeIsRefusedAndItsLargestReachableInstantAnswersAtOnce() {
        String team = "clock" + TEAMS.incrementAndGet();
        String clock = "/v1/sandbox/teams/" + team + "/test-clock";
        assertThat(send("POST", clock, auth(), "{\"frozen_at\":\"2026-01-01T00:00:00Z\"}").status()).isEqualTo(201);
        assertThat(send("POST", "/v1/teams", auth(), "{\"team\":\"" + team + "\",\"plan\":\"team\",\"seats\":1,"
                + "\"owner\":\"olivia\"}").status()).isEqualTo(201);

        RawHttp.Answer endOfTime = send("POST", clock + "/advance", auth(), "{\"to\":\"+999999999-12-31T23:59:59Z\"}");
        assertProblem(endOfTime, 400, "invalid-input");
        assertThat(endOfTime.json().path("field").asText()).isEqualTo("to");
        for (String by : List.of("P1000000000Y", "PT9223372036854775807S", "P10001Y")) {
            RawHttp.Answer tooFar = send("POST", clock + "/advance", auth(), "{\"by\":\"" + by + "\"}");
            assertProblem(tooFar, 400, "invalid-input");
            assertThat(tooFar.json().path("field").asText()).isEqualTo("by");
        }
        assertThat(send("GET", clock, auth(), null).json().path("frozen_at").asText())
                .isEqualTo("2026-01-01T00:00:00Z");

        assertThat(send("POST", clock + "/advance", auth(), "{\"to\":\"9999-12-31T23:59:59Z\"}").status())
                .isEqualTo(200);
        RawHttp.Answer summary = send("GET", "/v1/teams/" + team, auth(), null);
        assertThat(summary.status()).as(summary.body()).isEqualTo(200);
        assertThat(summary.json().at("/cycle/start").asText()).isEqualTo("9999-12-01T00:00:00Z");
        assertThat(summary.json().path("plan_credits").asLong()).isEqualTo(500);
        assertProblem(send("POST", clock + "/advance", auth(), "{\"by\":\"PT1S\"}"), 400, "invalid-input");
        assertThat(send("GET", "/v1/sandbox/teams/" + team + "/audit", auth(), null).json().path("broken"))
                .isEmpty();
    }

    @Test
    void aTeamIsCreatedOnAClockFrozenAtTheLatestInstant() {
        String team = "late" + TEAMS.incrementAndGet();
        String clock = "/v1/sandbox/teams/" + team + "/test-clock";
        assertProblem(send("POST", clock, auth(), "{\"frozen_at\":\"+1000000000-01-01T00:00:00Z\"}"), 400,
                "invalid-input");
        assertProblem(send("POST", clock, auth(), "{\"frozen_at\":\"-999999999-01-01T00:00:00Z\"}"), 400,
                "invalid-input");
        assertThat(send("POST", clock, auth(), "{\"frozen_at\":\"9999-12-31T23:59:59Z\"}").status()).isEqualTo(201);
        RawHttp.Answer created = send("POST", "/v1/teams", auth(), "{\"team\":\"" + team + "\",\"plan\":\"team\","
                + "\"seats\":1,\"owner\":\"olivia\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().at("/summary/cycle/end").asText()).isEqualTo("+10000-01-31T00:00:00Z");
    }

    // ---- 2. bad input is never a 5xx

    @ParameterizedTest
    @ValueSource(strings = {"GET /v1/teams/%u0041", "GET /v1/teams/%u00e9", "DELETE /v1/teams/t/members/%u0041",
            "POST /v1/teams/t/reservations/%u00e9/release", "GET /v1/teams/t/ledger?limit=%zz",
            "GET /v1/teams/%zz", "GET /v1/teams/a%", "GET /v1/sandbox/teams/t/events?after=%u0031"})
    void brokenPercentEscapesAre400NamingWhereTheyAre(String request) {
        String[] parts = request.split(" ");
        RawHttp.Answer answer = send(parts[0], parts[1], auth("Creditpool-Member", "olivia"), null);
        assertProblem(answer, 400, "invalid-input");
        assertThat(answer.json().path("field").asText()).isIn("path", "limit", "after", "request");
    }

    @Test
    void aChunkSizeThatIsNotHexIs400() {
        RawHttp.Answer answer = send("POST", "/v1/teams", auth("Transfer-Encoding", "chunked"),
                "zz\r\n{\"team\":\"x\"}\r\n0\r\n\r\n");
        assertProblem(answer, 400, "invalid-input");
    }

    @Test
    void aBodyShorterThanItsContentLengthIs400AndCreatesNothing() {
        String team = "short" + TEAMS.incrementAndGet();
        String body = "{\"team\":\"" + team + "\",\"plan\":\"team\",\"seats\":1,\"owner\":\"olivia\"}";
        RawHttp.Answer answer = send("POST", "/v1/teams", auth("Content-Length", Integer.toString(body.length() + 40)),
                body);
        assertProblem(answer, 400, "invalid-input");
        assertThat(pool.metrics(TeamId.of("shop:" + team))).isEmpty();
    }

    // ---- 4. every answer is a problem, whatever layer refuses it

    @Test
    void jettysOwnRefusalsAreProblemsToo() {
        assertProblem(send("GET", "/v1/teams/a%00b", auth(), null), 400, "invalid-input");
        assertProblem(send("GET", "/v1/teams/t", auth("Creditpool-Member", "a\u0001b"), null), 400,
                "invalid-input");
        assertProblem(send("GET", "/v1/teams/" + "a".repeat(20_000), auth(), null), 414, "uri-too-long");
        assertProblem(send("GET", "/v1/teams/t", auth("X-Padding", "p".repeat(20_000)), null), 431,
                "headers-too-large");
        assertProblem(send("POST", "/v1/teams", auth("Expect", "teapot"), "{}"), 417, "expectation-failed");
        RawHttp.Answer version = RawHttp.send(service.port(), "GET /health HTTP/7.1\r\nHost: x\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(version.status()).isIn(400, 505);
        assertThat(version.isProblem()).as(version.body()).isTrue();
    }

    @Test
    void jsonErrorsAreWordedForTheCallerNotForTheParsersProgrammers() {
        for (String body : List.of("{\"team\":NaN}", "{'team':1}", "{\"team\":\"a\"}/*x*/", "{team:1}")) {
            RawHttp.Answer answer = send("POST", "/v1/teams", auth(), body);
            assertProblem(answer, 400, "invalid-input");
            assertThat(answer.json().path("detail").asText()).as(body)
                    .doesNotContain("Feature", "enable", "JsonRead", "jackson");
        }
    }

    @Test
    void headerValuesInUtf8ComeBackAsWritten() {
        String team = newTeam();
        RawHttp.Answer answer = send("POST", "/v1/teams/" + team + "/consumptions",
                auth("Creditpool-Member", "zoë"), "{\"credits\":1}");
        assertProblem(answer, 400, "invalid-input");
        assertThat(answer.json().path("detail").asText()).contains("'zoë'");
    }

    // ---- 8. smaller

    @ParameterizedTest
    @ValueSource(strings = {"Authorization", "Creditpool-Member", "Idempotency-Key"})
    void aHeaderSentTwiceIs400NamingItAndChangesNothing(String header) {
        String team = newTeam();
        String head = "POST /v1/teams/" + team + "/consumptions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: 13\r\nAuthorization: Bearer " + key + "\r\n"
                + "Creditpool-Member: olivia\r\nIdempotency-Key: k1\r\n" + header + ": "
                + (header.equals("Authorization") ? "Bearer " + key : "other") + "\r\n\r\n{\"credits\":5}";
        RawHttp.Answer answer = RawHttp.send(service.port(), head.getBytes(StandardCharsets.US_ASCII));
        assertProblem(answer, 400, "invalid-input");
        assertThat(answer.json().path("field").asText()).isEqualTo(header);
        assertThat(pool.metrics(TeamId.of("shop:" + team)).orElseThrow().balance()).isEqualTo(1500);
    }

    @Test
    void sandboxPaymentsOfATeamThatDoesNotExistAre404() {
        assertProblem(send("GET", "/v1/sandbox/teams/nobody/payments", auth(), null), 404, "unknown-team");
        assertProblem(send("PUT", "/v1/sandbox/teams/nobody/payments", auth(), "{\"behaviour\":\"decline\"}"), 404,
                "unknown-team");
    }

    // ---- 3. logs that cannot be forged

    private static final Pattern FIELD = Pattern.compile(" ([a-z_]+)=(\"(?:[^\"\\\\]|\\\\.)*\"|[^ \"]+)");

    /** The key=value fields of a request line, values unescaped; fails when anything is left over. */
    static Map<String, String> parse(String line) {
        assertThat(line).doesNotContain("\n", "\r").startsWith("request");
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(line);
        int at = "request".length();
        while (m.find() && m.start() == at) {
            String value = m.group(2);
            if (value.startsWith("\"")) {
                value = value.substring(1, value.length() - 1).replace("\\n", "\n").replace("\\r", "\r")
                        .replace("\\t", "\t").replace("\\\"", "\"").replace("\\\\", "\\");
            }
            assertThat(fields.put(m.group(1), value)).as("field %s twice in %s", m.group(1), line).isNull();
            at = m.end();
        }
        assertThat(at).as("all of: " + line).isEqualTo(line.length());
        return fields;
    }

    @Test
    void hostileValuesAreWrittenToTheLogAsValuesNeverAsFieldsOrLines() {
        Logger logger = (Logger) LoggerFactory.getLogger("io.creditpool.http");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.addAppender(lines);
        try {
            send("GET", "/v1/teams/x%0A2026-01-01T00:00:00Z%20level=ERROR%20forged=1", auth(
                    "Creditpool-Member", "a b=c status=200"), null);
            Map<String, String> wrongKey = new LinkedHashMap<>(Map.of("Authorization", "Bearer nope",
                    "Creditpool-Member", "mallory admin=true \"x\\"));
            send("GET", "/v1/teams/t", wrongKey, null);
        } finally {
            logger.detachAppender(lines);
            logger.setLevel(level);
        }
        List<Map<String, String>> parsed = lines.list.stream().map(ILoggingEvent::getFormattedMessage)
                .map(HostileInputTest::parse).toList();
        assertThat(parsed).hasSize(2);
        assertThat(parsed.get(0)).containsEntry("member", "a b=c status=200")
                .containsEntry("team", "x\n2026-01-01T00:00:00Z level=ERROR forged=1").doesNotContainKey("forged");
        assertThat(parsed.get(1)).containsEntry("status", "401").containsEntry("member", "mallory admin=true \"x\\")
                .doesNotContainKey("admin");
    }
}
