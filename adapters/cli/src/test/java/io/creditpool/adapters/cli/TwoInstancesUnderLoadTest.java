package io.creditpool.adapters.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.creditpool.Creditpool;
import io.creditpool.adapters.jdbc.TestDatabases;
import io.creditpool.adapters.keys.ApiKeys;
import io.creditpool.adapters.payments.PaymentPlugins;
import io.creditpool.adapters.payments.PurchaseWorker;
import io.creditpool.adapters.payments.http.HttpCardProcessor;
import io.creditpool.adapters.payments.http.ProcessorImitation;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.CreditEvent;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production with two instances, end to end: two {@code serve} processes on one PostgreSQL, the HTTP card plugin on
 * an imitation of a Stripe-style processor, 64 callers spread over both driving consumptions that keep ordering auto
 * top-ups, and one instance killed with SIGKILL and started again mid-run, its callers going on with the same
 * request ids. Half the teams have two capped groups, alice in one and bob in the other, and while the load runs an
 * admin raises one cap, lowers the other below what it has used and moves alice and bob between the groups, through
 * either instance. Afterwards: every request applied once, the processor's charges equal the ledgers'
 * grants, {@code audit} and {@code audit --payments} are clean, no member went past her limit, no balance below zero,
 * every event reached the webhook receiver at least once, and for the groups: walking each ledger in commit order,
 * every consumption counted against the group its member was in at that point (a move keeps past usage with the old
 * group) and the cap as it stood then (the one the last change before it set, whichever instance changed it), and
 * no group's usage ever passed that cap; each group's usage is what its ledger entries add up to, within the highest
 * cap it had; and members were denied {@code group-cap}, so the caps were met.
 */
class TwoInstancesUnderLoadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TEAMS = 16;
    private static final int CALLERS = 64;
    private static final long ALICE_LIMIT = 600;
    private static final Duration RUN = Duration.ofSeconds(20);
    private static final Duration KILL_AFTER = Duration.ofSeconds(6);
    /**
     * The groups of the even teams and their caps as made: alice starts in g1, bob in g2. While the load runs g1's cap
     * is raised to {@link #G1_RAISED} as the two swap groups, then g2's is lowered to {@link #G2_LOWERED}, below what
     * bob has spent in it, as they swap back (see {@link #changeGroupsMidRun}).
     */
    private static final Map<String, Long> CAPS = Map.of("g1", 200L, "g2", 1_000L);
    private static final long G1_RAISED = 500;
    private static final long G2_LOWERED = 150;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One consumption asked for, how it ended, and the denial's code. */
    private record Asked(String team, String id, int status, String code) {
    }

    /** Whether team {@code t} has groups: the even ones. */
    private static boolean grouped(int t) {
        return t % 2 == 0;
    }

    private List<String> settings(ProcessorImitation processor) {
        return List.of("logback.configurationFile=" + Path.of("src/main/resources/logback.xml").toAbsolutePath(),
                PaymentPlugins.PROPERTY + "=http:" + processor.baseUrl(),
                HttpCardProcessor.KEY_PROPERTY + "=" + processor.secretKey(),
                PurchaseWorker.LEASE + "=2s", PurchaseWorker.POLL + "=200ms", PurchaseWorker.WAIT + "=1s",
                "creditpool.webhooks.backoff-ms=200", "creditpool.webhooks.max-backoff-ms=1000");
    }

    private HttpResponse<String> send(String method, String url, String key, String member, String id, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(30));
        if (member != null) {
            request.header("Creditpool-Member", member);
        }
        if (id != null) {
            request.header("Idempotency-Key", id);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return client.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited for: " + what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static ServeProcess serve(StoreSettings store, List<String> settings) throws Exception {
        ServeProcess p = ServeProcess.start(store, settings);
        assertThat(p.url("serving on (http://\\S+) ")).as(p.firstLine()).isNotNull();
        return p;
    }

    @Test
    void twoInstancesOneKilledAndRestartedMidRunLoseAndDoubleNothing() throws Exception {
        StoreSettings store = TestDatabases.postgres();
        String key = ServeProcess.key(store, "shop", ApiKeys.Scope.PRODUCT);
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            delivered.add(exchange.getRequestHeaders().getFirst("Creditpool-Event-Id"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        List<Asked> asked = new ArrayList<>();
        long started;
        long ended;
        long restartedServing;
        try (ProcessorImitation processor = ProcessorImitation.start()) {
            List<String> settings = settings(processor);
            ServeProcess a = serve(store, settings);
            AtomicReference<ServeProcess> b = new AtomicReference<>(serve(store, settings));
            ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
            ExecutorService admins = Executors.newSingleThreadExecutor();   // beside the callers, never behind them
            try {
                String urlA = a.url("serving on (http://\\S+) ");
                for (int t = 0; t < TEAMS; t++) {
                    String team = "t" + t;
                    assertThat(send("POST", urlA + "/v1/teams", key, null, "create-" + team, "{\"team\":\"" + team
                            + "\",\"plan\":\"enterprise\",\"seats\":" + (grouped(t) ? 3 : 2)
                            + ",\"owner\":\"olivia\"}").statusCode()).isEqualTo(201);
                    assertThat(send("POST", urlA + "/v1/teams/" + team + "/members", key, "olivia", "inv-" + team,
                            "{\"member\":\"alice\",\"role\":\"member\"}").statusCode()).isEqualTo(200);
                    assertThat(send("PUT", urlA + "/v1/teams/" + team + "/members/alice/limit", key, "olivia",
                            "limit-" + team, "{\"limit\":" + ALICE_LIMIT + "}").statusCode()).isEqualTo(200);
                    assertThat(send("PUT", urlA + "/v1/teams/" + team + "/auto-top-up", key, "olivia", "auto-" + team,
                            "{\"enabled\":true,\"threshold\":300,\"amount\":1000,\"monthly_cap\":null}")
                            .statusCode()).isEqualTo(200);
                    if (grouped(t)) {
                        assertThat(send("POST", urlA + "/v1/teams/" + team + "/members", key, "olivia", "inv-bob-"
                                + team, "{\"member\":\"bob\",\"role\":\"member\"}").statusCode()).isEqualTo(200);
                        for (Map.Entry<String, Long> g : CAPS.entrySet()) {
                            assertThat(send("POST", urlA + "/v1/teams/" + team + "/groups", key, "olivia", "group-"
                                    + g.getKey() + "-" + team, "{\"group\":\"" + g.getKey() + "\",\"cap\":"
                                    + g.getValue() + "}").statusCode()).isEqualTo(201);
                        }
                        assertThat(send("PUT", urlA + "/v1/teams/" + team + "/members/alice/group", key, "olivia",
                                "alice-g1-" + team, "{\"group\":\"g1\"}").statusCode()).isEqualTo(200);
                        assertThat(send("PUT", urlA + "/v1/teams/" + team + "/members/bob/group", key, "olivia",
                                "bob-g2-" + team, "{\"group\":\"g2\"}").statusCode()).isEqualTo(200);
                    }
                }
                assertThat(send("POST", urlA + "/v1/webhooks", key, null, null, "{\"url\":\"http://127.0.0.1:"
                        + receiver.getAddress().getPort() + "/events\",\"events\":" + JSON.writeValueAsString(
                        CreditEvent.TYPES) + "}").statusCode()).isEqualTo(201);

                started = System.nanoTime();
                long stopAt = started + RUN.toNanos();
                AtomicInteger unanswered = new AtomicInteger();
                List<Future<List<Asked>>> work = new ArrayList<>();
                for (int c = 0; c < CALLERS; c++) {
                    int caller = c;
                    work.add(callers.submit(() -> {
                        List<Asked> mine = new ArrayList<>();
                        for (int n = 0; System.nanoTime() < stopAt; n++) {
                            int t = (caller + n) % TEAMS;
                            String team = "t" + t;
                            String member = n % 3 == 0 ? "alice" : n % 3 == 1 && grouped(t) ? "bob" : "olivia";
                            String id = "c" + caller + "-" + n;
                            Integer status = null;
                            String code = null;
                            // half the callers start on each instance; on no answer, the same request id goes to the
                            // other one, as a load balancer's retry would
                            for (int attempt = 0; status == null && attempt < 40; attempt++) {
                                boolean onA = (caller + attempt) % 2 == 0;
                                String url = (onA ? a : b.get()).url("serving on (http://\\S+) ");
                                try {
                                    HttpResponse<String> r = send("POST", url + "/v1/teams/" + team
                                            + "/consumptions", key, member, id, "{\"credits\":20}");
                                    if (r.statusCode() < 500) {
                                        status = r.statusCode();
                                        code = status >= 400 ? JSON.readTree(r.body()).path("code").asText() : null;
                                    }
                                } catch (java.io.IOException e) {
                                    Thread.sleep(50);   // that instance is down: the other answers
                                }
                            }
                            if (status == null) {
                                unanswered.incrementAndGet();
                            }
                            mine.add(new Asked(team, id, status == null ? -1 : status, code));
                        }
                        return mine;
                    }));
                }
                Future<?> admin = admins.submit(() -> {
                    changeGroupsMidRun(started, key, a, b);
                    return null;
                });
                Thread.sleep(KILL_AFTER.toMillis());
                assertThat(b.get().kill()).as("instance B killed with SIGKILL mid-run").isTrue();
                long restarting = System.nanoTime();
                b.set(serve(store, settings));
                restartedServing = System.nanoTime() - restarting;
                for (Future<List<Asked>> f : work) {
                    asked.addAll(f.get(120, TimeUnit.SECONDS));
                }
                admin.get(120, TimeUnit.SECONDS);
                ended = System.nanoTime();
                assertThat(unanswered.get()).as("requests without a final answer").isZero();

                await("every top-up settled", Duration.ofSeconds(60), () -> {
                    for (int t = 0; t < TEAMS; t++) {
                        try {
                            JsonNode team = JSON.readTree(send("GET", urlA + "/v1/teams/t" + t, key, null, null, null)
                                    .body());
                            if (team.at("/auto_top_up/in_flight").asBoolean()) {
                                return false;
                            }
                        } catch (Exception e) {
                            return false;
                        }
                    }
                    return true;
                });
                await("every event delivered at least once", Duration.ofSeconds(90), () -> {
                    try {
                        return delivered.containsAll(feed(urlA, key));
                    } catch (Exception e) {
                        return false;
                    }
                });
            } finally {
                callers.shutdownNow();
                admins.shutdownNow();
                a.close();
                b.get().close();
                receiver.stop(0);
            }

            int charges = processor.charges().size();
            Set<String> keys = processor.charges().stream().map(ProcessorImitation.Charge::key)
                    .collect(Collectors.toSet());
            assertThat(keys).as("no purchase key charged twice").hasSize(charges);
            try (Creditpool pool = Creditpool.builder().store(store).synchronousPurchases().build()) {
                long grants = 0;
                long consumed = 0;
                for (int t = 0; t < TEAMS; t++) {
                    TeamId team = TeamId.of("shop:t" + t);
                    List<LedgerEntry> ledger = pool.ledger(team);
                    grants += ledger.stream().filter(e -> e instanceof LedgerEntry.CreditsGranted g
                            && g.source() == GrantSource.AUTO_TOP_UP).count();
                    Map<RequestId, Long> consumptions = ledger.stream()
                            .filter(e -> e instanceof LedgerEntry.CreditsConsumed)
                            .map(e -> ((LedgerEntry.CreditsConsumed) e).requestId())
                            .collect(Collectors.groupingBy(r -> r, Collectors.counting()));
                    assertThat(consumptions.values()).as("no request of team t" + t + " applied twice")
                            .containsOnly(1L);
                    String name = "t" + t;
                    Set<RequestId> accepted = asked.stream().filter(x -> x.team().equals(name) && x.status() == 200)
                            .map(x -> RequestId.of(x.id())).collect(Collectors.toSet());
                    assertThat(consumptions.keySet()).as("team t" + t + ": the accepted requests, and no other")
                            .isEqualTo(accepted);
                    consumed += consumptions.size();
                    assertThat(pool.audit(team)).as("audit of team t" + t).isEmpty();
                    assertThat(pool.metrics(team).orElseThrow().balance()).isNotNegative();
                    assertThat(pool.metrics(team).orElseThrow().member(io.creditpool.kernel.domain.MemberId.of(
                            "alice")).usageThisMonth()).as("alice within her limit").isLessThanOrEqualTo(ALICE_LIMIT);
                    if (grouped(t)) {
                        groupsHeld(name, ledger, pool.metrics(team).orElseThrow());
                    }
                }
                long groupCapDenials = asked.stream().filter(x -> "group-cap".equals(x.code())).count();
                assertThat(groupCapDenials).as("consumptions denied group-cap").isPositive();
                assertThat(grants).as("auto top-ups granted, one per charge at the processor").isEqualTo(charges)
                        .isGreaterThan(TEAMS);
                Set<String> ids = new HashSet<>();
                asked.forEach(x -> assertThat(ids.add(x.id())).isTrue());
                double seconds = (ended - started) / 1e9;
                System.out.printf("two instances, %d callers over %d teams, PostgreSQL: %d requests in %.1f s "
                        + "(%.0f/s), %d consumptions applied, %d denied group-cap, %d auto top-ups charged and "
                        + "granted; the killed instance served again %.1f s after its restart began%n", CALLERS, TEAMS,
                        asked.size(), seconds, asked.size() / seconds, consumed, groupCapDenials, charges,
                        restartedServing / 1e9);
            }
            ServeProcess.Ran audit = ServeProcess.run(store, List.of(PaymentPlugins.PROPERTY + "=http:" + processor.baseUrl()
                    + "?timeout=10s", HttpCardProcessor.KEY_PROPERTY + "=" + processor.secretKey()), "audit", "--payments");
            assertThat(audit.exit()).as(audit.out()).isZero();
            assertThat(audit.out()).contains("every balance equals its ledger").contains("they agree");
        }
    }

    /**
     * What an admin of each even team does while the load runs, through either instance (the same request id to the
     * other one when an instance does not answer): at 8 s (about when the killed instance comes back) g1's cap is
     * raised as alice and bob swap groups; at 14 s g2's cap is lowered and they swap back.
     */
    private void changeGroupsMidRun(long started, String key, ServeProcess a, AtomicReference<ServeProcess> b)
            throws Exception {
        List<List<String[]>> phases = List.of(
                // the moves before the cap is raised: alice, held at g1's cap, would take the room it makes at once
                List.of(new String[] {"PUT", "/members/alice/group", "{\"group\":\"g2\"}"},
                        new String[] {"PUT", "/members/bob/group", "{\"group\":\"g1\"}"},
                        new String[] {"PATCH", "/groups/g1", "{\"cap\":" + G1_RAISED + "}"}),
                List.of(new String[] {"PATCH", "/groups/g2", "{\"cap\":" + G2_LOWERED + "}"},
                        new String[] {"PUT", "/members/bob/group", "{\"group\":\"g2\"}"},
                        new String[] {"PUT", "/members/alice/group", "{\"group\":\"g1\"}"}));
        List<Duration> at = List.of(Duration.ofSeconds(8), Duration.ofSeconds(14));
        for (int phase = 0; phase < phases.size(); phase++) {
            long wait = started + at.get(phase).toNanos() - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000);
            }
            for (int t = 0; t < TEAMS; t += 2) {
                for (int change = 0; change < phases.get(phase).size(); change++) {
                    String[] c = phases.get(phase).get(change);
                    String id = "admin-" + phase + "-" + change + "-t" + t;
                    Integer status = null;
                    for (int attempt = 0; status == null && attempt < 40; attempt++) {
                        String url = (attempt % 2 == 0 ? a : b.get()).url("serving on (http://\\S+) ");
                        try {
                            HttpResponse<String> r = send(c[0], url + "/v1/teams/t" + t + c[1], key, "olivia", id,
                                    c[2]);
                            if (r.statusCode() < 500) {
                                status = r.statusCode();
                                assertThat(status).as(id + ": " + r.body()).isEqualTo(200);
                            }
                        } catch (java.io.IOException e) {
                            Thread.sleep(50);   // that instance is down: the other answers
                        }
                    }
                    assertThat(status).as(id + " answered").isNotNull();
                }
            }
        }
    }

    /**
     * The group-cap guarantee of an even team, from its ledger in commit order: each consumption counts against the
     * group its member was in at that point and the cap the group had then, and never takes the group past it; what
     * the ledger adds up to is each group's usage, within the highest cap it had. One cap went up and one down (below
     * its usage, which is allowed: every further credit is refused), so no single cap bounds both: the walk checks
     * each consumption against the cap as it stood, and the usage against the highest cap.
     */
    private static void groupsHeld(String team, List<LedgerEntry> ledger, io.creditpool.kernel.port.in.TeamMetrics m) {
        Map<String, String> groupOf = new java.util.HashMap<>();
        Map<String, Long> cap = new java.util.HashMap<>();
        Map<String, Long> highest = new java.util.HashMap<>();
        Map<String, Long> used = new java.util.HashMap<>();
        Map<String, Set<String>> spentIn = new java.util.HashMap<>();
        java.util.regex.Pattern capSet = java.util.regex.Pattern.compile("cap (\\d+)");
        for (LedgerEntry e : ledger) {
            if (e instanceof LedgerEntry.SettingChanged s && s.setting().startsWith("group of ")) {
                groupOf.put(s.setting().substring("group of ".length()), s.value().equals("none") ? null : s.value());
            } else if (e instanceof LedgerEntry.SettingChanged s && s.setting().startsWith("group ")) {
                java.util.regex.Matcher c = capSet.matcher(s.value());
                if (c.find()) {
                    String g = s.setting().substring("group ".length());
                    cap.put(g, Long.parseLong(c.group(1)));
                    highest.merge(g, cap.get(g), Math::max);
                }
            } else if (e instanceof LedgerEntry.CreditsConsumed c) {
                String member = c.member().value();
                String g = groupOf.get(member);
                assertThat(c.group() == null ? null : c.group().value()).as(team + ": the group of " + c).isEqualTo(g);
                if (g != null) {
                    assertThat(c.groupCap().credits()).as(team + ": the cap " + g + " had at " + c).isEqualTo(
                            cap.get(g));
                    long now = used.merge(g, c.credits(), Long::sum);
                    assertThat(now).as(team + ": " + g + "'s usage after " + c).isLessThanOrEqualTo(cap.get(g));
                    spentIn.computeIfAbsent(member, k -> new HashSet<>()).add(g);
                }
            }
        }
        assertThat(cap).as(team + ": the caps as the run left them").isEqualTo(Map.of("g1", G1_RAISED, "g2",
                G2_LOWERED));
        for (String g : CAPS.keySet()) {
            long usage = m.group(io.creditpool.kernel.domain.GroupId.of(g)).usageThisMonth();
            assertThat(usage).as(team + ": " + g + "'s usage, what its ledger entries add up to")
                    .isEqualTo(used.getOrDefault(g, 0L)).isLessThanOrEqualTo(highest.get(g));
        }
        // bob had room in g1 after the first swap (g1 raised past what alice had spent), so he spent in both groups
        assertThat(spentIn.get("bob")).as(team + ": bob spent in both groups, each kept with its group")
                .containsExactlyInAnyOrder("g1", "g2");
    }

    /** Every event id of product shop in the outbox, through the feed. */
    private Set<String> feed(String url, String key) throws Exception {
        Set<String> ids = new HashSet<>();
        long after = 0;
        while (true) {
            JsonNode page = JSON.readTree(send("GET", url + "/v1/events?after=" + after + "&limit=1000", key, null,
                    null, null).body());
            page.path("events").forEach(e -> ids.add(e.path("id").asText()));
            after = page.path("next_after").asLong();
            if (!page.path("has_more").asBoolean()) {
                return ids;
            }
        }
    }
}
