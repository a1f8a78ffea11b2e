package io.creditpool.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.creditpool.Creditpool;
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

/** The checked-in OpenAPI document and the running service describe the same API. */
class OpenApiDocumentTest {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static final Path CHECKED_IN = Path.of("src/main/resources/io/creditpool/adapters/http/openapi.yaml");

    @Test
    void theServedDocumentIsTheCheckedInOneAndNamesEveryRouteTheServiceAnswers() throws Exception {
        try (Creditpool pool = Creditpool.builder().build();
                HttpService service = HttpService.start(pool, new InMemoryApiKeys(), 0)) {
            HttpResponse<String> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + service.port() + "/openapi.yaml")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.body()).isEqualTo(Files.readString(CHECKED_IN));

            JsonNode paths = new YAMLMapper().readTree(served.body()).path("paths");
            List<HttpService.Route> documented = new ArrayList<>();
            paths.fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
                if (METHODS.contains(method)) {
                    documented.add(new HttpService.Route(method.toUpperCase(Locale.ROOT), path.getKey()));
                }
            }));
            assertThat(documented).as("documented routes = served routes")
                    .containsExactlyInAnyOrderElementsOf(service.routes());
        }
    }
}
