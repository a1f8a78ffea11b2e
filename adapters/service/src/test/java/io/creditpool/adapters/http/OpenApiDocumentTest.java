package io.creditpool.adapters.http;

import io.creditpool.adapters.keys.InMemoryApiKeys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.TestClocks;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checked-in OpenAPI document and the running service describe the same API: a service in sandbox mode answers
 * every documented route; one in normal mode all but the sandbox ones, which the document tags as such.
 */
class OpenApiDocumentTest {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static final Path CHECKED_IN = Path.of("src/main/resources/io/creditpool/adapters/http/openapi.yaml");
    private static final String SANDBOX_PREFIX = "/v1/sandbox/";

    @Test
    void theServedDocumentIsTheCheckedInOneAndNamesEveryRouteASandboxModeServiceAnswers() throws Exception {
        try (Creditpool pool = Creditpool.builder().clock(new TestClocks()).payments(new SandboxPaymentGateway())
                .build();
                HttpService service = HttpService.start(pool, new InMemoryApiKeys(), "127.0.0.1", 0, true)) {
            HttpResponse<String> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + service.port() + "/openapi.yaml")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.body()).isEqualTo(Files.readString(CHECKED_IN));

            assertThat(documented(served.body(), true)).as("documented routes = routes served in sandbox mode")
                    .containsExactlyInAnyOrderElementsOf(service.routes());
        }
    }

    @Test
    void aServiceInNormalModeAnswersEveryDocumentedRouteButTheSandboxOnes() throws Exception {
        try (Creditpool pool = Creditpool.builder().build();
                HttpService service = HttpService.start(pool, new InMemoryApiKeys(), 0)) {
            List<HttpService.Route> normal = documented(Files.readString(CHECKED_IN), false);

            assertThat(normal).as("documented routes outside " + SANDBOX_PREFIX + " = routes served in normal mode")
                    .containsExactlyInAnyOrderElementsOf(service.routes());
            assertThat(service.routes()).noneMatch(r -> r.path().startsWith(SANDBOX_PREFIX));
        }
    }

    @Test
    void everySandboxOperationIsTaggedAndSaysItIsForSandboxModeOnly() throws Exception {
        JsonNode paths = new YAMLMapper().readTree(Files.readString(CHECKED_IN)).path("paths");
        List<String> sandboxOperations = new ArrayList<>();
        paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (METHODS.contains(op.getKey())) {
                boolean tagged = op.getValue().path("tags").toString().contains("\"sandbox\"");
                boolean sandbox = path.getKey().startsWith(SANDBOX_PREFIX);
                assertThat(tagged).as(op.getKey() + " " + path.getKey() + " tagged sandbox").isEqualTo(sandbox);
                if (sandbox) {
                    assertThat(op.getValue().path("summary").asText()).startsWith("Sandbox mode only");
                    sandboxOperations.add(op.getKey() + " " + path.getKey());
                }
            }
        }));
        assertThat(sandboxOperations).isNotEmpty();
    }

    /** The routes the document names; without those under {@code /v1/sandbox/} unless {@code sandbox}. */
    private static List<HttpService.Route> documented(String document, boolean sandbox) throws Exception {
        JsonNode paths = new YAMLMapper().readTree(document).path("paths");
        List<HttpService.Route> documented = new ArrayList<>();
        paths.fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (METHODS.contains(method) && (sandbox || !path.getKey().startsWith(SANDBOX_PREFIX))) {
                documented.add(new HttpService.Route(method.toUpperCase(Locale.ROOT), path.getKey()));
            }
        }));
        return documented;
    }
}
