package io.creditpool.adapters.payments.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditpool.kernel.domain.Money;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.ChargeLookup;
import io.creditpool.kernel.port.out.ChargeRequest;
import io.creditpool.kernel.port.out.ChargeResult;
import io.creditpool.kernel.port.out.PaymentGateway;
import io.creditpool.kernel.port.out.PaymentPlugin;
import io.creditpool.kernel.port.out.ProcessorCharge;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Matcher;
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
 * same key, then Creditpool keeps the purchase pending and charges again later. A 5xx answer the processor saved as
 * the key's answer (Stripe saves the first answer of a key, server errors included) is not asked again: only
 * {@link #lookup} can tell what happened. The secret key never appears in a message.
 *
 * <p>Every payment carries the purchase's key and the store's installation id in its {@code metadata}
 * ({@code creditpool_purchase}, {@code creditpool_installation}), so that {@link #lookup} finds it by listing the
 * customer's payments (a strongly consistent list, not the search API, which lags) long after the processor has
 * forgotten the key (Stripe: after about 24 hours), and {@link #charges} lists the installation's payments for
 * reconciliation.
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
    /** The most payments one list request asks for (Stripe's maximum). */
    static final int PAGE_SIZE = 100;
    /** The most pages one look-up or listing reads before it gives up (then the answer is unknown). */
    static final int PAGES_MAX = 1_000;
    /** Metadata keys stored with every payment. */
    static final String PURCHASE_METADATA = "creditpool_purchase";
    static final String INSTALLATION_METADATA = "creditpool_installation";
    /** The metadata key that payments made before {@link #PURCHASE_METADATA} carried the purchase's key in. */
    static final String OLD_PURCHASE_METADATA = "creditpool_key";

    private final URI baseUrl;
    private final String secretKey;
    private final CustomerLookup customers;
    private final Settings settings;
    private final HttpClient client;
    private final Clock clock;

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
     * How patiently one charge talks to the processor, and how far back a look-up searches.
     *
     * @param requestTimeout how long one request may wait for its answer (setting {@code timeout})
     * @param connectTimeout how long opening a connection may take (setting {@code connect-timeout})
     * @param attempts       how many requests one charge makes at most before its outcome is unknown, 1-10
     *                       (setting {@code attempts})
     * @param firstBackoff   the pause before the second attempt; each next pause doubles, up to two seconds
     *                       (setting {@code backoff})
     * @param lookback       how far back {@link #lookup} lists a customer's payments (setting {@code lookback}): a
     *                       payment older than this is not seen, so it must exceed the longest a purchase may stay
     *                       pending
     */
    public record Settings(Duration requestTimeout, Duration connectTimeout, int attempts, Duration firstBackoff,
            Duration lookback) {
        /** The lookback unless set: longer than any purchase stays pending. */
        public static final Duration DEFAULT_LOOKBACK = Duration.ofDays(400);
        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(10), Duration.ofSeconds(5), 3,
                Duration.ofMillis(100), DEFAULT_LOOKBACK);

        /** Settings with the default lookback. */
        public Settings(Duration requestTimeout, Duration connectTimeout, int attempts, Duration firstBackoff) {
            this(requestTimeout, connectTimeout, attempts, firstBackoff, DEFAULT_LOOKBACK);
        }

        public Settings {
            positive("lookback", lookback);
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
            return new Settings(value, connectTimeout, attempts, firstBackoff, lookback);
        }

        public Settings withConnectTimeout(Duration value) {
            return new Settings(requestTimeout, value, attempts, firstBackoff, lookback);
        }

        public Settings withAttempts(int value) {
            return new Settings(requestTimeout, connectTimeout, value, firstBackoff, lookback);
        }

        public Settings withFirstBackoff(Duration value) {
            return new Settings(requestTimeout, connectTimeout, attempts, value, lookback);
        }

        public Settings withLookback(Duration value) {
            return new Settings(requestTimeout, connectTimeout, attempts, firstBackoff, value);
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
        this(baseUrl, secretKey, customers, settings, Clock.systemUTC());
    }

    /** As above, with the clock that says how far back {@link Settings#lookback()} reaches. */
    HttpCardProcessor(URI baseUrl, String secretKey, CustomerLookup customers, Settings settings, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock is required");
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
     * The processor that {@code creditpool.payments=http:SETTINGS} names. {@code settings} is either the URL with
     * optional settings as its query ({@code https://processor.example/v1?timeout=5s&attempts=2&backoff=200ms}), or
     * {@code @PATH} naming a properties file with {@code url} and the same settings. The settings:
     * {@code timeout} (one request's wait for its answer), {@code connect-timeout}, {@code attempts} (1-10),
     * {@code backoff} (the first pause between attempts) and {@code lookback} (how far back a look-up lists payments);
     * durations are written {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h} or {@code 30d}. The secret key comes
     * from the system property {@code creditpool.payments.key} or else the environment variable
     * {@code CREDITPOOL_PAYMENTS_KEY}, never from the settings.
     *
     * @throws IllegalArgumentException naming the setting that is missing or wrong
     */
    public static HttpCardProcessor fromSettings(String settings) {
        return fromSettings(settings, System::getProperty, System::getenv);
    }

    static HttpCardProcessor fromSettings(String settings, Function<String, String> properties,
                                          Function<String, String> environment) {
        String text = settings == null ? "" : settings.trim();
        Map<String, String> values = new LinkedHashMap<>();
        String url;
        if (text.startsWith("@")) {
            values.putAll(file(text.substring(1).trim()));
            url = values.remove("url");
            url = url == null ? "" : url.trim();
            if (url.isEmpty()) {
                throw new IllegalArgumentException("url: the card processor's URL is required in "
                        + text.substring(1).trim() + ", e.g. url=https://processor.example/v1");
            }
        } else {
            int question = text.indexOf('?');
            url = question < 0 ? text : text.substring(0, question);
            if (question >= 0) {
                values.putAll(query(text.substring(question + 1)));
            }
        }
        if (url.isEmpty()) {
            throw new IllegalArgumentException("the card processor's URL is required, e.g. "
                    + "creditpool.payments=http:https://processor.example/v1");
        }
        Settings parsed = settings(values);
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
        return new HttpCardProcessor(baseUrl, key.trim(), CustomerLookup.teamIdIsCustomerId(), parsed);
    }

    /** The settings this processor was opened with. */
    public Settings settings() {
        return settings;
    }

    /** The names {@link #fromSettings} knows, in the order the README lists them. */
    static final List<String> SETTING_NAMES = List.of("timeout", "connect-timeout", "attempts", "backoff",
            "lookback");
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

    private static Settings settings(Map<String, String> values) {
        Settings settings = Settings.DEFAULTS;
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String name = entry.getKey();
            String value = entry.getValue() == null ? "" : entry.getValue().trim();
            try {
                settings = switch (name) {
                    case "timeout" -> settings.withRequestTimeout(duration(name, value));
                    case "connect-timeout" -> settings.withConnectTimeout(duration(name, value));
                    case "attempts" -> settings.withAttempts(count(name, value));
                    case "backoff" -> settings.withFirstBackoff(duration(name, value));
                    case "lookback" -> settings.withLookback(duration(name, value));
                    default -> throw new IllegalArgumentException(name + ": no such setting of the http payment "
                            + "plugin; known: " + String.join(", ", SETTING_NAMES));
                };
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(name + ":")) {
                    throw e;
                }
                throw new IllegalArgumentException(name + ": '" + cut(value) + "' is refused: " + e.getMessage(), e);
            }
        }
        return settings;
    }

    private static Duration duration(String name, String value) {
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException(name + ": '" + cut(value) + "' is not a duration such as 250ms, 5s, "
                    + "2m, 1h or 30d");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private static int count(String name, String value) {
        if (!value.matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException(name + ": '" + cut(value) + "' is not a whole number");
        }
        return Integer.parseInt(value);
    }

    private static Map<String, String> query(String query) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = java.net.URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals),
                    StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : java.net.URLDecoder.decode(pair.substring(equals + 1),
                    StandardCharsets.UTF_8);
            if (values.put(name, value) != null) {
                throw new IllegalArgumentException(name + ": given twice");
            }
        }
        return values;
    }

    private static Map<String, String> file(String path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("the settings file is required after '@', e.g. "
                    + "creditpool.payments=http:@/etc/creditpool/payments.properties");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the settings file " + path + " cannot be read ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted().forEach(name -> values.put(name,
                properties.getProperty(name)));
        if (values.containsKey("key") || values.containsKey("secret-key")) {
            throw new IllegalArgumentException("key: the secret key is not read from a settings file; set the "
                    + "environment variable " + KEY_VARIABLE);
        }
        return values;
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

    /**
     * Lists the customer's payments created within {@link Settings#lookback()} ({@code GET /payment_intents?customer=
     * ...&created[gte]=...}, every page: a list the processor keeps consistent, unlike its search index) and finds
     * the purchase's by its metadata ({@code creditpool_purchase}, or {@code creditpool_key} for payments made
     * before). Succeeded wins over any other attempt; a payment still open makes the answer unknown; payments that
     * all failed are declined; none is not found. Anything that keeps the list from being read whole is unknown.
     */
    @Override
    public ChargeLookup lookup(ChargeRequest request) {
        Customer customer = customers.customerOf(request.team());
        if (customer == null) {
            // the team's customer may have been taken away since a charge was made: nothing can be said
            return ChargeLookup.unknown("team " + request.team() + " has no customer at the processor to look "
                    + request.idempotencyKey() + " up with");
        }
        Instant since = clock.instant().minus(settings.lookback());
        List<JsonNode> found = new ArrayList<>();
        try {
            list("customer=" + encode(customer.customerId()) + "&", since, request, intent -> {
                JsonNode metadata = intent.path("metadata");
                if (request.idempotencyKey().equals(metadata.path(PURCHASE_METADATA).asText(null))
                        || request.idempotencyKey().equals(metadata.path(OLD_PURCHASE_METADATA).asText(null))) {
                    found.add(intent);
                }
            });
        } catch (NoAnswer problem) {
            return ChargeLookup.unknown(redacted("looking up " + request.idempotencyKey() + " at " + baseUrl
                    + " failed: " + problem.getMessage()));
        }
        ChargeLookup answer = ChargeLookup.notFound();
        for (JsonNode intent : found) {
            String status = intent.path("status").asText("");
            String id = intent.path("id").asText("");
            String unlike = unlike(intent, request);
            if (unlike != null) {
                // the purchase's key, but not its charge: never grant (or give up on) a purchase on its strength
                answer = ChargeLookup.unknown("payment " + cut(id) + " carries " + request.idempotencyKey() + " but "
                        + unlike);
                continue;
            }
            switch (status) {
                case "succeeded" -> {
                    if (INTENT_ID.matcher(id).matches()) {
                        return ChargeLookup.succeeded(id);
                    }
                    answer = ChargeLookup.unknown("payment without a readable id succeeded");
                }
                case "requires_payment_method", "canceled" -> {
                    if (answer instanceof ChargeLookup.NotFound) {
                        answer = ChargeLookup.declined(firstText(intent.path("last_payment_error"), "decline_code",
                                "code").orElse(status));
                    }
                }
                default -> answer = ChargeLookup.unknown("payment " + cut(id) + " is " + cut(status));
            }
        }
        return answer;
    }

    /**
     * How a payment found by a purchase's key differs from the purchase's charge (amount, currency, or the
     * installation it names), or null when it does not.
     */
    private static String unlike(JsonNode intent, ChargeRequest request) {
        long amount = intent.path("amount").asLong(-1);
        if (amount != request.amount().minorUnits()) {
            return "is for " + amount + " minor units, not " + request.amount().minorUnits();
        }
        String currency = intent.path("currency").asText("");
        if (!currency.equalsIgnoreCase(request.amount().currency())) {
            return "is in '" + cut(currency) + "', not " + request.amount().currency();
        }
        String installation = intent.path("metadata").path(INSTALLATION_METADATA).asText(null);
        if (installation != null && !request.installation().isEmpty() && !installation.equals(request.installation())) {
            return "was made by another Creditpool store (" + cut(installation) + ")";
        }
        return null;
    }

    /**
     * The payments created at or after {@code since} whose metadata names {@code installation}, every page of
     * {@code GET /payment_intents?created[gte]=...}: one request per hundred payments of the account.
     *
     * @throws IllegalStateException when the list cannot be read whole (its message says why)
     */
    @Override
    public List<ProcessorCharge> charges(String installation, Instant since) {
        Objects.requireNonNull(installation, "installation");
        Objects.requireNonNull(since, "since");
        List<ProcessorCharge> charges = new ArrayList<>();
        ChargeRequest context = new ChargeRequest(TeamId.of("reconciliation"), "listing", new Money(0, "USD"), "",
                installation);
        try {
            list("", since, context, intent -> {
                JsonNode metadata = intent.path("metadata");
                if (!installation.equals(metadata.path(INSTALLATION_METADATA).asText(null))) {
                    return;
                }
                String currency = intent.path("currency").asText("").toUpperCase(Locale.ROOT);
                long amount = intent.path("amount").asLong(-1);
                charges.add(new ProcessorCharge(intent.path("id").asText(""),
                        metadata.path(PURCHASE_METADATA).asText(""), installation,
                        new Money(Math.max(0, amount), currency.matches("[A-Z]{3}") ? currency : "XXX"),
                        "succeeded".equals(intent.path("status").asText("")),
                        Instant.ofEpochSecond(intent.path("created").asLong(0))));
            });
        } catch (NoAnswer problem) {
            throw new IllegalStateException(redacted("listing the payments at " + baseUrl + " failed: "
                    + problem.getMessage()), problem.getCause());
        }
        return charges;
    }

    /** Reads every page of the payment list with the {@code filter} (ending in {@code &} when given). */
    private void list(String filter, Instant since, ChargeRequest context,
                      java.util.function.Consumer<JsonNode> each) throws NoAnswer {
        String after = null;
        for (int page = 0; page < PAGES_MAX; page++) {
            URI uri = URI.create(baseUrl + "/payment_intents?" + filter + encode("created[gte]") + "="
                    + since.getEpochSecond() + "&limit=" + PAGE_SIZE
                    + (after == null ? "" : "&starting_after=" + encode(after)));
            HttpRequest get = authorized(uri).GET().build();
            HttpResponse<String> response = sendWithRetries(get, context);
            JsonNode body = json(response);
            JsonNode data = body.path("data");
            if (!data.isArray() || !body.path("has_more").isBoolean()) {
                throw new NoAnswer("HTTP 200 without a list of payments", null);
            }
            for (JsonNode intent : data) {
                each.accept(intent);
                after = intent.path("id").asText(null);
            }
            if (!body.path("has_more").asBoolean()) {
                return;
            }
            if (after == null || !INTENT_ID.matcher(after).matches()) {
                throw new NoAnswer("a page of payments says there are more but ends without a payment id", null);
            }
        }
        throw new NoAnswer("more than " + PAGES_MAX + " pages of payments", null);
    }

    /** A GET made up to {@link Settings#attempts()} times; only a 200 is an answer. */
    private HttpResponse<String> sendWithRetries(HttpRequest get, ChargeRequest context) throws NoAnswer {
        NoAnswer last = null;
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            if (attempt > 1) {
                pause(backoff(attempt - 1), context);
            }
            try {
                HttpResponse<String> response = send(get, context);
                if (response.statusCode() == 200) {
                    return response;
                }
                last = new NoAnswer("HTTP " + response.statusCode() + quoted(response), null);
                if (response.statusCode() < 500 && response.statusCode() != 429) {
                    break;
                }
            } catch (NoAnswer problem) {
                last = problem;
            }
        }
        throw last;
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
        // the key as before, for those who read it at the processor; and the two fields look-ups and listings use
        fields.put("metadata[" + OLD_PURCHASE_METADATA + "]", request.idempotencyKey());
        fields.put("metadata[" + PURCHASE_METADATA + "]", request.idempotencyKey());
        if (!request.installation().isEmpty()) {
            fields.put("metadata[" + INSTALLATION_METADATA + "]", request.installation());
        }
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
        if (status >= 500 && response.headers().firstValue("Idempotent-Replayed").map("true"::equalsIgnoreCase)
                .orElse(false)) {
            // the processor saved a server error as the key's answer: asking again with the key gets it again, and
            // the first request may have taken the money; only a look-up of the payment can tell
            throw unknown(request, "the card processor saved HTTP " + status + quoted(response) + " as the answer "
                    + "of this key; the payment must be looked up, not charged again", null);
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
