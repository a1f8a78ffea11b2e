package io.creditpool.adapters.payments.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.ChargeRequest;
import io.creditpool.kernel.port.out.ChargeResult;
import io.creditpool.kernel.port.out.PaymentGateway;
import io.creditpool.kernel.port.out.PaymentPlugin;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Charges top-ups through a card processor that speaks a Stripe-style PaymentIntents API over HTTP: one
 * {@code POST /payment_intents} creates and confirms the payment off-session on the team's saved card, with the
 * purchase's idempotency key as the processor's {@code Idempotency-Key}, so that every retry of one purchase, here
 * or later from Creditpool, takes the money at most once.
 *
 * <p>Succeeded means the processor says the money was taken; declined means it says it was not (a card decline, or
 * a request it refused as invalid). Everything else (credentials refused, a timeout, a lost connection, a 409, 429 or
 * 5xx answer, an answer that cannot be read) is an unknown outcome: the charge is tried again a few times with the
 * same key, then Creditpool keeps the purchase pending and charges again later. The secret key never appears in
 * a message.
 */
public final class HttpCardProcessor implements PaymentGateway {
    /** The name that chooses this processor: {@code creditpool.payments=http:URL}. */
    public static final String PLUGIN = "http";
    /** The environment variable holding the processor's secret key. */
    public static final String KEY_VARIABLE = "CREDITPOOL_PAYMENTS_KEY";
    /** The system property holding the secret key; it wins over the environment variable. */
    public static final String KEY_PROPERTY = "creditpool.payments.key";
    /** The longest pause between two attempts of one charge. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INTENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final int QUOTED_CHARS_MAX = 200;

    private final URI baseUrl;
    private final String secretKey;
    private final CustomerLookup customers;
    private final Settings settings;
    private final HttpClient client;

    /** Which processor customer (and card) pays for a team's top-ups. */
    @FunctionalInterface
    public interface CustomerLookup {
        /** The customer to charge for {@code team}, or null when the team has none (its top-ups are declined). */
        Customer customerOf(TeamId team);

        /** The processor's customer id is the team id, charged on its default payment method. */
        static CustomerLookup teamIdIsCustomerId() {
            return team -> new Customer(team.value(), null);
        }
    }

    /**
     * A customer at the processor.
     *
     * @param customerId    the processor's customer id (required)
     * @param paymentMethod the saved payment method to charge, or null for the customer's default
     */
    public record Customer(String customerId, String paymentMethod) {
        public Customer {
            if (customerId == null || customerId.isBlank()) {
                throw new IllegalArgumentException("customerId is required");
            }
            if (paymentMethod != null && paymentMethod.isBlank()) {
                throw new IllegalArgumentException("paymentMethod must be null (the customer's default) or not blank");
            }
        }
    }

    /**
     * How patiently one charge talks to the processor.
     *
     * @param requestTimeout how long one request may wait for its answer
     * @param connectTimeout how long opening a connection may take
     * @param attempts       how many requests one charge makes at most before its outcome is unknown (1-10)
     * @param firstBackoff   the pause before the second attempt; each next pause doubles, up to two seconds
     */
    public record Settings(Duration requestTimeout, Duration connectTimeout, int attempts, Duration firstBackoff) {
        public static final Settings DEFAULTS =
                new Settings(Duration.ofSeconds(10), Duration.ofSeconds(5), 3, Duration.ofMillis(100));

        public Settings {
            positive("requestTimeout", requestTimeout);
            positive("connectTimeout", connectTimeout);
            if (attempts < 1 || attempts > 10) {
                throw new IllegalArgumentException("attempts must be from 1 to 10, was " + attempts);
            }
            if (firstBackoff == null || firstBackoff.isNegative() || firstBackoff.compareTo(MAX_BACKOFF) > 0) {
                throw new IllegalArgumentException("firstBackoff must be from 0 to " + MAX_BACKOFF.toMillis()
                        + " ms, was " + firstBackoff);
            }
        }

        public Settings withRequestTimeout(Duration value) {
            return new Settings(value, connectTimeout, attempts, firstBackoff);
        }

        public Settings withConnectTimeout(Duration value) {
            return new Settings(requestTimeout, value, attempts, firstBackoff);
        }

