package io.creditpool.adapters.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A caller of a Creditpool service with one API key, as the command line's {@code --server} options use it: sends
 * JSON requests with {@code Authorization: Bearer KEY} and reads the answers, problems included.
 */
public final class ServiceClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String PROBLEM = "application/problem+json";

    private final URI base;
    private final String key;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();

    private ServiceClient(URI base, String key) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.key = key;
    }

    /** The server could not be asked: it did not answer, or the call was interrupted. */
    public static final class NoAnswerException extends RuntimeException {
        NoAnswerException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A client of the server at {@code url}; an {@link IllegalArgumentException} names a URL that is not one. */
    public static ServiceClient of(String url, String apiKey) {
        try {
            return of(new URI(url), apiKey);
        } catch (URISyntaxException e) {
            throw notAUrl(url);
        }
    }

    /** A client of the server at {@code base}; an {@link IllegalArgumentException} names a URL that is not one. */
    public static ServiceClient of(URI base, String apiKey) {
        if (base.getScheme() == null || !List.of("http", "https").contains(base.getScheme().toLowerCase(Locale.ROOT))
                || base.getHost() == null) {
            throw notAUrl(base.toString());
        }
        return new ServiceClient(base, apiKey);
    }

    private static IllegalArgumentException notAUrl(String text) {
        return new IllegalArgumentException("'" + text + "' is not a server URL like http://127.0.0.1:8080");
    }

    public URI base() {
        return base;
    }

    /** An answer: its status, media type and JSON body (missing when it had none or it was not JSON). */
    public record Reply(String request, int status, String contentType, JsonNode body, String text) {
        /** A 2xx that is not a problem. */
        public boolean ok() {
            return status >= 200 && status < 300 && !problem();
        }

        public boolean problem() {
            return contentType.startsWith(PROBLEM);
        }

        /** The problem's {@code code}, or "". */
        public String code() {
            return body.path("code").asText("");
        }

        /** The problem's {@code detail}, or "". */
        public String detail() {
            return body.path("detail").asText("");
        }

        /** What the answer says, for an error message: the problem's code and detail, else the start of the body. */
        public String describe() {
            return problem() ? code() + ": " + detail() : text.length() > 300 ? text.substring(0, 300) + "..." : text;
        }
    }

    /**
     * Sends {@code method path} with these headers and, unless null, a JSON body.
     *
     * @throws NoAnswerException when the server does not answer
     */
    public Reply send(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + key);
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new NoAnswerException(method + " " + base + path + ": the server did not answer ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoAnswerException(method + " " + base + path + ": interrupted", e);
        }
        JsonNode answer = JsonNodeFactory.instance.missingNode();
        if (!response.body().isEmpty()) {
            try {
                answer = json.readTree(response.body());
            } catch (JsonProcessingException e) {
                answer = JsonNodeFactory.instance.missingNode();
            }
        }
        return new Reply(method + " " + path, response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""), answer, response.body());
    }
}
