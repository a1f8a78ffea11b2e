package io.creditpool.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.creditpool.Creditpool;
import io.creditpool.adapters.events.Webhooks;
import io.creditpool.kernel.port.out.CreditEvent;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.StoredEvent;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The product's events: webhook endpoints ({@code /v1/webhooks}, each sent the product's events of the types it
 * names, signed) and the event feed for those who poll ({@code GET /v1/events?after=SEQ}). A product sees only its
 * own endpoints and events.
 */
final class WebhookRoutes {
    static final int EVENTS_PAGE_DEFAULT = 100;
    static final int EVENTS_PAGE_MAX = 1000;
    static final int DELIVERIES_PAGE = 100;
    private static final int URL_MAX = 2048;
    private static final int ENDPOINTS_MAX = 16;
    /** The most events one resend goes through; {@code next_after} in its answer goes on from there. */
    static final int RESEND_PAGE = 1000;
    /** How long a replaced secret signs beside the new one unless the request says: a day. */
    static final long OVERLAP_DEFAULT_SECONDS = 86_400;
    /** The longest overlap: a week. */
    static final long OVERLAP_MAX_SECONDS = 7 * 86_400;

    private final Creditpool pool;
    private final Webhooks webhooks;
    private final com.fasterxml.jackson.databind.ObjectMapper json;
    private final java.time.Clock clock;

    WebhookRoutes(Creditpool pool, Webhooks webhooks, com.fasterxml.jackson.databind.ObjectMapper json,
            java.time.Clock clock) {
        this.pool = pool;
        this.webhooks = webhooks;
        this.json = json;
        this.clock = clock;
    }

    void register(HttpService.Registrar routes) {
        routes.route(HandlerType.POST, "/v1/webhooks", this::create);
        routes.route(HandlerType.GET, "/v1/webhooks", this::list);
        routes.route(HandlerType.DELETE, "/v1/webhooks/{webhook}", this::delete);
        routes.route(HandlerType.GET, "/v1/webhooks/{webhook}/deliveries", this::deliveries);
        routes.route(HandlerType.POST, "/v1/webhooks/{webhook}/resend", this::resend);
        routes.route(HandlerType.POST, "/v1/webhooks/{webhook}/rotate-secret", this::rotateSecret);
        routes.route(HandlerType.GET, "/v1/events", this::events);
    }

    record Endpoint(String id, String url, List<String> events, Instant createdAt) {
        static Endpoint of(Webhooks.Endpoint e) {
            return new Endpoint(e.id(), e.url().toString(), e.events(), e.createdAt());
        }
    }

    /** A new endpoint with its signing secret: the only answer that shows it. */
    record Created(String id, String url, List<String> events, Instant createdAt, String secret) {
    }

    record Endpoints(List<Endpoint> webhooks) {
    }

    record Delivery(String event, long seq, String state, int attempts, Instant nextAttemptAt, Instant lastAttemptAt,
            Integer lastStatus, String lastError) {
    }

    record Deliveries(String webhook, List<Delivery> deliveries) {
    }

    record Events(List<EventJson.Event> events, long nextAfter, boolean hasMore) {
    }

    private void create(Context ctx) {
        String product = HttpService.product(ctx);
        JsonBody body = JsonBody.read(ctx, json, Set.of("url", "events"));
        URI url = url(body);
        List<String> events = events(body);
        if (webhooks.list(product).size() >= ENDPOINTS_MAX) {
            throw unprocessable("url", "a product has at most " + ENDPOINTS_MAX + " webhook endpoints; delete one "
                    + "first");
        }
        Webhooks.Created created = webhooks.create(product, url, events,
                pool.component(CreditStore.class).lastEventId(), clock.instant());
        Webhooks.Endpoint e = created.endpoint();
        ctx.status(201).json(new Created(e.id(), e.url().toString(), e.events(), e.createdAt(), created.secret()));
    }

