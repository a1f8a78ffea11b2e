package io.creditpool.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.clock.TestClocks;
import io.creditpool.adapters.keys.ApiKeys;
import io.creditpool.adapters.keys.InMemoryApiKeys;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.adapters.store.StoreSettings;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every answer is what the OpenAPI document says of it, as the clients generated from the document read it: a
 * session of a host product in sandbox mode (and an operator's calls) goes through every route, and each answer's
 * status is one the document declares for the route, and its body matches the schema declared for that status and
 * media type: the types (null only where the type allows it), the required fields, the date-times, the enums, and no
 * field the schema of an object leaves out.
 */
class OpenApiAnswersTest {
    private static final Path DOCUMENT = Path.of("src/main/resources/io/creditpool/adapters/http/openapi.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyAnswerOfASessionThroughEveryRouteIsWhatTheDocumentDeclares() throws Exception {
        JsonNode document = new YAMLMapper().readTree(Files.readString(DOCUMENT));
        InMemoryApiKeys keys = new InMemoryApiKeys();
        String product = keys.create("shop").key();
        String operator = keys.create("ops", ApiKeys.Scope.OPERATOR).key();
        try (Creditpool pool = Creditpool.builder().clock(new TestClocks(new ManualClock(
                Instant.parse("2026-03-01T00:00:00Z")))).payments(new SandboxPaymentGateway())
                .store(StoreSettings.MEMORY).build();
                HttpService service = HttpService.start(pool, keys, "127.0.0.1", 0, true)) {
            Session s = new Session(document, service.port(), product);
            s.call(200, "GET", "/health", null, null);
            s.call(200, "GET", "/ready", null, null);
            s.call(200, "GET", "/openapi.yaml", null, null);
            s.call(200, "GET", "/metrics", null, null);
            s.call(200, "GET", "/v1/plans", null, null);
            s.call(201, "POST", "/v1/sandbox/teams/{team}/test-clock", null,
                    "{\"frozen_at\":\"2026-01-05T10:00:00Z\"}");
            s.call(200, "GET", "/v1/sandbox/teams/{team}/test-clock", null, null);
            s.call(201, "POST", "/v1/teams", null,
                    "{\"team\":\"acme\",\"plan\":\"enterprise\",\"seats\":3,\"owner\":\"olivia\","
                            + "\"billing_anchor_day\":1}");
            s.call(200, "POST", "/v1/teams/{team}/members", "olivia", "{\"member\":\"alice\",\"role\":\"member\"}");
            s.call(200, "POST", "/v1/teams/{team}/members", "olivia", "{\"member\":\"bob\",\"role\":\"member\"}");
            s.call(200, "PUT", "/v1/teams/{team}/members/{member}/limit", "olivia", "{\"limit\":300}");
            s.call(200, "PUT", "/v1/teams/{team}/members/{member}/own-limit", "alice", "{\"limit\":250}");
            s.call(403, "PUT", "/v1/teams/{team}/members/{member}/own-limit", "alice", "{\"limit\":301}");  // raising
            s.call(403, "PUT", "/v1/teams/{team}/members/{member}/own-limit", "bob", "{\"limit\":1}");    // not hers
            s.call(201, "POST", "/v1/teams/{team}/groups", "olivia",
                    "{\"group\":\"design\",\"name\":\"Design\",\"cap\":200}");
            s.call(400, "POST", "/v1/teams/{team}/groups", "olivia", "{\"group\":\"x\",\"cap\":-1}");  // cap < 0
            s.call(403, "POST", "/v1/teams/{team}/groups", "alice", "{\"group\":\"mine\"}");          // a member
            s.call(200, "PUT", "/v1/teams/{team}/members/{member}/group", "olivia", "{\"group\":\"design\"}");
            s.call(400, "PUT", "/v1/teams/{team}/members/{member}/group", "olivia",
                    "{\"group\":[\"design\",\"ops\"]}");                                           // two groups
            s.call(400, "PUT", "/v1/teams/{team}/members/{member}/group", "olivia", "{\"group\":\"ops\"}"); // unknown
            s.group = "design";
            s.call(200, "PATCH", "/v1/teams/{team}/groups/{group}", "olivia", "{\"name\":\"Product design\"}");
            s.call(200, "GET", "/v1/teams/{team}/groups", null, null);
            s.call(200, "PATCH", "/v1/teams/{team}/members/{member}", "olivia", "{\"role\":\"admin\"}");
            s.call(200, "POST", "/v1/teams/{team}/consumptions", "alice", "{\"credits\":120}");
            s.call(422, "POST", "/v1/teams/{team}/consumptions", "alice", "{\"credits\":1000}");        // member-limit
            s.call(422, "POST", "/v1/teams/{team}/consumptions", "alice", "{\"credits\":81}");          // group-cap
            s.call(200, "PATCH", "/v1/teams/{team}/groups/{group}", "olivia", "{\"cap\":\"unlimited\"}");
            s.call(402, "POST", "/v1/teams/{team}/consumptions", "olivia", "{\"credits\":100000}");     // insufficient
            s.call(200, "POST", "/v1/teams/{team}/top-ups", "olivia", "{\"credits\":1000}");
            s.call(200, "PUT", "/v1/teams/{team}/auto-top-up", "olivia",
                    "{\"enabled\":true,\"threshold\":500,\"amount\":300,\"monthly_cap\":null}");
            s.reservation = "job-1";
            s.call(201, "POST", "/v1/teams/{team}/reservations", "alice", "{\"credits\":50}");
            s.call(200, "GET", "/v1/teams/{team}", null, null);                  // with a reservation held
            s.call(200, "GET", "/v1/teams/{team}/ledger", null, null);           // a consumption in a group
            s.call(200, "POST", "/v1/teams/{team}/reservations/{reservation}/settle", "alice", "{\"credits\":20}");
            s.reservation = "job-2";
            s.call(201, "POST", "/v1/teams/{team}/reservations", "alice", "{\"credits\":10,\"hold_for_seconds\":60}");
            s.call(200, "POST", "/v1/teams/{team}/reservations/{reservation}/release", "alice", null);
            s.call(200, "PUT", "/v1/sandbox/teams/{team}/payments", null, "{\"behaviour\":\"decline\"}");
            s.call(402, "POST", "/v1/teams/{team}/top-ups", "olivia", "{\"credits\":500}");                 // declined
            s.call(200, "GET", "/v1/sandbox/teams/{team}/payments", null, null);
            s.call(200, "POST", "/v1/sandbox/teams/{team}/test-clock/advance", null, "{\"by\":\"P1M\"}");
            s.call(200, "GET", "/v1/teams/{team}", null, null);                  // a new cycle, expired plan credits
            s.call(200, "GET", "/v1/teams/{team}/ledger", null, null);
            s.call(200, "GET", "/v1/teams/{team}/ledger?limit=2", null, null);
            s.call(200, "GET", "/v1/sandbox/teams/{team}/events", null, null);
            s.call(200, "GET", "/v1/sandbox/teams/{team}/audit", null, null);
            s.call(200, "GET", "/v1/events", null, null);
            s.call(201, "POST", "/v1/webhooks", null,
                    "{\"url\":\"http://127.0.0.1:9/events\",\"events\":[\"low-balance\"]}");
            s.webhook = s.last.path("id").asText();
            s.call(200, "GET", "/v1/webhooks", null, null);
            s.call(200, "GET", "/v1/webhooks/{webhook}/deliveries", null, null);
            s.call(200, "POST", "/v1/webhooks/{webhook}/rotate-secret", null, "{\"overlap_seconds\":60}");
            s.call(202, "POST", "/v1/webhooks/{webhook}/resend", null, "{\"after\":0}");
            s.call(400, "POST", "/v1/webhooks/{webhook}/resend", null, "{}");           // neither event nor after
            s.call(204, "DELETE", "/v1/webhooks/{webhook}", null, null);
            s.call(201, "POST", "/v1/portal-sessions", null, "{\"team\":\"acme\",\"member\":\"olivia\"}");
            s.call(200, "DELETE", "/v1/teams/{team}/groups/{group}", "olivia", null);
            s.member = "bob";
            s.call(200, "DELETE", "/v1/teams/{team}/members/{member}", "olivia", null);
            s.team = "nobody";
            s.call(404, "GET", "/v1/teams/{team}", null, null);                  // unknown-team
            s.key = null;
            s.call(401, "GET", "/v1/plans", null, null);                         // unauthorized
            s.key = operator;
            s.call(200, "GET", "/admin/rules", null, null);
            s.call(409, "POST", "/admin/rules/reload", null, null);              // the shipped rules: nothing to reload
            s.call(200, "GET", "/admin/payments/reconciliation", null, null);
            s.call(200, "GET", "/admin/keys", null, null);
            s.call(201, "POST", "/admin/keys", null, "{\"name\":\"shop-two\"}");
            s.apiKey = s.last.path("id").asText();
            s.call(200, "DELETE", "/admin/keys/{key}", null, null);
            s.apiKey = "nosuchkey";
            s.call(404, "DELETE", "/admin/keys/{key}", null, null);             // unknown-key
            s.call(400, "POST", "/admin/keys", null, "{\"name\":\"Shop Two\"}");   // not a product name
            s.call(200, "GET", "/admin/audit", null, null);
            s.team = "shop:acme";
            s.call(200, "GET", "/admin/teams/{team}/ledger/export", null, null);
            s.call(400, "GET", "/admin/teams/{team}/ledger/export?from=yesterday", null, null);
            s.team = "shop:nobody";
            s.call(404, "GET", "/admin/teams/{team}/ledger/export", null, null);

            List<String> operations = new ArrayList<>();
            document.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
                if (!m.equals("parameters")) {
                    operations.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey());
                }
            }));
            assertThat(s.called).as("the operations the session called").containsAll(operations);
            assertThat(s.checked).as("answers checked").isGreaterThan(40);
            assertThat(s.errors).as("answers the document does not describe").isEmpty();
        }
    }

    @Test
    void aMissingFieldAWrongTypeANullAnUndocumentedFieldAndAWrongDateTimeAreFound() throws Exception {
        JsonNode document = new YAMLMapper().readTree("""
                components:
                  schemas:
                    Grant:
                      type: object
                      required: [grant_id, source]
                      properties:
                        grant_id: {type: integer}
                        source: {type: string, enum: [plan, top-up]}
                        expires_at: {type: [string, "null"], format: date-time}
                        limit:
                          oneOf:
                            - {type: integer}
                            - {type: string, enum: [unlimited]}
                """);
        JsonNode schema = JSON.readTree("{\"$ref\":\"#/components/schemas/Grant\"}");
        List<String> errors = new ArrayList<>();

        validate(document, schema, JSON.readTree("{\"grant_id\":1,\"source\":\"plan\",\"expires_at\":null,"
                + "\"limit\":\"unlimited\"}"), "ok", errors);
        validate(document, schema, JSON.readTree("{\"grant_id\":\"1\",\"source\":\"gift\",\"expires_at\":\"soon\","
                + "\"limit\":\"none\",\"extra\":true}"), "bad", errors);
        validate(document, schema, JSON.readTree("{\"source\":null}"), "short", errors);

        assertThat(errors).containsExactlyInAnyOrder(
                "bad.grant_id: \"1\" is not integer",
                "bad.source: \"gift\" is not one of [\"plan\",\"top-up\"]",
                "bad.expires_at: \"soon\" is not a date-time",
                "bad.limit: \"none\" matches 0 of the 2 schemas of oneOf",
                "bad.extra: a field the schema does not have",
                "short: no grant_id, which is required",
                "short.source: null is not string");
    }

    /** Calls made as one host product, each answer checked against the document. */
    private static final class Session {
        final JsonNode document;
        final int port;
        String key;
        String team = "acme";
        String member = "alice";
        String reservation;
        String webhook;
        String apiKey;
        String group;
        JsonNode last;
        int checked;
        final java.util.Set<String> called = new java.util.HashSet<>();
        final List<String> errors = new ArrayList<>();

        Session(JsonNode document, int port, String key) {
            this.document = document;
            this.port = port;
            this.key = key;
        }

        /**
         * Calls {@code template} with its path parameters filled in, and checks that the answer's status is
         * {@code expected} and that the answer is what the document declares.
         */
        void call(int expected, String method, String template, String actingMember, String body) throws Exception {
            String path = template.replace("{team}", team).replace("{member}", member)
                    .replace("{reservation}", String.valueOf(reservation))
                    .replace("{webhook}", String.valueOf(webhook)).replace("{key}", String.valueOf(apiKey))
                    .replace("{group}", String.valueOf(group));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(20))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (key != null) {
                request.header("Authorization", "Bearer " + key);
            }
            if (actingMember != null) {
                request.header(HttpService.MEMBER_HEADER, actingMember);
            }
            if (template.endsWith("/reservations")) {
                request.header(HttpService.IDEMPOTENCY_HEADER, reservation);
            }
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> answer = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String contentType = answer.headers().firstValue("Content-Type").orElse("").split(";")[0].strip();
            String where = method + " " + path + " " + answer.statusCode();
            last = answer.body().isEmpty() || !contentType.endsWith("json") ? null : JSON.readTree(answer.body());
            checked++;
            called.add(method + " " + template.split("\\?")[0]);
            if (answer.statusCode() != expected) {
                errors.add(where + ": the session expected " + expected + " (" + answer.body() + ")");
            }

            JsonNode operation = document.path("paths").path(template.split("\\?")[0])
                    .path(method.toLowerCase(Locale.ROOT));
            if (operation.isMissingNode()) {
                errors.add(where + ": the document has no " + method + " " + template);
                return;
            }
            JsonNode responses = operation.path("responses");
            String status = String.valueOf(answer.statusCode());
            JsonNode response = responses.has(status) ? responses.get(status)
                    : responses.path(status.charAt(0) + "XX");
            if (response.isMissingNode()) {
                errors.add(where + ": a status the document does not declare for the route (" + answer.body() + ")");
                return;
            }
            JsonNode content = resolve(document, response).path("content");
            if (content.isMissingNode() || content.isEmpty()) {
                return;   // nothing declared of the body: a client reads none
            }
            JsonNode media = content.path(contentType);
            if (media.isMissingNode()) {
                errors.add(where + ": answered " + contentType + ", the document declares " + content.fieldNames()
                        .next());
                return;
            }
            if (last == null && !contentType.endsWith("json")
                    && "string".equals(resolve(document, media.path("schema")).path("type").asText())) {
                if (answer.body().isEmpty()) {
                    errors.add(where + ": an empty " + contentType + " body");
                }
                return;   // a text body (a scenario file), declared as a string
            }
            if (last == null) {
                errors.add(where + ": no JSON body, the document declares one");
                return;
            }
            validate(document, media.path("schema"), last, where, errors);
        }
    }

    /** Adds to {@code errors} what of {@code value} (at {@code where}) {@code schema} does not allow. */
    static void validate(JsonNode document, JsonNode schema, JsonNode value, String where, List<String> errors) {
        schema = resolve(document, schema);
        if (schema.has("oneOf")) {
            int matching = 0;
            for (JsonNode one : schema.get("oneOf")) {
                List<String> mine = new ArrayList<>();
                validate(document, one, value, where, mine);
                matching += mine.isEmpty() ? 1 : 0;
            }
            if (matching != 1) {
                errors.add(where + ": " + value + " matches " + matching + " of the " + schema.get("oneOf").size()
                        + " schemas of oneOf");
            }
        }
        if (schema.has("allOf")) {
            // the parts describe one object together: their fields and required fields as one schema
            com.fasterxml.jackson.databind.node.ObjectNode merged = JSON.createObjectNode();
            merged.put("type", "object");
            for (JsonNode part : schema.get("allOf")) {
                JsonNode resolved = resolve(document, part);
                merged.withObject("/properties").setAll((com.fasterxml.jackson.databind.node.ObjectNode)
                        resolved.path("properties").deepCopy());
                resolved.path("required").forEach(r -> merged.withArray("required").add(r));
            }
            validate(document, merged, value, where, errors);
            return;
        }
        List<String> types = new ArrayList<>();
        if (schema.path("type").isArray()) {
            schema.get("type").forEach(t -> types.add(t.asText()));
        } else if (schema.has("type")) {
            types.add(schema.get("type").asText());
        }
        if (!types.isEmpty() && types.stream().noneMatch(t -> is(t, value))) {
            errors.add(where + ": " + value + " is not " + String.join(" or ", types));
            return;
        }
        if (value.isNull()) {
            return;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                errors.add(where + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (value.isTextual() && "date-time".equals(schema.path("format").asText()) && !dateTime(value.asText())) {
            errors.add(where + ": " + value + " is not a date-time");
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                validate(document, schema.get("items"), value.get(i), where + "[" + i + "]", errors);
            }
        }
        if (value.isObject()) {
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asText())) {
                    errors.add(where + ": no " + required.asText() + ", which is required");
                }
            }
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.path("additionalProperties");
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String at = where + "." + field.getKey();
                if (properties.has(field.getKey())) {
                    validate(document, properties.get(field.getKey()), field.getValue(), at, errors);
                } else if (additional.isObject()) {
                    validate(document, additional, field.getValue(), at, errors);
                } else if (properties.size() > 0 && !additional.asBoolean(false)) {
                    errors.add(at + ": a field the schema does not have");
                }
            }
        }
    }

    private static JsonNode resolve(JsonNode document, JsonNode node) {
        while (node.has("$ref")) {
            JsonNode target = document;
            for (String part : node.get("$ref").asText().substring(2).split("/")) {
                target = target.path(part);
            }
            node = target;
        }
        return node;
    }

    private static boolean is(String type, JsonNode value) {
        return switch (type) {
            case "null" -> value.isNull();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            default -> false;
        };
    }

    private static boolean dateTime(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

}
