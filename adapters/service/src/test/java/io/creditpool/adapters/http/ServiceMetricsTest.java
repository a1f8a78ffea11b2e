package io.creditpool.adapters.http;

import io.creditpool.adapters.keys.InMemoryApiKeys;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.creditpool.Creditpool;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The service counts what it does for Prometheus and logs each request as key=value fields, without secrets. */
class ServiceMetricsTest {
    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> send(String url, String key, String member, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (member != null) {
            request.header("Creditpool-Member", member);
        }
        if (body != null) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void consumptionsTopUpsAndRequestsAreCountedAndLoggedWithoutTheKey() throws Exception {
        Logger requests = (Logger) LoggerFactory.getLogger("io.creditpool.http");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        requests.addAppender(lines);
        ch.qos.logback.classic.Level level = requests.getLevel();
        requests.setLevel(ch.qos.logback.classic.Level.INFO);     // as the shipped logback.xml has it
        SandboxPaymentGateway sandbox = new SandboxPaymentGateway();
        InMemoryApiKeys keys = new InMemoryApiKeys();
        String key = keys.create("shop").key();
        try (Creditpool pool = Creditpool.builder().store(StoreSettings.MEMORY).payments(sandbox).build();
                HttpService service = HttpService.start(pool, keys, 0)) {
            String base = "http://127.0.0.1:" + service.port();
            assertThat(send(base + "/v1/teams", key, null, "{\"team\":\"acme\",\"plan\":\"team\",\"seats\":2,"
                    + "\"owner\":\"olivia\"}").statusCode()).isEqualTo(201);
            assertThat(send(base + "/v1/teams/acme/consumptions", key, "olivia", "{\"credits\":100}").statusCode())
                    .isEqualTo(200);
            assertThat(send(base + "/v1/teams/acme/consumptions", key, "olivia", "{\"credits\":5000}").statusCode())
                    .isEqualTo(402);
            assertThat(send(base + "/v1/teams/acme/top-ups", key, "olivia", "{\"credits\":50}").statusCode())
                    .isEqualTo(200);
            sandbox.behave(SandboxPaymentGateway.Behaviour.DECLINE);
            assertThat(send(base + "/v1/teams/acme/top-ups", key, "olivia", "{\"credits\":50}").statusCode())
                    .isEqualTo(402);
            assertThat(send(base + "/v1/plans", "cp_wrong", null, null).statusCode()).isEqualTo(401);

            HttpResponse<String> scraped = send(base + "/metrics", null, null, null);

            assertThat(scraped.statusCode()).isEqualTo(200);
            assertThat(scraped.body())
                    .contains("creditpool_consumptions_total{code=\"none\",outcome=\"accepted\"} 1.0")
                    .contains("creditpool_consumptions_total{code=\"insufficient-credits\",outcome=\"denied\"} 1.0")
                    .contains("creditpool_top_ups_total{outcome=\"paid\",source=\"top-up\"} 1.0")
                    .contains("creditpool_top_ups_total{outcome=\"declined\",source=\"top-up\"} 1.0")
                    .contains("creditpool_payment_failures_total{kind=\"declined\"} 1.0")
                    .contains("creditpool_http_requests_seconds_count{method=\"POST\","
                            + "route=\"/v1/teams/{team}/consumptions\",status=\"200\"} 1")
                    .contains("status=\"401\"")
                    .doesNotContain("acme");
        } finally {
            requests.detachAppender(lines);
            requests.setLevel(level);
        }
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).isEqualTo("request method=POST route=/v1/teams/{team}/consumptions "
                        + "status=402 duration_ms=" + line.replaceAll(".*duration_ms=(\\S+).*", "$1")
                        + " product=shop team=acme member=olivia"))
                .allSatisfy(line -> assertThat(line).doesNotContain("cp_"));
    }
}