        public Settings withAttempts(int value) {
            return new Settings(requestTimeout, connectTimeout, value, firstBackoff);
        }

        public Settings withFirstBackoff(Duration value) {
            return new Settings(requestTimeout, connectTimeout, attempts, value);
        }

        private static void positive(String field, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(field + " must be a positive duration, was " + value);
            }
        }
    }

    /** The processor as a plugin found by {@link java.util.ServiceLoader}: {@code creditpool.payments=http:URL}. */
    public static final class Plugin implements PaymentPlugin {
        @Override
        public String name() {
            return PLUGIN;
        }

        @Override
        public PaymentGateway open(String settings) {
            return fromSettings(settings);
        }
    }

    /**
     * @param baseUrl   the API's root, e.g. {@code https://processor.example/v1} (http or https)
     * @param secretKey the processor's secret API key, sent as a bearer token
     * @param customers which customer pays for each team
     * @param settings  timeouts and retries
     */
    public HttpCardProcessor(URI baseUrl, String secretKey, CustomerLookup customers, Settings settings) {
        this.baseUrl = checkedBaseUrl(baseUrl);
        if (secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("secretKey is required");
        }
        // never echo the key itself, even a wrong one
        if (!secretKey.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw new IllegalArgumentException("secretKey must be printable ASCII without spaces");
        }
        this.secretKey = secretKey;
        this.customers = Objects.requireNonNull(customers, "customers is required");
        this.settings = Objects.requireNonNull(settings, "settings is required");
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Charges each team as the processor customer of the same id, on its default card, with the default settings. */
    public HttpCardProcessor(URI baseUrl, String secretKey) {
        this(baseUrl, secretKey, CustomerLookup.teamIdIsCustomerId(), Settings.DEFAULTS);
    }

    /**
     * The processor that {@code creditpool.payments=http:URL} names: {@code settings} is the URL; the secret key
     * comes from the system property {@code creditpool.payments.key} or else the environment variable
     * {@code CREDITPOOL_PAYMENTS_KEY}.
     *
     * @throws IllegalArgumentException naming what is missing or wrong
     */
    public static HttpCardProcessor fromSettings(String settings) {
        return fromSettings(settings, System::getProperty, System::getenv);
    }

    static HttpCardProcessor fromSettings(String settings, Function<String, String> properties,
                                          Function<String, String> environment) {
        String url = settings == null ? "" : settings.trim();
        if (url.isEmpty()) {
            throw new IllegalArgumentException("the card processor's URL is required, e.g. "
                    + "creditpool.payments=http:https://processor.example/v1");
        }
        URI baseUrl;
        try {
            baseUrl = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("baseUrl '" + url + "' is not a URL: " + e.getReason(), e);
        }
        String key = properties.apply(KEY_PROPERTY);
        if (key == null || key.isBlank()) {
            key = environment.apply(KEY_VARIABLE);
        }
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("the card processor's secret key is required: set the environment "
                    + "variable " + KEY_VARIABLE + " (or the system property " + KEY_PROPERTY + ")");
        }
        return new HttpCardProcessor(baseUrl, key.trim());
    }

    @Override
    public ChargeResult charge(ChargeRequest request) {
        Customer customer = customers.customerOf(request.team());
        if (customer == null) {
            return ChargeResult.declined("no customer at the card processor for team " + request.team());
        }
        HttpRequest post = authorized(URI.create(baseUrl + "/payment_intents"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Idempotency-Key", request.idempotencyKey())
                .POST(HttpRequest.BodyPublishers.ofString(form(request, customer), StandardCharsets.UTF_8))
                .build();
        String lastProblem = "";
        Throwable lastCause = null;
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            if (attempt > 1) {
                pause(backoff(attempt - 1), request);
            }
            try {
                return answer(request, send(post, request));
            } catch (NoAnswer problem) {
                lastProblem = problem.getMessage();
                lastCause = problem.getCause();
            }
        }
        throw unknown(request, "no answer to trust after " + settings.attempts() + " attempts, the last: "
                + lastProblem, lastCause);
    }

    @Override
    public String toString() {
        return "HttpCardProcessor[" + baseUrl + "]";
    }

    /** The form fields of the create-and-confirm request, in a fixed order. */
    static String form(ChargeRequest request, Customer customer) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("amount", Long.toString(request.amount().minorUnits()));
        fields.put("currency", request.amount().currency().toLowerCase(Locale.ROOT));
        fields.put("customer", customer.customerId());
        if (customer.paymentMethod() != null) {
            fields.put("payment_method", customer.paymentMethod());
        }
        fields.put("confirm", "true");
        fields.put("off_session", "true");
        if (request.description() != null && !request.description().isEmpty()) {
            fields.put("description", request.description());
        }
        fields.put("metadata[team]", request.team().value());
        fields.put("metadata[creditpool_key]", request.idempotencyKey());
        return fields.entrySet().stream()
                .map(f -> encode(f.getKey()) + "=" + encode(f.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** The pause before attempt {@code retry + 1}: the first backoff, doubled each time, at most two seconds. */
    Duration backoff(int retry) {
        Duration pause = settings.firstBackoff();
        for (int i = 1; i < retry && pause.compareTo(MAX_BACKOFF) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : pause;
    }

    private ChargeResult answer(ChargeRequest request, HttpResponse<String> response) throws NoAnswer {
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            // another attempt with the same key would be refused the same way
            throw unknown(request, "the card processor refused the secret key (HTTP " + status + quoted(response)
                    + "); check " + KEY_VARIABLE, null);
        }
        if (status >= 200 && status < 300) {
            return intent(request, json(response), false);
        }
        if (status == 402) {
            JsonNode error = error(response);
            return ChargeResult.declined(firstText(error, "decline_code", "code", "type")
                    .orElse("payment failed (HTTP 402)"));
        }
        if (status == 400 || status == 404) {
            JsonNode error = error(response);
            if ("idempotency_error".equals(error.path("type").asText())) {
                // the key was first used with other parameters: that first request may have taken money
                throw unknown(request, "the card processor refused idempotency key " + request.idempotencyKey()
                        + " as used before with other parameters (HTTP " + status + quoted(response) + ")", null);
            }
            return ChargeResult.declined(redacted("the processor refused the request: "
                    + firstText(error, "code", "type").orElse("HTTP " + status) + ": "
                    + cut(error.path("message").asText(""))));
        }
        throw new NoAnswer("HTTP " + status + quoted(response), null);
    }

    /** What a payment intent says: taken, not taken, or still open. */
    private ChargeResult intent(ChargeRequest request, JsonNode intent, boolean afterLookUp) throws NoAnswer {
        String status = intent.path("status").asText("");
        if (status.isEmpty()) {
            throw new NoAnswer("HTTP 200 without a payment status", null);
        }
        String id = intent.path("id").asText("");
        switch (status) {
            case "succeeded":
                if (!INTENT_ID.matcher(id).matches()) {
                    throw new NoAnswer("HTTP 200 succeeded without a payment id", null);
                }
                return ChargeResult.succeeded(id);
            case "requires_payment_method", "canceled":
                return ChargeResult.declined(firstText(intent.path("last_payment_error"), "decline_code", "code")
                        .orElse(status));
            case "processing":
                if (afterLookUp || !INTENT_ID.matcher(id).matches()) {
                    throw unknown(request, "the card processor is still processing payment " + cut(id), null);
                }
                JsonNode lookedUp = lookUp(request, id);
                try {
                    return intent(request, lookedUp, true);
                } catch (NoAnswer problem) {
                    throw unknown(request, "payment " + id + " was processing and looking it up gave "
                            + problem.getMessage(), null);
                }
            default:
                throw unknown(request, "the card processor left payment " + cut(id) + " in status " + cut(status)
                        + ", which an off-session charge cannot complete", null);
        }
    }

    /** {@code GET /payment_intents/{id}}: any failure makes the outcome unknown. */
    private JsonNode lookUp(ChargeRequest request, String id) {
        HttpRequest get = authorized(URI.create(baseUrl + "/payment_intents/" + id)).GET().build();
        try {
            HttpResponse<String> response = send(get, request);
            if (response.statusCode() != 200) {
                throw new NoAnswer("HTTP " + response.statusCode() + quoted(response), null);
            }
            return json(response);
        } catch (NoAnswer problem) {
            throw unknown(request, "payment " + id + " was processing and looking it up failed: "
                    + problem.getMessage(), problem.getCause());
        }
    }

    private HttpRequest.Builder authorized(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Authorization", "Bearer " + secretKey)
                .header("Accept", "application/json")
                .header("User-Agent", "Creditpool");
    }

    private HttpResponse<String> send(HttpRequest http, ChargeRequest request) throws NoAnswer {
        long timeoutMs = settings.requestTimeout().toMillis();
        CompletableFuture<HttpResponse<String>> pending =
                client.sendAsync(http, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            // the whole answer, body included, within the timeout (the client's own timeout stops at the headers)
            return pending.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new NoAnswer("no answer within " + timeoutMs + " ms (" + HttpTimeoutException.class.getName()
                    + ")", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof HttpTimeoutException) {
                throw new NoAnswer("no answer within " + timeoutMs + " ms (" + cause.getClass().getName() + ")",
                        cause);
            }
            String kind = cause instanceof IOException ? "the connection failed" : "the request failed";
            throw new NoAnswer(kind + " (" + cause.getClass().getName()
                    + (cause.getMessage() == null ? "" : ": " + cut(cause.getMessage())) + ")", cause);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw unknown(request, "interrupted while waiting for the card processor", e);
        }
    }

    private void pause(Duration pause, ChargeRequest request) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unknown(request, "interrupted between two attempts", e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws NoAnswer {
        try {
            JsonNode node = JSON.readTree(response.body());
            if (node == null || !node.isObject()) {
                throw new NoAnswer("HTTP " + response.statusCode() + " with a body that is not a JSON object", null);
            }
            return node;
        } catch (IOException e) {
            throw new NoAnswer("HTTP " + response.statusCode() + " with an unreadable body ("
                    + e.getClass().getName() + ")", e);
        }
    }

    /** The {@code error} object of an error answer; an answer without one cannot be trusted to mean anything. */
    private static JsonNode error(HttpResponse<String> response) throws NoAnswer {
        JsonNode error = json(response).path("error");
        if (!error.isObject()) {
            throw new NoAnswer("HTTP " + response.statusCode() + " without an error object", null);
        }
        return error;
    }

    /** {@code ": code: message"} of the processor's error, if the body says one, for a message. */
    private static String quoted(HttpResponse<String> response) {
        try {
            JsonNode error = JSON.readTree(response.body()).path("error");
            String code = firstText(error, "code", "type").orElse("");
            String message = error.path("message").asText("");
            return code.isEmpty() && message.isEmpty() ? "" : ": " + cut(code) + (message.isEmpty() ? "" : ": ")
                    + cut(message);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static Optional<String> firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            String value = node.path(field).asText("");
            if (!value.isBlank()) {
                return Optional.of(cut(value));
            }
        }
        return Optional.empty();
    }

    private ChargeOutcomeUnknownException unknown(ChargeRequest request, String what, Throwable cause) {
        return new ChargeOutcomeUnknownException(redacted("charge " + request.idempotencyKey() + " for team "
                + request.team() + " at " + baseUrl + ": outcome unknown: " + what), cause);
    }

    /** Whatever the processor echoed, the secret key never leaves in a message. */
    private String redacted(String text) {
        return text.replace(secretKey, "[secret key]");
    }

    private static String cut(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() <= QUOTED_CHARS_MAX ? line : line.substring(0, QUOTED_CHARS_MAX) + "...";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static URI checkedBaseUrl(URI url) {
        if (url == null) {
            throw new IllegalArgumentException("baseUrl is required");
        }
        if (url.getRawUserInfo() != null) {
            // not echoed: it may hold a password
            throw new IllegalArgumentException("baseUrl must not carry a user or password");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must be an http:// or https:// URL with a host, was '"
                    + url + "'");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("baseUrl must have no query or fragment, was '" + url + "'");
        }
        String text = url.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    /** An attempt that gave no answer to trust; another attempt with the same key may. */
    private static final class NoAnswer extends Exception {
        NoAnswer(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }
}
