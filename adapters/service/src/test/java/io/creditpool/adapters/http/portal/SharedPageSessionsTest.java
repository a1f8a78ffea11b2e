package io.creditpool.adapters.http.portal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditpool.Creditpool;
import io.creditpool.adapters.http.HttpService;
import io.creditpool.adapters.jdbc.JdbcApiKeys;
import io.creditpool.adapters.jdbc.JdbcCreditStore;
import io.creditpool.adapters.jdbc.TestDatabases;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.port.out.CreditStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the service on one store, as behind a load balancer: a page link made through one opens on the
 * other and only once, a session opened on one is served by both, the outcome of a form shows on whichever instance
 * the browser lands on next, and open pages keep working after both restart. The store keeps only hashes.
 */
class SharedPageSessionsTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    /** One instance: a Creditpool on the shared store and the service in front of it. */
    private record Instance(Creditpool pool, HttpService service) implements AutoCloseable {
        static Instance start(StoreSettings store) {
            Creditpool pool = Creditpool.builder().store(store).payments(new SandboxPaymentGateway()).build();
            JdbcCreditStore jdbc = (JdbcCreditStore) pool.component(CreditStore.class);
            return new Instance(pool, HttpService.start(pool, new JdbcApiKeys(jdbc), 0));
        }

        String url(String path) {
            return "http://127.0.0.1:" + service.port() + path;
        }

        @Override
        public void close() {
            service.close();
            pool.close();
        }
    }

    private static HttpResponse<String> post(Instance at, String key, String path, String json) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(at.url(path))).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(Instance at, String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(at.url(path)));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A link's path (the instance it was made on is not in it: any instance opens it). */
    private static String linkPath(Instance at, String key) throws Exception {
        String url = new ObjectMapper().readTree(post(at, key, "/v1/portal-sessions",
                "{\"team\":\"acme\",\"member\":\"olivia\"}").body()).path("url").asText();
        return URI.create(url).getPath();
    }

    private static String cookieOf(HttpResponse<String> opened) {
        String header = opened.headers().firstValue("Set-Cookie").orElseThrow();
        return header.substring(0, header.indexOf(';'));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void aLinkMadeOnOneInstanceOpensOnAnotherOnceAndItsSessionOutlivesARestartOfBoth(String kind) throws Exception {
        StoreSettings store = TestDatabases.of(kind);
        String cookie;
        String token;
        try (Instance a = Instance.start(store); Instance b = Instance.start(store)) {
            String key = new JdbcApiKeys((JdbcCreditStore) a.pool().component(CreditStore.class)).create("shop")
                    .key();
            assertThat(post(a, key, "/v1/teams", "{\"team\":\"acme\",\"plan\":\"team\",\"seats\":3,"
                    + "\"owner\":\"olivia\"}").statusCode()).isEqualTo(201);

            String link = linkPath(a, key);
            token = link.substring(link.lastIndexOf('/') + 1);
            HttpResponse<String> opened = get(b, link, null);
            assertThat(opened.statusCode()).as("made on A, opened on B").isEqualTo(303);
            cookie = cookieOf(opened);
            assertThat(get(a, link, null).statusCode()).as("used once: refused on A afterwards").isEqualTo(410);
            assertThat(get(b, link, null).statusCode()).as("and on B").isEqualTo(410);

            HttpResponse<String> pageOnA = get(a, "/portal", cookie);
            assertThat(pageOnA.statusCode()).as("the session opened on B is served by A").isEqualTo(200);
            assertThat(pageOnA.body()).contains("olivia");

            // a form posted to A; the page after its redirect lands on B and shows the outcome, once
            Matcher csrf = CSRF.matcher(pageOnA.body());
            assertThat(csrf.find()).isTrue();
            String form = "member=alice&role=member&request_id=inv-1&csrf="
                    + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
            HttpResponse<String> posted = CLIENT.send(HttpRequest.newBuilder(URI.create(a.url("/portal/members")))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookie)
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).isEqualTo(303);
            assertThat(get(b, "/portal", cookie).body()).contains("alice was invited as member.");
            assertThat(get(a, "/portal", cookie).body()).as("shown once").doesNotContain("was invited");
        }
        try (Instance a = Instance.start(store); Instance b = Instance.start(store)) {
            assertThat(get(a, "/portal", cookie).statusCode()).as("after a restart of both, on A").isEqualTo(200);
            assertThat(get(b, "/portal", cookie).statusCode()).as("and on B").isEqualTo(200);
        }
        try (Connection c = TestDatabases.connect(store); Statement s = c.createStatement()) {
            String session = cookie.substring(cookie.indexOf('=') + 1);
            for (String table : List.of("creditpool_page_link", "creditpool_page_session")) {
                try (ResultSet r = s.executeQuery("SELECT * FROM " + table)) {
                    while (r.next()) {
                        for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                            assertThat(String.valueOf(r.getString(i))).as("only hashes are kept in " + table)
                                    .doesNotContain(session).doesNotContain(token);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void aLinkOpenedOnBothInstancesAtOnceOpensOneSession(String kind) throws Exception {
        StoreSettings store = TestDatabases.of(kind);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try (Instance a = Instance.start(store); Instance b = Instance.start(store)) {
            String key = new JdbcApiKeys((JdbcCreditStore) a.pool().component(CreditStore.class)).create("shop")
                    .key();
            post(a, key, "/v1/teams", "{\"team\":\"acme\",\"plan\":\"team\",\"seats\":3,\"owner\":\"olivia\"}");
            for (int round = 0; round < 5; round++) {
                String link = linkPath(a, key);
                List<Callable<Integer>> opens = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    Instance at = i % 2 == 0 ? a : b;
                    opens.add(() -> get(at, link, null).statusCode());
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> f : threads.invokeAll(opens)) {
                    statuses.add(f.get());
                }
                assertThat(statuses).as("round " + round + ": one session, the others refused")
                        .containsOnly(303, 410).filteredOn(s -> s == 303).hasSize(1);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
