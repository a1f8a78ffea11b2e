package io.creditpool.adapters.http;

import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.clock.TestClocks;
import io.creditpool.adapters.keys.ApiKeys;
import io.creditpool.adapters.keys.InMemoryApiKeys;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.TeamMetrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A few hundred malformed requests, generated from a fixed seed (so a failure replays exactly), over every route the
 * service answers (the routes {@code openapi.yaml} describes, sandbox and admin ones included): broken paths and
 * escapes, hostile path segments, wrong, missing, doubled or hostile headers, malformed and mistyped bodies, odd
 * methods and framing. Every request is malformed somewhere, so none may change anything. Each answer must be below
 * 500 and, when it is an error, a problem with a code; afterwards the team they aimed at is exactly as it was.
 */
class GeneratedHostileRequestsTest {
    static final long SEED = 13;
    static final int PER_ROUTE = 16;
    static final Instant WALL = Instant.parse("2030-06-15T12:00:00Z");

    static final InMemoryApiKeys keys = new InMemoryApiKeys();
    static Creditpool pool;
    static HttpService service;
    static String key;
    static String operatorKey;

    @BeforeAll
    static void start() {
        key = keys.create("shop").key();
        operatorKey = keys.create("ops", ApiKeys.Scope.OPERATOR).key();
        pool = Creditpool.builder().clock(new TestClocks(new ManualClock(WALL))).payments(new SandboxPaymentGateway())
                .store(StoreSettings.MEMORY).build();
        // every request from one address: the brake on failed keys must not turn them all into 429s
        System.setProperty(AuthThrottle.SETTING, "100000");
        try {
            service = HttpService.start(pool, keys, "127.0.0.1", 0, true);
        } finally {
            System.clearProperty(AuthThrottle.SETTING);
        }
        assertThat(send("POST", "/v1/teams", List.of("Authorization: Bearer " + key,
                "Content-Type: application/json"), ("{\"team\":\"acme\",\"plan\":\"enterprise\",\"seats\":3,"
                + "\"owner\":\"olivia\"}").getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(201);
        assertThat(send("POST", "/v1/teams/acme/members", List.of("Authorization: Bearer " + key,
                "Content-Type: application/json", "Creditpool-Member: olivia"), ("{\"member\":\"alice\",\"role\":"
                + "\"member\"}").getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        service.close();
        pool.close();
    }

    static RawHttp.Answer send(String method, String target, List<String> headers, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n");
        headers.forEach(h -> head.append(h).append("\r\n"));
        boolean framed = headers.stream().anyMatch(h -> h.regionMatches(true, 0, "Content-Length", 0, 14)
                || h.regionMatches(true, 0, "Transfer-Encoding", 0, 17));
        if (body != null && !framed) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            out.writeBytes(body);
        }
        return RawHttp.send(service.port(), out.toByteArray());
    }

    /** Path segments no route may accept as an id: each is malformed as a team, member or reservation. */
    static final List<String> SEGMENTS = List.of("", "%00", "%u0041", "%zz", "%", "a%0Ab", "a%0D%0Ab", "%20",
            "-lead", ".", "..", "a%2Fb", "x".repeat(300), "%C3%28", "z%C3%AB", "%E2%80%AEevil", "a%3Ab", "a b",
            "%25", "%ff%fe", "__proto__%00", "%F0%9F%92%B3", "a\tb", "é");

    /** Bodies no route may accept: malformed JSON, wrong kinds, wrong types, bad numbers, unknown fields. */
    static final List<String> BODIES = List.of("", "{", "}", "[]", "null", "\"x\"", "1", "{\"credits\":NaN}",
            "{\"credits\":-1}", "{\"credits\":0}", "{\"credits\":1e400}", "{\"credits\":99999999999999999999999}",
            "{\"credits\":\"5\"}", "{\"credits\":1.5}", "{\"unknown\":1}", "{\"credits\":1,\"credits\":2}",
            "{\"team\":\"a\\u0000b\",\"plan\":\"team\",\"seats\":1,\"owner\":\"o\"}", "{\"to\":\"+999999999-12-31T23:59:59Z\"}",
            "{\"by\":\"P1000000000Y\"}", "{\"by\":\"PT9223372036854775807S\"}",
            "{\"frozen_at\":\"-999999999-01-01T00:00:00Z\"}", "{\"limit\":-5}", "{\"enabled\":\"yes\"}",
            "{\"behaviour\":\"\\u0000\"}", "{\"member\":\"\",\"role\":\"owner\"}", "{\"role\":\"owner\"}",
            "[".repeat(5000), "{\"a\":" + "{\"a\":".repeat(2000) + "1" + "}".repeat(2001), "{'credits':1}",
            "{\"credits\":1}/*", "{\"seats\":2147483648,\"team\":\"x\",\"plan\":\"team\",\"owner\":\"o\"}",
            "{\"hold_for_seconds\":-1,\"credits\":1}", "{\"hold_for_seconds\":9223372036854775807,\"credits\":1}",
            "{\"threshold\":1,\"amount\":1,\"enabled\":true,\"monthly_cap\":-1}");

    static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS",
            "TRACE", "FOO", "CONNECT");

    @Test
    void malformedRequestsOnEveryRouteAreRefusedAsProblemsAndChangeNothing() {
        TeamId acme = TeamId.of("shop:acme");
        TeamMetrics before = pool.metrics(acme).orElseThrow();
        List<LedgerEntry> ledgerBefore = pool.ledger(acme);
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        int sent = 0;
        List<HttpService.Route> routes = service.routes();
        assertThat(routes).hasSizeGreaterThan(20);
        for (HttpService.Route route : routes) {
            for (int i = 0; i < PER_ROUTE; i++) {
                Request r = hostile(route, random);
                RawHttp.Answer answer = send(r.method, r.target, r.headers, r.body);
                sent++;
                String what = r.method + " " + r.target + " " + r.headers + " -> " + answer.status() + " "
                        + answer.body();
                if (answer.status() >= 500 && answer.status() != 505) {
                    failures.add("5xx: " + what);
                } else if (answer.status() >= 400 && !r.method.equals("HEAD")
                        && !(answer.isProblem() && answer.json().hasNonNull("code"))) {
                    failures.add("not a problem: " + what);
                } else if (answer.status() < 400 && !List.of("GET", "HEAD", "OPTIONS").contains(r.method)) {
                    failures.add("accepted: " + what);
                }
            }
        }
        assertThat(failures).as("of %d requests", sent).isEmpty();
        assertThat(sent).isGreaterThanOrEqualTo(300);
        assertThat(pool.metrics(acme).orElseThrow()).isEqualTo(before);
        assertThat(pool.ledger(acme)).isEqualTo(ledgerBefore);
        assertThat(pool.metrics(TeamId.of("shop:"))).isEmpty();
    }

    private record Request(String method, String target, List<String> headers, byte[] body) {
    }

    /** A request on {@code route} that is malformed in at least one way, chosen by {@code random}. */
    private static Request hostile(HttpService.Route route, Random random) {
        String method = random.nextInt(4) == 0 ? pick(METHODS, random) : route.method();
        boolean segmentBroken = false;
        StringBuilder path = new StringBuilder();
        for (String part : route.path().split("/", -1)) {
            if (part.isEmpty()) {
                continue;
            }
            path.append('/');
            if (part.startsWith("{")) {
                // a real id half the time (the team acme, the member alice), else a hostile one
                if (random.nextBoolean()) {
                    path.append(part.equals("{team}") ? "acme" : part.equals("{member}") ? "alice" : "r1");
                } else {
                    path.append(pick(SEGMENTS, random));
                    segmentBroken = true;
                }
            } else {
                path.append(part);
            }
        }
        String query = switch (random.nextInt(6)) {
            case 0 -> "?limit=%zz";
            case 1 -> "?limit=0&before=-1";
            case 2 -> "?after=%u0031";
            case 3 -> "?limit=9999999999999999999999";
            default -> "";
        };
        List<String> headers = new ArrayList<>();
        String auth = switch (random.nextInt(7)) {
            case 0 -> null;
            case 1 -> "Bearer nope";
            case 2 -> "Basic " + key;
            case 3 -> "Bearer " + operatorKey;
            default -> "Bearer " + key;
        };
        if (auth != null) {
            headers.add("Authorization: " + auth);
        }
        if (random.nextInt(8) == 0) {
            headers.add("Authorization: Bearer " + key);
        }
        headers.add("Content-Type: " + pick(List.of("application/json", "application/json", "application/json",
                "text/plain", "application/json; charset=latin1", "multipart/form-data"), random));
        headers.add("Creditpool-Member: " + pick(List.of("olivia", "olivia", "alice", "a b=c", "zoë", ""), random));
        if (random.nextBoolean()) {
            headers.add("Idempotency-Key: " + pick(List.of("k1", "", "x".repeat(300), "a\u0001b", "k1"), random));
        }
        byte[] body = pick(BODIES, random).getBytes(StandardCharsets.UTF_8);
        switch (random.nextInt(10)) {
            case 0 -> headers.add("Content-Length: " + (body.length + 17));
            case 1 -> {
                headers.add("Transfer-Encoding: chunked");
                body = ("zz\r\n" + new String(body, StandardCharsets.UTF_8) + "\r\n0\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 2 -> headers.add("Expect: 100-continue");
            default -> {
            }
        }
        // a request with a real team and member, a valid key and a body must still be malformed: the body is, by
        // construction, unless the route reads none; then a hostile segment or query makes it so
        if (method.equals("DELETE") && !segmentBroken) {
            // DELETE reads no body: removing alice for real would be a valid request, so break its headers
            headers.add(pick(List.of("Authorization: Bearer nope", "Creditpool-Member: olivia",
                    "Idempotency-Key: twice"), random));
            headers.add(headers.get(headers.size() - 1));
        }
        return new Request(method, path + query, headers, body);
    }

    private static <T> T pick(List<T> values, Random random) {
        return values.get(random.nextInt(values.size()));
    }

}
