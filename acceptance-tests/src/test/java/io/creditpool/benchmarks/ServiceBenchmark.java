package io.creditpool.benchmarks;

import io.creditpool.Creditpool;
import io.creditpool.adapters.cli.LoadCommandPlans;
import io.creditpool.adapters.cli.LoadDriver;
import io.creditpool.adapters.keys.ApiKeys;
import io.creditpool.adapters.http.HttpService;
import io.creditpool.adapters.jdbc.JdbcApiKeys;
import io.creditpool.adapters.jdbc.JdbcCreditStore;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.port.out.CreditStore;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Consumptions per second and p50/p99 latency through the HTTP service on the default embedded store (what
 * {@code serve} opens in a new folder: SQLite, commits flushed; {@code -Dbench.store=h2} for H2 in file mode), from
 * 1 and 64 concurrent callers over loopback ({@code -Dbench.callers=1,64}), each on a keep-alive connection of the JDK
 * HTTP client, each consumption with its own Idempotency-Key: over 1 team of 3 members, 1,000 teams of 3 members and
 * 1 team of 5,000 members ({@code -Dbench.big-team=N}, 0 for none), each on a store and service of its own; the big
 * team's members are invited over HTTP first, and the time it took is printed.
 *
 * <p>Before the first measured run the whole path is warmed up once on a store of its own
 * ({@code -Dbench.jvm-warm-up-seconds=N}, default 40): on a fresh JVM the first shape measured otherwise pays for the
 * JIT compilers sharing the cores.
 *
 * <p>Run: {@code mvn -B -q -Pservice-benchmark -pl acceptance-tests -am verify -DskipTests}; {@code -Dbench.seconds=N}
 * sets each measured run's length (default 10), {@code -Dbench.jvm="-Dbench.callers=16 -Dbench.teams=10"} the rest.
 */
public final class ServiceBenchmark {
    /**
     * Whether the big team's invites ask for the decision alone ({@code Prefer: return=minimal}, the default) or get
     * the team's summary, which lists every member, with each answer ({@code -Dbench.invite-answer=summary}).
     */
    private static final boolean MINIMAL_INVITES = !"summary".equals(System.getProperty("bench.invite-answer"));

