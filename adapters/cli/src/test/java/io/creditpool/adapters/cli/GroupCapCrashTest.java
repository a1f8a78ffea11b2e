package io.creditpool.adapters.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditpool.Creditpool;
import io.creditpool.adapters.jdbc.JdbcCreditStore;
import io.creditpool.adapters.jdbc.TestDatabases;
import io.creditpool.adapters.keys.ApiKeys;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.GroupId;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.CreditStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The group-cap guarantee, {@code usage(group, month) <= cap(group)}, across crashes: {@code serve} in a JVM of its
 * own on SQLite (the default store) and on PostgreSQL, a team with two capped groups and a member in none, 16 callers
 * consuming and reserving (held credits count; some settled, some released, some left held) over HTTP far past the
 * caps, and the service killed with SIGKILL twice mid-load and started again on the same store, the callers going on
 * with the same request ids (a request whose answer was lost is asked again until it is answered). Checked while it
 * runs and afterwards: no group's usage, as the service shows it, ever passes its cap; it equals what the answers
 * accepted and what the ledger holds for the group's members (request ids in the ledger are exactly the accepted
 * ones, each once); every request asked again with its id answers as it first did and changes nothing; the balance
 * is not negative, the audit is clean, and requests were denied {@code group-cap}, so the caps were reached.
 */
class GroupCapCrashTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CALLERS = 16;
    private static final int KILLS = 2;
    /** Answers between one start of the service and its kill; the last run goes on until the caps have bitten. */
    private static final int ANSWERS_PER_RUN = 250;
    private static final long RESERVED = 15;
    private static final Duration DEADLINE = Duration.ofSeconds(180);
    /**
     * The groups and their caps, and who is in which (nora is in none: nothing caps her). Sized so that design's
     * members reach its cap after about one restart and research's after about two; once a group is at its cap,
     * what released reservations give back lets a few more in, so its cap is met again and again after each restart.
     */
    private static final Map<String, Long> CAPS = Map.of("design", 600L, "research", 700L);
    private static final Map<String, String> GROUP_OF = Map.of("alice", "design", "bob", "design", "carol", "design",
            "dave", "design", "erin", "research", "frank", "research", "grace", "research");
    private static final List<String> MEMBERS = List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace",
            "nora");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicReference<String> url = new AtomicReference<>();
    private static final AtomicInteger STARTS = new AtomicInteger();

    /** One request asked, its final answer, and whether an answer to it was lost on the way (the service died). */
    private record Asked(String kind, String id, String path, String member, String body, long credits, int status,
            String code, boolean lost) {
        boolean accepted() {
            return status == 200 || status == 201;
        }
    }

    private List<String> settings() {
        return List.of("logback.configurationFile=" + Path.of("src/main/resources/logback.xml").toAbsolutePath());
    }

    private HttpResponse<String> send(String method, String path, String key, String member, String id, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.get() + path))
                .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(30));
        if (member != null) {
            request.header("Creditpool-Member", member);
        }
        if (id != null) {
            request.header("Idempotency-Key", id);
        }
        if (body != null) {
            request.header("Content-Type", "application/json").header("Prefer", "return=minimal");
        }
        return client.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends a POST until the service answers it (not 5xx), the same request id each time, as a product's retry
     * does while the service is down or starting again.
     */
    private Asked ask(String kind, String key, String path, String member, String id, String body, long credits)
            throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        boolean lost = false;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = send("POST", path, key, member, id, body);
                if (r.statusCode() < 500) {
                    String code = r.statusCode() >= 400 ? JSON.readTree(r.body()).path("code").asText() : null;
                    return new Asked(kind, id, path, member, body, credits, r.statusCode(), code, lost);
                }
            } catch (IOException e) {
                // the service died with the request, or is not up again yet: ask again with the same id
            }
            lost = true;
            Thread.sleep(50);
        }
        throw new AssertionError("no answer to " + id + " within " + DEADLINE);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited for: " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private ServeProcess serve(StoreSettings store) throws Exception {
        // each start's log in a file of its own, kept beside the test's reports
        Path log = Files.createDirectories(Path.of("target", "group-cap-crash"))
                .resolve("serve-" + STARTS.incrementAndGet() + ".log");
        ServeProcess p = ServeProcess.start(store, settings(), log);
        String at = p.url("serving on (http://\\S+) ");
        assertThat(at).as(p.firstLine()).isNotNull();
        url.set(at);
        return p;
    }

    /** Each group's usage this month, as the service shows it; its caps checked on the way. */
    private Map<String, Long> groupUsage(String key) throws Exception {
        HttpResponse<String> r = send("GET", "/v1/teams/acme/groups", key, null, null, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode groups = JSON.readTree(r.body());
        Map<String, Long> usage = new HashMap<>();
        for (JsonNode g : groups.path("groups")) {
            usage.put(g.path("group").asText(), g.path("usage_this_month").asLong());
            assertThat(g.path("cap").asLong()).isEqualTo(CAPS.get(g.path("group").asText()));
        }
        assertThat(usage.keySet()).isEqualTo(CAPS.keySet());
        return usage;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void groupsNeverPassTheirCapsWhenTheServiceIsKilledMidLoad(String kind) throws Exception {
        StoreSettings store = TestDatabases.of(kind);
        String key = ServeProcess.key(store, "shop", ApiKeys.Scope.PRODUCT);
        List<Asked> asked = new ArrayList<>();
        Map<String, Long> highest = new ConcurrentHashMap<>();   // the most each group was seen to use
        AtomicInteger answers = new AtomicInteger();
        AtomicInteger groupCapDenials = new AtomicInteger();
        Map<String, Integer> deniedIn = new ConcurrentHashMap<>();   // group -> requests denied group-cap
        List<Map<String, Integer>> deniedAtKills = new ArrayList<>();
        AtomicInteger lostAnswers = new AtomicInteger();
        Map<String, Long> usageAtEnd;
        long balanceAtEnd;
        long started = System.nanoTime();
        AtomicReference<ServeProcess> service = new AtomicReference<>(serve(store));
        ExecutorService threads = Executors.newFixedThreadPool(CALLERS + 1);
        try {
            assertThat(send("POST", "/v1/teams", key, null, "create", "{\"team\":\"acme\",\"plan\":\"enterprise\","
                    + "\"seats\":10,\"owner\":\"olivia\"}").statusCode()).isEqualTo(201);
            for (Map.Entry<String, Long> g : CAPS.entrySet()) {
                HttpResponse<String> made = send("POST", "/v1/teams/acme/groups", key, "olivia", "group-" + g.getKey(),
                        "{\"group\":\"" + g.getKey() + "\",\"cap\":" + g.getValue() + "}");
                assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
            }
            for (String m : MEMBERS) {
                assertThat(send("POST", "/v1/teams/acme/members", key, "olivia", "inv-" + m,
                        "{\"member\":\"" + m + "\",\"role\":\"member\"}").statusCode()).isEqualTo(200);
                if (GROUP_OF.containsKey(m)) {
                    assertThat(send("PUT", "/v1/teams/acme/members/" + m + "/group", key, "olivia", "move-" + m,
                            "{\"group\":\"" + GROUP_OF.get(m) + "\"}").statusCode()).isEqualTo(200);
                }
            }

            AtomicBoolean stop = new AtomicBoolean();
            // what the service shows while it runs: never past a cap, whatever instant it is read at
            Future<?> watcher = threads.submit(() -> {
                while (!stop.get()) {
                    try {
                        groupUsage(key).forEach((g, u) -> highest.merge(g, u, Math::max));
                    } catch (IOException e) {
                        // down between a kill and its restart
                    }
                    Thread.sleep(100);
                }
                return null;
            });
            List<Future<List<Asked>>> work = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                int caller = c;
                work.add(threads.submit(() -> {
                    List<Asked> mine = new ArrayList<>();
                    String member = MEMBERS.get(caller % MEMBERS.size());
                    for (int n = 0; !stop.get(); n++) {
                        String id = "c" + caller + "-" + n;
                        Asked a;
                        if (n % 3 == 2) {
                            // held credits count against the cap; settled for part of them, released, or left held
                            a = ask("reserve", key, "/v1/teams/acme/reservations", member, id, "{\"credits\":"
                                    + RESERVED + ",\"hold_for_seconds\":3600}", RESERVED);
                            counted(a, answers, groupCapDenials, deniedIn);
                            if (a.accepted() && (caller + n) % 3 != 2) {
                                mine.add(a);
                                boolean settle = (caller + n) % 3 == 0;
                                long spent = settle ? n % (RESERVED + 1) : 0;
                                a = ask(settle ? "settle" : "release", key, "/v1/teams/acme/reservations/" + id
                                        + (settle ? "/settle" : "/release"), member, id + "-end",
                                        settle ? "{\"credits\":" + spent + "}" : null, spent);
                            }
                        } else {
                            long credits = 3 + (caller + n) % 5;
                            a = ask("consume", key, "/v1/teams/acme/consumptions", member, id,
                                    "{\"credits\":" + credits + "}", credits);
                            counted(a, answers, groupCapDenials, deniedIn);
                        }
                        mine.add(a);
                    }
                    mine.forEach(a -> {
                        if (a.lost()) {
                            lostAnswers.incrementAndGet();
                        }
                    });
                    return mine;
                }));
            }
            // what the watcher saw is checked while waiting, so a group past its cap fails the test at once
            Runnable withinCaps = () -> highest.forEach((g, u) -> assertThat(u).as("the most group " + g
                    + " was seen to use").isLessThanOrEqualTo(CAPS.get(g)));
            for (int kill = 1; kill <= KILLS; kill++) {
                int killAt = kill * ANSWERS_PER_RUN;
                await(killAt + " answers", () -> {
                    withinCaps.run();
                    return answers.get() >= killAt;
                });
                deniedAtKills.add(Map.copyOf(deniedIn));
                assertThat(service.get().kill()).as("the service killed with SIGKILL mid-load").isTrue();
                service.set(serve(store));
            }
            int last = (KILLS + 1) * ANSWERS_PER_RUN;
            await("every cap reached and " + last + " answers", () -> {
                withinCaps.run();
                return answers.get() >= last && CAPS.keySet().stream().allMatch(g -> deniedIn.getOrDefault(g, 0)
                        >= 10);
            });
            stop.set(true);
            for (Future<List<Asked>> f : work) {
                asked.addAll(f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
            }
            watcher.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            withinCaps.run();

            usageAtEnd = groupUsage(key);
            balanceAtEnd = JSON.readTree(send("GET", "/v1/teams/acme", key, null, null, null).body())
                    .path("balance").asLong();
            // every request asked again with its id: the answer it was first given, and nothing spent twice
            List<Future<?>> replays = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                int caller = c;
                replays.add(threads.submit(() -> {
                    for (int i = caller; i < asked.size(); i += CALLERS) {
                        Asked first = asked.get(i);
                        Asked again = ask(first.kind(), key, first.path(), first.member(), first.id(), first.body(),
                                first.credits());
                        assertThat(again.status()).as("replay of " + first).isEqualTo(first.status());
                        assertThat(again.code()).as("replay of " + first).isEqualTo(first.code());
                    }
                    return null;
                }));
            }
            for (Future<?> f : replays) {
                f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            }
            assertThat(groupUsage(key)).as("group usage after every request was replayed").isEqualTo(usageAtEnd);
            assertThat(JSON.readTree(send("GET", "/v1/teams/acme", key, null, null, null).body()).path("balance")
                    .asLong()).as("balance after every request was replayed").isEqualTo(balanceAtEnd);
        } finally {
            threads.shutdownNow();
            service.get().close();
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        // what the answers say each group used: consumptions accepted, what settled reservations spent, what is held
        Map<String, Long> answered = new HashMap<>();
        CAPS.keySet().forEach(g -> answered.put(g, 0L));
        Map<String, Asked> reserved = new LinkedHashMap<>();
        for (Asked a : asked) {
            String group = GROUP_OF.get(a.member());
            if (a.kind().equals("reserve") && a.accepted()) {
                reserved.put(a.id(), a);
            } else if (!a.kind().equals("reserve") && !a.kind().equals("consume")) {
                assertThat(a.status()).as("the end of a reservation held: " + a).isEqualTo(200);
                reserved.remove(a.id().substring(0, a.id().length() - "-end".length()));
            }
            if (group != null && a.accepted() && !a.kind().equals("reserve") && !a.kind().equals("release")) {
                answered.merge(group, a.credits(), Long::sum);
            }
        }
        reserved.values().forEach(r -> {
            if (GROUP_OF.containsKey(r.member())) {
                answered.merge(GROUP_OF.get(r.member()), r.credits(), Long::sum);
            }
        });
        assertThat(usageAtEnd).as("each group's usage: what the answers accepted").isEqualTo(answered);
        usageAtEnd.forEach((g, u) -> assertThat(u).as("group " + g + " within its cap").isLessThanOrEqualTo(
                CAPS.get(g)));

        ServeProcess.Ran audit = ServeProcess.run(store, List.of(), "audit");
        assertThat(audit.exit()).as(audit.out()).isZero();
        assertThat(audit.out()).contains("every balance equals its ledger");
        try (Creditpool pool = Creditpool.builder().store(store).build()) {
            TeamId acme = TeamId.of("shop:acme");
            Map<String, Long> consumed = new HashMap<>();
            Map<String, Long> reservations = new HashMap<>();
            Map<String, Long> ends = new HashMap<>();
            Map<String, Long> fromLedger = new HashMap<>();
            CAPS.keySet().forEach(g -> fromLedger.put(g, 0L));
            Map<RequestId, GroupId> heldIn = new HashMap<>();
            for (LedgerEntry e : pool.ledger(acme)) {
                if (e instanceof LedgerEntry.CreditsConsumed c) {
                    consumed.merge(c.requestId().value(), 1L, Long::sum);
                    assertThat(c.group() == null ? null : c.group().value()).as("the group of " + c)
                            .isEqualTo(GROUP_OF.get(c.member().value()));
                    if (c.group() != null) {
                        fromLedger.merge(c.group().value(), c.credits(), Long::sum);
                    }
                } else if (e instanceof LedgerEntry.CreditsReserved r) {
                    reservations.merge(r.reservation().value(), 1L, Long::sum);
                    assertThat(r.group() == null ? null : r.group().value()).as("the group of " + r)
                            .isEqualTo(GROUP_OF.get(r.member().value()));
                    if (r.group() != null) {
                        heldIn.put(r.reservation(), r.group());
                        fromLedger.merge(r.group().value(), r.credits(), Long::sum);
                    }
                } else if (e instanceof LedgerEntry.ReservationSettled s) {
                    ends.merge(s.requestId().value(), 1L, Long::sum);
                    GroupId g = heldIn.get(s.reservation());
                    if (g != null) {
                        fromLedger.merge(g.value(), s.consumed() - s.reserved(), Long::sum);
                    }
                }
            }
            assertThat(fromLedger).as("each group's usage: what the ledger holds for its members")
                    .isEqualTo(usageAtEnd);
            for (Map<String, Long> once : List.of(consumed, reservations, ends)) {
                assertThat(once.values()).as("no request in the ledger twice").containsOnly(1L);
            }
            assertThat(consumed.keySet()).as("the accepted consumptions, and no other").isEqualTo(ids(asked,
                    "consume"));
            assertThat(reservations.keySet()).as("the accepted reservations, and no other").isEqualTo(ids(asked,
                    "reserve"));
            Set<String> endsAccepted = ids(asked, "settle");
            endsAccepted.addAll(ids(asked, "release"));
            assertThat(ends.keySet()).as("the accepted settlements and releases, and no other")
                    .isEqualTo(endsAccepted);
            assertThat(pool.metrics(acme).orElseThrow().balance()).isEqualTo(balanceAtEnd).isNotNegative();
            for (String m : MEMBERS) {
                assertThat(pool.metrics(acme).orElseThrow().member(MemberId.of(m)).group() == null ? null
                        : pool.metrics(acme).orElseThrow().member(MemberId.of(m)).group().value())
                        .isEqualTo(GROUP_OF.get(m));
            }
            assertThat(pool.audit(acme)).isEmpty();
            ((JdbcCreditStore) pool.component(CreditStore.class)).closeAndDiscard();
        }
        assertThat(deniedIn.keySet()).as("the groups whose members were denied group-cap").isEqualTo(CAPS.keySet());
        System.out.printf("group caps on %s: %d requests in %.1f s, %d denied group-cap %s, %d answers lost to %d "
                + "kills (denied by then: %s) and asked again; usage %s of caps %s%n", kind, asked.size(), seconds,
                groupCapDenials.get(), deniedIn, lostAnswers.get(), KILLS, deniedAtKills, usageAtEnd, CAPS);
    }

    private static void counted(Asked a, AtomicInteger answers, AtomicInteger groupCapDenials,
            Map<String, Integer> deniedIn) {
        answers.incrementAndGet();
        if ("group-cap".equals(a.code())) {
            groupCapDenials.incrementAndGet();
            deniedIn.merge(GROUP_OF.get(a.member()), 1, Integer::sum);
        }
    }

    private static Set<String> ids(List<Asked> asked, String kind) {
        Set<String> ids = new HashSet<>();
        asked.stream().filter(a -> a.kind().equals(kind) && a.accepted()).forEach(a -> ids.add(a.id()));
        return ids;
    }
}