    private static URI url(JsonBody body) {
        if (!body.has("url")) {
            throw unprocessable("url", "is required: the http(s) URL the events are sent to");
        }
        JsonNode node = body.node("url");
        if (!node.isTextual()) {
            throw unprocessable("url", "must be a string");
        }
        String text = node.textValue();
        if (text.length() > URL_MAX) {
            throw unprocessable("url", "must be at most " + URL_MAX + " characters");
        }
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw unprocessable("url", "is not a URL: " + e.getReason());
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw unprocessable("url", "must be an http or https URL, was '" + (scheme.isEmpty() ? text : scheme
                    + ":...") + "'");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw unprocessable("url", "must name a host");
        }
        if (url.getRawUserInfo() != null) {
            throw unprocessable("url", "must not carry a user or password; the signature authenticates the sender");
        }
        return url;
    }

    private static List<String> events(JsonBody body) {
        if (!body.has("events")) {
            throw unprocessable("events", "is required: a list of event types, e.g. [\"top-up-succeeded\"]; "
                    + "the types are " + CreditEvent.TYPES);
        }
        JsonNode node = body.node("events");
        if (!node.isArray() || node.isEmpty()) {
            throw unprocessable("events", "must be a non-empty list of event types: " + CreditEvent.TYPES);
        }
        Set<String> types = new LinkedHashSet<>();
        for (JsonNode t : node) {
            if (!t.isTextual() || CreditEvent.typeNamed(t.textValue()) == null) {
                throw unprocessable("events", "'" + (t.isTextual() ? t.textValue() : t.toString())
                        + "' is not an event type; the types are " + CreditEvent.TYPES);
            }
            types.add(t.textValue());
        }
        return List.copyOf(types);
    }

    private void list(Context ctx) {
        ctx.json(new Endpoints(webhooks.list(HttpService.product(ctx)).stream().map(Endpoint::of).toList()));
    }

    private void delete(Context ctx) {
        String id = ctx.pathParam("webhook");
        if (!webhooks.delete(HttpService.product(ctx), id, clock.instant())) {
            throw unknownWebhook(id);
        }
        ctx.status(204);
    }

    private void deliveries(Context ctx) {
        String product = HttpService.product(ctx);
        String id = ctx.pathParam("webhook");
        if (webhooks.list(product).stream().noneMatch(e -> e.id().equals(id))) {
            throw unknownWebhook(id);
        }
        List<Delivery> out = new ArrayList<>();
        for (Webhooks.Delivery d : webhooks.deliveries(product, id, DELIVERIES_PAGE)) {
            out.add(new Delivery(StoredEvent.publicId(d.eventId()), d.eventId(), d.state(), d.attempts(),
                    d.state().equals("pending") ? d.nextAt() : null, d.lastAt(), d.lastStatus(), d.lastError()));
        }
        ctx.json(new Deliveries(id, out));
    }

    record Resent(String webhook, int queued, long nextAfter, boolean hasMore) {
    }

    record Rotated(String id, String secret, Instant previousSecretExpiresAt) {
    }

    /**
     * Sends events again: {@code {"event":"evt_..."}} for one, or {@code {"after":"evt_..."}} (or a seq) for those
     * after it, a page at a time. Each is delivered afresh (pending, due now, a new retry window).
     */
    private void resend(Context ctx) {
        String product = HttpService.product(ctx);
        String id = ctx.pathParam("webhook");
        JsonBody body = JsonBody.read(ctx, json, Set.of("event", "after"));
        if (body.has("event") == body.has("after")) {
            throw Problems.invalid("event", "give either event (one event's id, evt_...) or after (resend the events "
                    + "after this id or seq), not " + (body.has("event") ? "both" : "neither"));
        }
        Long only = body.has("event") ? eventId(body, "event") : null;
        long after = body.has("after") ? eventId(body, "after") : 0;
        Webhooks.Resent r = webhooks.resend(pool.component(CreditStore.class), product, id, after, only, RESEND_PAGE,
                clock.instant()).orElseThrow(() -> unknownWebhook(id));
        if (only != null && r.queued() == 0) {
            throw new Problems.ProblemException(Problems.of(404, Problems.NOT_FOUND, "Not found", "event: no event '"
                    + StoredEvent.publicId(only) + "' this endpoint is sent (not one of the product's events of its "
                    + "types since its creation, or no longer kept)").with("field", "event"));
        }
        ctx.status(202).json(new Resent(id, r.queued(), r.lastEvent(), r.more()));
    }

    /** An event's id ({@code evt_...}) or seq (a whole number of 0 or more). */
    private static long eventId(JsonBody body, String field) {
        JsonNode node = body.node(field);
        if (node.isTextual()) {
            String text = node.textValue();
            try {
                long seq = Long.parseLong(text.startsWith("evt_") ? text.substring(4) : text);
                if (seq >= 0) {
                    return seq;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw Problems.invalid(field, "'" + text + "' is not an event id (evt_ and its seq) or a seq");
        }
        long seq = JsonBody.whole(field, node);
        if (seq < 0) {
            throw Problems.invalid(field, "must be 0 or more, was " + seq);
        }
        return seq;
    }

    /** A new signing secret, shown this once; the old one signs beside it for the overlap (a day unless said). */
    private void rotateSecret(Context ctx) {
        String product = HttpService.product(ctx);
        String id = ctx.pathParam("webhook");
        // a body is optional: without one, the overlap is a day
        boolean none = ctx.req().getContentLengthLong() <= 0 && ctx.contentType() == null;
        Long overlap = none ? null : JsonBody.read(ctx, json, Set.of("overlap_seconds")).optionalWhole(
                "overlap_seconds");
        long seconds = overlap == null ? OVERLAP_DEFAULT_SECONDS : overlap;
        if (seconds < 0 || seconds > OVERLAP_MAX_SECONDS) {
            throw Problems.invalid("overlap_seconds", "must be between 0 and " + OVERLAP_MAX_SECONDS + " (a week), was "
                    + seconds);
        }
        Webhooks.Rotated r = webhooks.rotateSecret(product, id, java.time.Duration.ofSeconds(seconds), clock.instant())
                .orElseThrow(() -> unknownWebhook(id));
        ctx.json(new Rotated(r.id(), r.secret(), r.previousUntil()));
    }

    private void events(Context ctx) {
        long after = query(ctx, "after", 0);
        long limit = query(ctx, "limit", EVENTS_PAGE_DEFAULT);
        if (after < 0) {
            throw Problems.invalid("after", "must be the seq of an event (0 or more), was " + after);
        }
        if (limit < 1 || limit > EVENTS_PAGE_MAX) {
            throw Problems.invalid("limit", "must be between 1 and " + EVENTS_PAGE_MAX + ", was " + limit);
        }
        List<StoredEvent> page = pool.component(CreditStore.class).events(after, (int) limit + 1,
                HttpService.product(ctx));
        boolean more = page.size() > limit;
        List<StoredEvent> shown = more ? page.subList(0, (int) limit) : page;
        long next = shown.isEmpty() ? after : shown.get(shown.size() - 1).id();
        ctx.json(new Events(shown.stream().map(EventJson::of).toList(), next, more));
    }

    private static long query(Context ctx, String name, long fallback) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.startsWith("evt_") ? value.substring(4) : value);
        } catch (NumberFormatException e) {
            throw Problems.invalid(name, "must be a whole number (or an event id evt_...), was '" + value + "'");
        }
    }

    private static Problems.ProblemException unprocessable(String field, String reason) {
        return new Problems.ProblemException(Problems.of(422, io.creditpool.kernel.domain.DenialCode.INVALID_INPUT
                .code(), "Invalid input", field + ": " + reason).with("field", field));
    }

    private static Problems.ProblemException unknownWebhook(String id) {
        return new Problems.ProblemException(Problems.of(404, Problems.NOT_FOUND, "Not found", "webhook: no "
                + "webhook endpoint '" + id + "' of this product"));
    }
}