    private ServiceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 10);
        int[] callers = java.util.Arrays.stream(System.getProperty("bench.callers", "1,64").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int[] teams = java.util.Arrays.stream(System.getProperty("bench.teams", "1,1000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int bigTeam = Integer.getInteger("bench.big-team", 5000);
        // The first shape measured on a fresh JVM ran 3 to 10 times slower than the same shape measured again later
        // in the run (the JIT compilers share the 2 cores with the load for well over the per-run warm-up): warm the
        // whole path up once, on a store of its own, before anything is recorded.
        int jvmWarmUp = Integer.getInteger("bench.jvm-warm-up-seconds", 40);
        if (jvmWarmUp > 0) {
            long start = System.nanoTime();
            run(10, 3, 1, jvmWarmUp / 2);
            run(10, 3, 64, jvmWarmUp / 2);
            System.out.printf(Locale.ROOT, "JVM warm-up (not recorded): %.0f s%n", (System.nanoTime() - start) / 1e9);
        }
        List<String> rows = new java.util.ArrayList<>();
        rows.add("store: " + ("h2".equals(System.getProperty("bench.store")) ? "h2 (file mode)"
                : "the default embedded store, " + StoreSettings.inFolder(Path.of("new-folder")).kind().name()
                        .toLowerCase(Locale.ROOT) + " (" + StoreSettings.SQLITE_SYNCHRONOUS + "="
                        + System.getProperty(StoreSettings.SQLITE_SYNCHRONOUS, "FULL") + ")"));
        rows.add("| teams | members a team | callers | consumptions /s | p50 us | p99 us |");
        rows.add("| --- | --- | --- | --- | --- | --- |");
        List<int[]> shapes = new java.util.ArrayList<>();
        for (int t : teams) {
            shapes.add(new int[] {t, 3});
        }
        if (bigTeam > 0) {
            shapes.add(new int[] {1, bigTeam});
        }
        for (int[] shape : shapes) {
            for (int c : callers) {
                LoadDriver.Result r = run(shape[0], shape[1], c, seconds);
                String row = String.format(Locale.ROOT, "| %d | %d | %d | %.0f | %.0f | %.0f |", shape[0], shape[1],
                        c, r.perSecond(), r.p50Micros(), r.p99Micros());
                System.out.println(row);
                rows.add(row);
            }
        }
        System.out.println();
        rows.forEach(System.out::println);
        System.exit(0);
    }

    private static LoadDriver.Result run(int teams, int members, int callers, int seconds) throws Exception {
        Path folder = Files.createTempDirectory("creditpool-service-benchmark");
        StoreSettings store = "h2".equals(System.getProperty("bench.store")) ? StoreSettings.h2(folder)
                : StoreSettings.inFolder(folder);
        try (Creditpool pool = Creditpool.builder().store(store).plans(List.of(LoadCommandPlans.LOAD_PLAN)).build()) {
            ApiKeys keys = new JdbcApiKeys((JdbcCreditStore) pool.component(CreditStore.class));
            String key = keys.create("bench").key();
            try (HttpService service = HttpService.start(pool, keys, "127.0.0.1", 0)) {
                String base = "http://127.0.0.1:" + service.port();
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                for (int t = 0; t < teams; t++) {
                    send(client, HttpRequest.newBuilder(URI.create(base + "/v1/teams")), key, null,
                            "{\"team\":\"t" + t + "\",\"plan\":\"" + LoadCommandPlans.LOAD_PLAN.name()
                                    + "\",\"seats\":" + Math.max(1000, members) + ",\"owner\":\"owner\","
                                    + "\"billing_anchor_day\":1}", 201);
                    long start = System.nanoTime();
                    for (int m = 1; m < members; m++) {
                        HttpRequest.Builder invite = HttpRequest.newBuilder(URI.create(base + "/v1/teams/t" + t
                                + "/members"));
                        if (MINIMAL_INVITES) {
                            invite.header("Prefer", "return=minimal");
                        }
                        send(client, invite, key, "invite-" + t + "-" + m,
                                "{\"member\":\"m" + m + "\",\"role\":\"member\"}", 200);
                    }
                    if (members > 100) {
                        System.out.printf(Locale.ROOT, "%d invites over HTTP, one caller, %s: %.1f s%n", members - 1,
                                MINIMAL_INVITES ? "Prefer: return=minimal" : "each answer with the team's summary",
                                (System.nanoTime() - start) / 1e9);
                    }
                }
                LoadDriver.Request consume = (caller, i) -> {
                    long n = caller * 7919L + i;
                    long member = n % members;
                    send(client, HttpRequest.newBuilder(URI.create(base + "/v1/teams/t" + (n % teams)
                            + "/consumptions")), key, "c-" + caller + "-" + i + "-" + System.nanoTime(),
                            "{\"credits\":1}", 200, member == 0 ? "owner" : "m" + member);
                };
                LoadDriver.run(callers, Duration.ofSeconds(Integer.getInteger("bench.warm-up-seconds", 5)), consume);
                return LoadDriver.run(callers, Duration.ofSeconds(seconds), consume);
            } finally {
                ((JdbcCreditStore) pool.component(CreditStore.class)).closeAndDiscard();
            }
        }
    }

    private static void send(HttpClient client, HttpRequest.Builder request, String key, String idempotencyKey,
            String body, int expected) throws Exception {
        send(client, request, key, idempotencyKey, body, expected, "owner");
    }

    private static void send(HttpClient client, HttpRequest.Builder request, String key, String idempotencyKey,
            String body, int expected, String member) throws Exception {
        request.header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .header("Creditpool-Member", member).POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
    }
}
