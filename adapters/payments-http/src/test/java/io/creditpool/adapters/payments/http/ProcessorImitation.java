package io.creditpool.adapters.payments.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A card processor on a loopback port for tests: the part of a Stripe-style PaymentIntents API that
 * {@link HttpCardProcessor} uses, with a processor's idempotency as Stripe documents it. The first request with an
 * {@code Idempotency-Key} that begins executing (and takes the money, recorded as a {@link Charge}) saves its answer,
 * whatever it is, a 500 included; a later one with the same key gets the saved answer (header
 * {@code Idempotent-Replayed: true}) and takes nothing; the same key with another amount, currency, customer or
 * payment method gets 400 {@code idempotency_error}. A request refused before it executes (invalid, rate limited)
 * saves nothing. Saved keys are forgotten after {@link #forgetKeysAfter} (24 hours by the imitation's own
 * {@link #advance clock}, as Stripe prunes keys after 24 hours); a forgotten key executes again. With
 * {@link #honourKeys honourKeys(false)} it executes every request, as a processor without idempotency would.
 * Requests without the {@link #secretKey()} get 401.
 *
 * <p>Tests {@link #script} what goes wrong (a 500, a reset connection, an answer that comes too late or garbled after
 * the money was taken...) and then look at what was really {@link #charges() charged}. Thread-safe; other processes
 * can talk to it over HTTP at {@link #baseUrl()}.
 *
 * <ul>
 *   <li>{@code POST /v1/payment_intents} with {@code amount} (a positive integer), {@code currency} (three lower-case
 *       letters), {@code customer}, optional {@code payment_method}, {@code confirm=true} (required here: only
 *       create-and-confirm is imitated), {@code off_session}, {@code description}, {@code metadata[...]}: 200 with
 *       the intent ({@code succeeded}), or 402 {@code card_declined} for a declined customer.</li>
 *   <li>{@code GET /v1/payment_intents/{id}}: the intent as it stands now.</li>
 *   <li>{@code GET /v1/payment_intents?customer=...&created[gte]=...&limit=...&starting_after=...}: the intents,
 *       newest first, with their {@code metadata} and {@code created} (seconds, by the imitation's clock), a page at
 *       a time ({@code has_more}); always up to date, as Stripe's list is (its search API is not imitated).</li>
 * </ul>
 *
 * <p>Two ways of misbehaving that a real processor may have: {@link #ignoreKeys()} (every request executes, as if
 * the key had been dropped or forgotten), and {@link #holdRequests()} (requests to create a payment wait until
 * {@link #releaseRequests()}, as a processor that hangs).
 */
public final class ProcessorImitation implements AutoCloseable {
    /** How the processor answers one request to create a payment; see {@link #script}. */
    public enum Reply {
        /** Executes and takes the money whatever the customer's card would say. */
        SUCCEED,
        /** Executes and declines: 402 {@code card_declined} / {@code insufficient_funds}; the decline is saved. */
        DECLINE,
        /**
         * 500 before the API begins executing (a front server failing): nothing taken, nothing saved, so a retry
         * with the key executes. (A 500 from the API itself is saved: {@link #SERVER_ERROR_SAVED}.)
         */
        SERVER_ERROR,
        /** The connection is reset before executing: nothing taken, nothing saved. */
        CONNECTION_RESET,
        /** Executes as usual (takes the money, saves the answer), then answers only after {@link #delayAfterCharge}. */
        TIMEOUT_AFTER_CHARGE,
        /** Executes as usual (takes the money, saves the answer), then answers 200 with a garbled body. */
        MALFORMED_AFTER_CHARGE,
        /** 429 before executing: nothing taken, nothing saved. */
        RATE_LIMITED,
        /**
         * Executes, answers {@code processing} and saves that answer; the first look-up ({@code GET}) settles the
         * payment: succeeded (the money taken then) unless the customer is declined by that time.
         */
        PROCESSING,
        /** Executes, answers {@code processing}, and every look-up still says {@code processing}; nothing taken. */
        STILL_PROCESSING,
        /**
         * Begins executing, fails before taking the money and answers 500, which it saves as the key's answer: a
         * retry with the key gets that 500 again.
         */
        SERVER_ERROR_SAVED,
        /**
         * Executes and takes the money, then fails and answers 500, which it saves as the key's answer: a retry with
         * the key gets that 500 again, and only a look-up of the payment shows the money was taken.
         */
        SERVER_ERROR_AFTER_CHARGE
    }

    /**
     * Money the processor took.
     *
     * @param key         the idempotency key of the request that took it ("" when it had none)
     * @param customer    the customer charged
     * @param amountMinor the amount in minor units
     * @param currency    the currency as the processor received it (lower case, e.g. {@code usd})
     * @param intentId    the payment intent's id, which the answer carried
     */
    public record Charge(String key, String customer, long amountMinor, String currency, String intentId) {
    }

    /**
     * A request as the processor received it.
     *
     * @param method         GET or POST
     * @param path           e.g. {@code /v1/payment_intents}
     * @param authorization  the Authorization header ("" when absent)
     * @param idempotencyKey the Idempotency-Key header ("" when absent)
     * @param form           the decoded form fields of a POST, in order
     */
    public record Received(String method, String path, String authorization, String idempotencyKey,
                           Map<String, String> form) {
    }

    private static final String API = "/v1";
    private static final String INTENTS = API + "/payment_intents";
    private static final Pattern CURRENCY = Pattern.compile("[a-z]{3}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Object lock = new Object();
    private final String secretKey = "sk_test_imitation_" + UUID.randomUUID().toString().replace("-", "");
    private final Deque<Reply> script = new ArrayDeque<>();
    private final Set<String> declinedCustomers = new HashSet<>();
    private final Map<String, Saved> savedByKey = new HashMap<>();
    private final Map<String, Intent> intents = new LinkedHashMap<>();
    private final List<Charge> charges = new ArrayList<>();
    private final List<Received> received = new ArrayList<>();
    private int posts;
    private int nextIntent = 1;
    private Duration delayAfterCharge = Duration.ofSeconds(3);
    /** The imitation's own clock: it stamps payments and ages saved keys; tests move it. */
    private Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private Duration forgetKeysAfter = Duration.ofHours(24);
    private boolean honourKeys = true;
    /** Every intent, oldest first. */
    private final List<Intent> created = new ArrayList<>();
    /** Open unless requests are held; a held request waits on it before it is processed. */
    private volatile java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(0);
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();
    private final WireMockServer server;

    private ProcessorImitation() {
        server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(40)
                .maxRequestJournalEntries(1000)
                .jettyStopTimeout(1000L)
                .extensions(new Processor()));
    }

    /** Starts an imitation on a free loopback port. */
    public static ProcessorImitation start() {
        ProcessorImitation imitation = new ProcessorImitation();
        imitation.server.start();
        // every request reaches the transformer, which answers as the processor would
        imitation.server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
        return imitation;
    }

    /** Where the API lives, e.g. {@code http://127.0.0.1:41234/v1}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.port() + API);
    }

    /** The only key this processor accepts ({@code Authorization: Bearer <key>}). */
    public String secretKey() {
        return secretKey;
    }

    /**
     * The next requests to create a payment (whatever their key) are answered so, one reply each, in order; then
     * the processor behaves normally again. A reply that executes still respects idempotency: a key seen before gets
     * its saved answer (late or garbled if the reply says so) and nothing is taken again.
     */
    public void script(Reply... replies) {
        synchronized (lock) {
            script.addAll(Arrays.asList(replies));
        }
    }

    /** How long {@link Reply#TIMEOUT_AFTER_CHARGE} keeps the answer back (3 s unless set). */
    public void delayAfterCharge(Duration delay) {
        synchronized (lock) {
            delayAfterCharge = Objects.requireNonNull(delay);
        }
    }

    /** Moves the imitation's clock on: payments made later are stamped later, and saved keys age. */
    public void advance(Duration duration) {
        synchronized (lock) {
            now = now.plus(duration);
        }
    }

    /** The imitation's clock. */
    public Instant now() {
        synchronized (lock) {
            return now;
        }
    }

    /** How long a saved key's answer is kept (24 hours unless set); after that the key executes again. */
    public void forgetKeysAfter(Duration age) {
        synchronized (lock) {
            forgetKeysAfter = Objects.requireNonNull(age);
        }
    }

    /** Whether idempotency keys are honoured (yes unless set): when not, every request executes. */
    public void honourKeys(boolean honour) {
        synchronized (lock) {
            honourKeys = honour;
        }
    }

    /**
     * Takes the money for a payment made outside Creditpool's knowledge (from another tool, or by a request whose
     * record was lost), with the given metadata; returns its intent id.
     */
    public String chargeDirectly(String customer, long amountMinor, String currency, Map<String, String> metadata) {
        synchronized (lock) {
            Intent intent = newIntent("", customer, amountMinor, currency, metadata);
            takeMoney(intent);
            return intent.id;
        }
    }

    /**
     * From now on the processor does not honour idempotency keys: every request to create a payment executes (and
     * takes the money), as one that dropped or forgot the key would.
     */
    public void ignoreKeys() {
        honourKeys(false);
    }

    /** From now on, requests to create a payment wait (the processor hangs) until {@link #releaseRequests()}. */
    public void holdRequests() {
        gate = new java.util.concurrent.CountDownLatch(1);
    }

    /** Lets the held requests, and every later one, through. */
    public void releaseRequests() {
        gate.countDown();
    }

    /** How many requests to create a payment are waiting for {@link #releaseRequests()}. */
    public int heldRequests() {
        return waiting.get();
    }

    /** From now on, this customer's cards are declined ({@code insufficient_funds}). */
    public void declineCustomer(String customerId) {
        synchronized (lock) {
            declinedCustomers.add(customerId);
        }
    }

    /** From now on, this customer's cards are accepted again. */
    public void acceptCustomer(String customerId) {
        synchronized (lock) {
            declinedCustomers.remove(customerId);
        }
    }

    /** The money actually taken, oldest first. */
    public List<Charge> charges() {
        synchronized (lock) {
            return List.copyOf(charges);
        }
    }

    /** How many POST requests arrived, answered or not. */
    public int requests() {
        synchronized (lock) {
            return posts;
        }
    }

    /** The idempotency key of every POST that arrived, in order ("" for one without a key). */
    public List<String> idempotencyKeys() {
        synchronized (lock) {
            return received.stream().filter(r -> r.method().equals("POST")).map(Received::idempotencyKey).toList();
        }
    }

    /** Every request that arrived, GETs included, in order. */
    public List<Received> received() {
        synchronized (lock) {
            return List.copyOf(received);
        }
    }

    @Override
    public void close() {
        server.stop();
    }

    /** The answer a processor saved for an idempotency key, and the parameters it must be used with again. */
    private record Saved(Map<String, String> parameters, int status, String body, Instant at) {
    }

    /** A payment intent as the processor keeps it. */
    private static final class Intent {
        final String id;
        final String key;
        final String customer;
        final long amount;
        final String currency;
        final Instant createdAt;
        final Map<String, String> metadata;
        String status;
        String declineCode;
        boolean settlesOnLookUp;

        Intent(String id, String key, String customer, long amount, String currency, Instant createdAt,
               Map<String, String> metadata) {
            this.createdAt = createdAt;
            this.metadata = metadata;
            this.id = id;
            this.key = key;
            this.customer = customer;
            this.amount = amount;
            this.currency = currency;
        }
    }

    /** Answers every request; everything happens under the lock except the late answer's wait. */
    private final class Processor implements ResponseDefinitionTransformerV2 {
        @Override
        public String getName() {
            return "creditpool-processor-imitation";
        }

        @Override
        public boolean applyGlobally() {
            return true;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            if (event.getRequest().getMethod().equals(RequestMethod.POST)) {
                awaitGate();
            }
            synchronized (lock) {
                return answer(event.getRequest()).build();
            }
        }
    }

    private void awaitGate() {
        java.util.concurrent.CountDownLatch current = gate;
        if (current.getCount() == 0) {
            return;
        }
        waiting.incrementAndGet();
        try {
            current.await(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting.decrementAndGet();
        }
    }

    private ResponseDefinitionBuilder answer(LoggedRequest request) {
        String path = URI.create(request.getUrl()).getPath();
        boolean post = request.getMethod().equals(RequestMethod.POST);
        Map<String, String> form = post ? form(request.getBodyAsString()) : Map.of();
        String key = Objects.toString(request.getHeader("Idempotency-Key"), "");
        String authorization = Objects.toString(request.getHeader("Authorization"), "");
        received.add(new Received(request.getMethod().getName(), path, authorization, key,
                Collections.unmodifiableMap(form)));
        if (post) {
            posts++;
        }
        if (!authorization.equals("Bearer " + secretKey)) {
            return unauthorized(authorization);
        }
        if (post && path.equals(INTENTS)) {
            return create(key, form, script.poll());
        }
        if (request.getMethod().equals(RequestMethod.GET) && path.equals(INTENTS)) {
            return list(query(URI.create(request.getUrl()).getRawQuery()));
        }
        if (request.getMethod().equals(RequestMethod.GET) && path.startsWith(INTENTS + "/")) {
            Intent intent = intents.get(path.substring(INTENTS.length() + 1));
            if (intent == null) {
                return error(404, "invalid_request_error", "resource_missing", null, "No such payment_intent: '"
                        + path.substring(INTENTS.length() + 1) + "'");
            }
            lookUp(intent);
            return json(200, intentJson(intent));
        }
        return error(404, "invalid_request_error", "resource_missing", null,
                "Unrecognized request URL (" + request.getMethod().getName() + ": " + path + ")");
    }

    private ResponseDefinitionBuilder create(String key, Map<String, String> form, Reply reply) {
        if (reply == Reply.SERVER_ERROR) {
            return error(500, "api_error", null, null, "An unknown error occurred on the processor.");
        }
        if (reply == Reply.RATE_LIMITED) {
            return error(429, "invalid_request_error", "rate_limit", null, "Too many requests hit the API too "
                    + "quickly.");
        }
        if (reply == Reply.CONNECTION_RESET) {
            return aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
        }
        String invalid = invalidParameter(form);
        if (invalid != null) {
            // a request that fails validation does not execute and is not saved
            return error(400, "invalid_request_error", "parameter_invalid", null, invalid);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String field : List.of("amount", "currency", "customer", "payment_method")) {
            parameters.put(field, form.getOrDefault(field, ""));
        }
        Saved saved = key.isEmpty() || !honourKeys ? null : savedByKey.get(key);
        if (saved != null && !saved.at().plus(forgetKeysAfter).isAfter(now)) {
            savedByKey.remove(key);     // pruned: the key is new again
            saved = null;
        }
        ResponseDefinitionBuilder answer;
        if (saved != null && !saved.parameters().equals(parameters)) {
            return error(400, "idempotency_error", null, null, "Keys for idempotent requests can only be used with "
                    + "the same parameters they were first used with. Try using a key other than '" + key
                    + "' if you meant to execute a different request.");
        } else if (saved != null) {
            answer = aResponse().withStatus(saved.status()).withHeader("Content-Type", "application/json")
                    .withHeader("Idempotent-Replayed", "true").withBody(saved.body());
        } else {
            saved = execute(key, form, parameters, reply);
            if (!key.isEmpty() && honourKeys) {
                savedByKey.put(key, saved);
            }
            answer = aResponse().withStatus(saved.status()).withHeader("Content-Type", "application/json")
                    .withBody(saved.body());
        }
        if (reply == Reply.TIMEOUT_AFTER_CHARGE) {
            return answer.withFixedDelay((int) delayAfterCharge.toMillis());
        }
        if (reply == Reply.MALFORMED_AFTER_CHARGE) {
            return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody("{\"id\": \"pi_");
        }
        return answer;
    }

    /** The processor's work for a new request: take the money (or decline), and the answer it saves. */
    private Saved execute(String key, Map<String, String> form, Map<String, String> parameters, Reply reply) {
        Map<String, String> metadata = new LinkedHashMap<>();
        form.forEach((name, value) -> {
            if (name.startsWith("metadata[") && name.endsWith("]")) {
                metadata.put(name.substring("metadata[".length(), name.length() - 1), value);
            }
        });
        Intent intent = newIntent(key, form.get("customer"), Long.parseLong(form.get("amount")), form.get("currency"),
                metadata);
        if (reply == Reply.SERVER_ERROR_SAVED || reply == Reply.SERVER_ERROR_AFTER_CHARGE) {
            if (reply == Reply.SERVER_ERROR_AFTER_CHARGE) {
                takeMoney(intent);
            } else {
                intent.status = "requires_payment_method";
            }
            return new Saved(parameters, 500, errorBody("api_error", null, null, "An unknown error occurred on the "
                    + "processor.").toString(), now);
        }
        boolean declined = reply == Reply.DECLINE
                || reply != Reply.SUCCEED && declinedCustomers.contains(intent.customer);
        if (reply == Reply.PROCESSING || reply == Reply.STILL_PROCESSING) {
            intent.status = "processing";
            intent.settlesOnLookUp = reply == Reply.PROCESSING;
            return new Saved(parameters, 200, intentJson(intent).toString(), now);
        }
        if (declined) {
            intent.status = "requires_payment_method";
            intent.declineCode = "insufficient_funds";
            ObjectNode body = JSON.createObjectNode();
            ObjectNode error = body.putObject("error");
            error.put("type", "card_error").put("code", "card_declined").put("decline_code", intent.declineCode)
                    .put("message", "Your card has insufficient funds.");
            error.set("payment_intent", intentJson(intent));
            return new Saved(parameters, 402, body.toString(), now);
        }
        takeMoney(intent);
        return new Saved(parameters, 200, intentJson(intent).toString(), now);
    }

    private Intent newIntent(String key, String customer, long amount, String currency, Map<String, String> metadata) {
        Intent intent = new Intent(String.format("pi_%06d", nextIntent++), key, customer, amount, currency, now,
                Map.copyOf(metadata));
        intents.put(intent.id, intent);
        created.add(intent);
        return intent;
    }

    /** A page of intents, newest first, filtered as Stripe's list filters them. */
    private ResponseDefinitionBuilder list(Map<String, String> query) {
        String customer = query.get("customer");
        long since;
        int limit;
        try {
            since = Long.parseLong(query.getOrDefault("created[gte]", "0"));
            limit = Integer.parseInt(query.getOrDefault("limit", "10"));
        } catch (NumberFormatException e) {
            return error(400, "invalid_request_error", "parameter_invalid", null, "created[gte] and limit must be "
                    + "integers");
        }
        if (limit < 1 || limit > 100) {
            return error(400, "invalid_request_error", "parameter_invalid", null, "limit: from 1 to 100");
        }
        String after = query.get("starting_after");
        List<Intent> newestFirst = new ArrayList<>(created);
        Collections.reverse(newestFirst);
        int from = 0;
        if (after != null) {
            from = -1;
            for (int i = 0; i < newestFirst.size(); i++) {
                if (newestFirst.get(i).id.equals(after)) {
                    from = i + 1;
                }
            }
            if (from < 0) {
                return error(400, "invalid_request_error", "resource_missing", null, "No such payment_intent: '"
                        + after + "'");
            }
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("object", "list").put("url", INTENTS);
        var data = body.putArray("data");
        boolean more = false;
        for (int i = from; i < newestFirst.size(); i++) {
            Intent intent = newestFirst.get(i);
            if (customer != null && !customer.equals(intent.customer)
                    || intent.createdAt.getEpochSecond() < since) {
                continue;
            }
            if (data.size() == limit) {
                more = true;
                break;
            }
            data.add(intentJson(intent));
        }
        body.put("has_more", more);
        return json(200, body);
    }

    private static Map<String, String> query(String raw) {
        return form(raw);
    }

    private void lookUp(Intent intent) {
        if (intent.settlesOnLookUp) {
            intent.settlesOnLookUp = false;
            if (declinedCustomers.contains(intent.customer)) {
                intent.status = "requires_payment_method";
                intent.declineCode = "insufficient_funds";
            } else {
                takeMoney(intent);
            }
        }
    }

    private void takeMoney(Intent intent) {
        intent.status = "succeeded";
        charges.add(new Charge(intent.key, intent.customer, intent.amount, intent.currency, intent.id));
    }

    private static String invalidParameter(Map<String, String> form) {
        String amount = form.get("amount");
        if (amount == null || !amount.matches("[1-9][0-9]{0,17}")) {
            return "amount: must be a positive integer in minor units, was " + amount;
        }
        if (form.get("currency") == null || !CURRENCY.matcher(form.get("currency")).matches()) {
            return "currency: must be a three-letter ISO code in lower case, was " + form.get("currency");
        }
        if (form.get("customer") == null || form.get("customer").isBlank()) {
            return "customer: required for an off-session payment";
        }
        if (!"true".equals(form.get("confirm"))) {
            return "confirm: this processor only creates and confirms in one request (confirm=true)";
        }
        return null;
    }

    private static ObjectNode intentJson(Intent intent) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", intent.id).put("object", "payment_intent").put("amount", intent.amount)
                .put("currency", intent.currency).put("customer", intent.customer).put("status", intent.status)
                .put("created", intent.createdAt.getEpochSecond());
        ObjectNode metadata = node.putObject("metadata");
        intent.metadata.forEach(metadata::put);
        if (intent.declineCode != null) {
            node.putObject("last_payment_error").put("type", "card_error").put("code", "card_declined")
                    .put("decline_code", intent.declineCode);
        } else {
            node.putNull("last_payment_error");
        }
        return node;
    }

    private static ResponseDefinitionBuilder unauthorized(String authorization) {
        String given = authorization.startsWith("Bearer ") ? authorization.substring("Bearer ".length()) : "";
        String message = given.isEmpty() ? "You did not provide an API key."
                : "Invalid API Key provided: " + mask(given);
        return error(401, "invalid_request_error", null, null, message);
    }

    /** Like a processor, names a wrong key by its last four characters only. */
    private static String mask(String key) {
        return key.length() <= 4 ? "****" : "****" + key.substring(key.length() - 4);
    }

    private static ResponseDefinitionBuilder error(int status, String type, String code, String declineCode,
                                                   String message) {
        return json(status, errorBody(type, code, declineCode, message));
    }

    private static ObjectNode errorBody(String type, String code, String declineCode, String message) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("type", type);
        if (code != null) {
            error.put("code", code);
        }
        if (declineCode != null) {
            error.put("decline_code", declineCode);
        }
        error.put("message", message);
        return body;
    }

    private static ResponseDefinitionBuilder json(int status, ObjectNode body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(body.toString());
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return fields;
        }
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            fields.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value,
                    StandardCharsets.UTF_8));
        }
        return fields;
    }
}
