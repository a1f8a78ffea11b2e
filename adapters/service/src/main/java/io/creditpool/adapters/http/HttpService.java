package io.creditpool.adapters.http;

import io.creditpool.adapters.keys.ApiKeys;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.creditpool.Creditpool;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.ChangeGroupCommand;
import io.creditpool.kernel.port.in.CreateGroupCommand;
import io.creditpool.kernel.port.in.DeleteGroupCommand;
import io.creditpool.kernel.port.in.MoveMemberCommand;
import io.creditpool.kernel.port.in.SetOwnLimitCommand;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.ChangeRoleCommand;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpCommand;
import io.creditpool.kernel.port.in.ConsumeCreditsCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.InviteMemberCommand;
import io.creditpool.kernel.port.in.ReleaseReservationCommand;
import io.creditpool.kernel.port.in.RemoveMemberCommand;
import io.creditpool.kernel.port.in.ReserveCreditsCommand;
import io.creditpool.kernel.port.in.SetMemberLimitCommand;
import io.creditpool.kernel.port.in.SettleReservationCommand;
import io.creditpool.adapters.events.Webhooks;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.PlanCatalog;
import io.creditpool.kernel.port.out.StoreUnavailableException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Creditpool as an HTTP JSON service, for host products that do not run on the JVM. Every {@code /v1} call carries
 * an API key ({@code Authorization: Bearer KEY}); a key belongs to one host product and sees only that product's
 * teams, which the kernel knows as {@code PRODUCT:TEAM} and the caller as {@code TEAM}. Team-scoped changes name
 * the acting member in {@code Creditpool-Member}; the kernel's role rules decide what they may do. Any change may
 * carry an {@code Idempotency-Key}, which becomes the command's request id. Accepted commands answer
 * {@code {"accepted":true,"rules":[...],"balance":N}}; everything else answers {@code application/problem+json}
 * whose {@code code} is the kernel's denial code or one of the {@link Problems} codes.
 */
public final class HttpService implements AutoCloseable {
    /** How long {@link #close()} lets requests in flight finish. */
    public static final Duration STOP_WAIT = Duration.ofSeconds(10);
    public static final String MEMBER_HEADER = "Creditpool-Member";
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    public static final int LEDGER_PAGE_DEFAULT = 50;
    public static final int LEDGER_PAGE_MAX = 500;

    private static final org.slf4j.Logger ERRORS = org.slf4j.LoggerFactory.getLogger("io.creditpool.http.errors");
    private static final String PRODUCT = "creditpool.product";
    /** The request attribute naming the operator whose key called an {@code /admin} endpoint. */
    static final String OPERATOR = "creditpool.operator";
    /** A team id no product can have (product teams hold a colon): read to see that the store answers. */
    private static final TeamId READY_PROBE = TeamId.of("ready-probe");
    private static final int TEAM_ID_MAX = 128;

    private final Creditpool pool;
    private static final org.slf4j.Logger REQUESTS = org.slf4j.LoggerFactory.getLogger("io.creditpool.http");
    private final ApiKeys keys;
    private final ObjectMapper json = mapper();
    private final Javalin app;
    private final ServiceMetrics metrics;
    private final AuthThrottle throttle = AuthThrottle.configured();
    private volatile boolean closing;
    private volatile int port;
    private final Webhooks webhooks;
    private final WebhookSettings webhookSettings;
    private WebhookSender sender;

    private HttpService(Creditpool pool, ApiKeys keys, WebhookSettings webhookSettings) {
        this.pool = pool;
        this.keys = keys;
        this.webhooks = pool.component(Webhooks.class);
        this.webhookSettings = webhookSettings;
        this.metrics = new ServiceMetrics(pool, webhooks);
        this.app = Javalin.create(config -> {
            config.requestLogger.http(this::answered);
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.jsonMapper(new JavalinJackson(json, false));
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = JsonBody.MAX_BYTES;
            // with Javalin's statistics handler, stopping lets requests in flight finish, for this long at most
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(STOP_WAIT.toMillis());
                // Jetty's own refusals (unreadable requests, 414, 431, 505, ...) answer problems too
                server.setErrorHandler(new ProblemErrorHandler());
            });
            config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new ProblemErrorHandler()));
        });
        register();
        answers();
    }

    /** Starts the service on 127.0.0.1; port 0 takes any free port (see {@link #port()}). */
    public static HttpService start(Creditpool pool, ApiKeys keys, int port) {
        return start(pool, keys, "127.0.0.1", port);
    }

    /** Starts the service on {@code host} (e.g. {@code 0.0.0.0} for every interface) and {@code port}. */
    public static HttpService start(Creditpool pool, ApiKeys keys, String host, int port) {
        return start(pool, keys, host, port, false);
    }

    /**
     * Starts the service; in sandbox mode ({@code sandbox} true) it also answers the {@code /v1/sandbox} routes (test
     * clocks, scripted payments, events, audit), and {@code pool} must have been built with test clocks
     * ({@link io.creditpool.adapters.clock.TestClocks}) and the sandbox processor
     * ({@link io.creditpool.adapters.payments.SandboxPaymentGateway}).
     */
    public static HttpService start(Creditpool pool, ApiKeys keys, String host, int port, boolean sandbox) {
        return start(pool, keys, host, port, sandbox, WebhookSettings.configured());
    }

    /**
     * Starts the service and its webhook workers, which send the product's events to their endpoints as
     * {@code webhooks} says (backoff, retries).
     */
    public static HttpService start(Creditpool pool, ApiKeys keys, String host, int port, boolean sandbox,
            WebhookSettings webhooks) {
        HttpService service = new HttpService(pool, keys, webhooks);
        if (sandbox) {
            new SandboxRoutes(pool, service.json).register(service::route, ctx -> service.team(ctx).id());
            if (!pool.purchaseWorkersRunning()) {
                // a sandbox without worker threads settles what a request ordered before it answers, each team on
                // its own test clock, so a script sees the same results on every run
                service.app.after("/v1/*", ctx -> {
                    if (ctx.method() != io.javalin.http.HandlerType.GET) {
                        pool.settlePurchases();
                    }
                });
            }
        }
        service.app.start(host, port);
        service.port = service.app.port();
        service.sender = WebhookSender.start(pool.component(CreditStore.class), service.webhooks, webhooks,
                service.json);
        return service;
    }

    /**
     * Every answered request: timed by route in the metrics, and one log line of key=value fields (the product and
     * the team, never the key; the route as registered, so no id from the path).
     */
    private void answered(Context ctx, Float millis) {
        String route;
        try {
            route = ctx.endpointHandlerPath();
        } catch (RuntimeException e) {
            route = "unmatched";
        }
        int status = ctx.statusCode();
        metrics.request(ctx.method().name(), route, status, java.time.Duration.ofNanos((long) (millis * 1_000_000)));
        // every value a caller chose is quoted and escaped (LogFields), so none can forge a field or a line
        String team;
        try {
            team = ctx.pathParamMap().get("team");
        } catch (RuntimeException e) {
            team = null;
        }
        REQUESTS.info("request method={} route={} status={} duration_ms={} product={} team={} member={}",
                LogFields.value(ctx.method().name()), LogFields.value(route), status,
                String.format(java.util.Locale.ROOT, "%.2f", millis), LogFields.value(ctx.attribute(PRODUCT)),
                LogFields.value(team), LogFields.value(ctx.header(MEMBER_HEADER)));
    }

    /** The port it listens on (or listened on, once closed). */
    public int port() {
        return port;
    }

    /**
     * Stops taking requests (new ones are answered {@code 503 not-ready}) and lets those in flight finish, for
     * {@link #STOP_WAIT} at most; any still running then are cut (a top-up is charged by a purchase worker, not by
     * its request: a purchase the workers leave half done is finished by a worker after its lease, or by
     * {@code recover}). Logs one line when stopped.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        long started = System.nanoTime();
        long deadline = started + STOP_WAIT.toNanos();
        var server = app.jettyServer().server();
        var stats = server.getChildHandlerByClass(org.eclipse.jetty.server.handler.StatisticsHandler.class);
        int active = stats == null ? 0 : stats.getRequestsActive();
        while (active > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            active = stats.getRequestsActive();
        }
        // drained (or out of time): stop at once, no second wait
        server.setStopTimeout(0);
        app.stop();
        if (sender != null) {
            sender.close();
        }
        REQUESTS.info("stopped took_ms={} requests_cut={} stop_wait_s={}",
                (System.nanoTime() - started) / 1_000_000, active, STOP_WAIT.toSeconds());
    }

    /** The mapper for bodies both ways: snake_case names, ISO-8601 instants, nulls written, strict reading. */
    static ObjectMapper mapper() {
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** One route the service answers: a method and a path as Javalin writes it ({@code {team}}). */
    public record Route(String method, String path) {
    }

    /** Adds a route to the service; the sandbox and admin routes register through it. */
    interface Registrar {
        void route(HandlerType method, String path, Handler handler);
    }

    private final List<Route> routes = new ArrayList<>();

    /** Every route the service answers, as registered: what {@code openapi.yaml} must describe. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    private void route(HandlerType method, String path, Handler handler) {
        routes.add(new Route(method.name(), path));
        app.addHttpHandler(method, path, handler);
    }

    private void register() {
        route(HandlerType.GET, "/health", ctx -> ctx.json(new Views.Status("ok")));
        route(HandlerType.GET, "/ready", this::ready);
        route(HandlerType.GET, "/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(openApi()));
        route(HandlerType.GET, "/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape()));
        app.before(ctx -> {
            if (closing) {
                ctx.header("Connection", "close");
                throw new Problems.ProblemException(Problems.of(503, Problems.NOT_READY, "Not ready", "the service "
                        + "is stopping; call again on another instance or once it has restarted"));
            }
        });
        app.before(RequestChecks::check);
        app.before("/v1/*", this::authenticate);
        app.before("/admin/*", this::authenticateOperator);
        new AdminRoutes(pool, metrics, keys, json).register(this::route);
        new WebhookRoutes(pool, webhooks, json, webhookSettings.clock()).register(this::route);
        route(HandlerType.GET, "/v1/plans", ctx -> ctx.json(Views.Plans.of(pool.component(PlanCatalog.class)
                .plans())));
        route(HandlerType.POST, "/v1/teams", this::createTeam);
        route(HandlerType.GET, "/v1/teams/{team}", this::summary);
        route(HandlerType.POST, "/v1/teams/{team}/members", this::invite);
        route(HandlerType.PATCH, "/v1/teams/{team}/members/{member}", this::changeRole);
        route(HandlerType.DELETE, "/v1/teams/{team}/members/{member}", this::remove);
        route(HandlerType.PUT, "/v1/teams/{team}/members/{member}/limit", this::setLimit);
        route(HandlerType.PUT, "/v1/teams/{team}/members/{member}/own-limit", this::setOwnLimit);
        route(HandlerType.PUT, "/v1/teams/{team}/members/{member}/group", this::moveMember);
        route(HandlerType.GET, "/v1/teams/{team}/groups", this::groups);
        route(HandlerType.POST, "/v1/teams/{team}/groups", this::createGroup);
        route(HandlerType.PATCH, "/v1/teams/{team}/groups/{group}", this::changeGroup);
        route(HandlerType.DELETE, "/v1/teams/{team}/groups/{group}", this::deleteGroup);
        route(HandlerType.POST, "/v1/teams/{team}/consumptions", this::consume);
        route(HandlerType.POST, "/v1/teams/{team}/top-ups", this::topUp);
        route(HandlerType.PUT, "/v1/teams/{team}/auto-top-up", this::configureAutoTopUp);
        route(HandlerType.GET, "/v1/teams/{team}/ledger", this::ledger);
        route(HandlerType.POST, "/v1/teams/{team}/reservations", this::reserve);
        route(HandlerType.POST, "/v1/teams/{team}/reservations/{reservation}/settle", this::settle);
        route(HandlerType.POST, "/v1/teams/{team}/reservations/{reservation}/release", this::release);
        // the Credits & Billing page: its link for host products, and its HTML routes under /portal
        new PortalRoutes(pool, json).register(this::route, app, (ctx, name) -> team(ctx, name).id(),
                ctx -> ctx.attribute(PRODUCT));
    }

    /** The OpenAPI document, as checked in beside this class. */
    static String openApi() {
        try (var in = HttpService.class.getResourceAsStream("openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the classpath");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void answers() {
        app.exception(Problems.ProblemException.class, (e, ctx) -> problem(ctx, e.problem()));
        app.exception(InvalidInputException.class, (e, ctx) -> problem(ctx, Problems.invalidInput(e)));
        app.exception(StoreUnavailableException.class, (e, ctx) -> {
            ctx.header("Retry-After", "5");
            problem(ctx, Problems.of(503, Problems.STORE_UNAVAILABLE, "Store unavailable", "the store did not "
                    + "answer; nothing changed; calling again with the same Idempotency-Key is safe"));
        });
        app.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, routing(e, ctx)));
        app.exception(Exception.class, (e, ctx) -> {
            if (unreadable(e)) {
                problem(ctx, Problems.of(400, DenialCode.INVALID_INPUT.code(), "Invalid input", "body: could not "
                        + "be read: it ended before its Content-Length, or its chunks are malformed")
                        .with("field", "body"));
                return;
            }
            // the cause stays in the log, on one line: an answer never shows internals
            ERRORS.error("request failed method={} path={} error={}", LogFields.value(ctx.method().name()),
                    LogFields.value(ctx.path()), LogFields.stack(e));
            problem(ctx, Problems.of(500, Problems.INTERNAL_ERROR, "Internal error", "the service failed on "
                    + "this request; calling again with the same Idempotency-Key is safe"));
        });
    }

    /** Whether {@code e} comes from a request body that could not be read (cut short, broken chunks). */
    private static boolean unreadable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.eclipse.jetty.http.BadMessageException || t instanceof org.eclipse.jetty.io.EofException
                    || t instanceof java.io.EOFException) {
                return true;
            }
        }
        return false;
    }

    /** Javalin's own answers (no such route, wrong method, body too large) as problems. */
    private static Problems.Problem routing(HttpResponseException e, Context ctx) {
        return switch (e.getStatus()) {
            case 404 -> Problems.of(404, Problems.NOT_FOUND, "Not found", "no resource at " + ctx.path());
            case 405 -> Problems.of(405, Problems.METHOD_NOT_ALLOWED, "Method not allowed",
                    ctx.method() + " is not allowed on " + ctx.path());
            case 413 -> Problems.of(413, Problems.BODY_TOO_LARGE, "Body too large",
                    "body: must be at most " + JsonBody.MAX_BYTES + " bytes");
            default -> Problems.of(e.getStatus(), "http-" + e.getStatus(), "HTTP " + e.getStatus(), e.getMessage());
        };
    }

    private void problem(Context ctx, Problems.Problem problem) {
        if (problem.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        ctx.status(problem.status()).json(problem.body()).contentType(Problems.MEDIA_TYPE);
    }

    // ---- health and keys

    private void ready(Context ctx) {
        if (closing) {
            throw new Problems.ProblemException(Problems.of(503, Problems.NOT_READY, "Not ready", "stopping"));
        }
        pool.metrics(READY_PROBE);
        ctx.json(new Views.Status("ready"));
    }

    /** Finds the product of the presented key; an operator key belongs to no product and is refused here. */
    private void authenticate(Context ctx) {
        ApiKeys.Holder holder = holder(ctx);
        if (holder.operator()) {
            throw forbidden(Problems.PRODUCT_KEY_REQUIRED, "Product key required", "Authorization: this endpoint "
                    + "needs a product key (keys create NAME); an operator key reaches only /admin/...");
        }
        ctx.attribute(PRODUCT, holder.name());
    }

    /** The product whose key called a {@code /v1} endpoint. */
    static String product(Context ctx) {
        return ctx.attribute(PRODUCT);
    }

    /** Lets only operator keys reach {@code /admin}. */
    private void authenticateOperator(Context ctx) {
        ApiKeys.Holder holder = holder(ctx);
        if (!holder.operator()) {
            throw forbidden(Problems.OPERATOR_KEY_REQUIRED, "Operator key required", "Authorization: this endpoint "
                    + "needs an operator key (keys create NAME --admin)");
        }
        ctx.attribute(OPERATOR, holder.name());
    }

    /** Who holds the presented key; the key itself is never logged nor echoed. */
    private ApiKeys.Holder holder(Context ctx) {
        String address = ctx.req().getRemoteAddr();
        var wait = throttle.retryAfterSeconds(address);
        if (wait.isPresent()) {
            ctx.header("Retry-After", Long.toString(wait.getAsLong()));
            throw new Problems.ProblemException(Problems.of(429, Problems.TOO_MANY_FAILED_KEYS,
                    "Too many failed authentications", "Authorization: more than " + throttle.limit()
                            + " requests from this address carried no valid API key within a minute; try again in "
                            + wait.getAsLong() + " s"));
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throttle.failed(address);
            throw unauthorized("Authorization: an API key is required, as 'Bearer KEY'");
        }
        var holder = keys.holder(header.substring(7).trim());
        if (holder.isEmpty()) {
            throttle.failed(address);
            throw unauthorized("Authorization: the API key is not valid (unknown, revoked or malformed)");
        }
        return holder.get();
    }

    private static Problems.ProblemException forbidden(String code, String title, String detail) {
        return new Problems.ProblemException(Problems.of(403, code, title, detail));
    }

    private Problems.ProblemException unauthorized(String detail) {
        return new Problems.ProblemException(Problems.of(401, Problems.UNAUTHORIZED, "Unauthorized", detail));
    }

    // ---- teams as the caller's product names them

    /** A team as the kernel knows it ({@code PRODUCT:TEAM}) and as the caller names it. */
    private record ProductTeam(TeamId id, String name) {
        /** {@code text} with the kernel's team id replaced by the caller's name for it. */
        String local(String text) {
            return text == null ? null : text.replace(id.value(), name);
        }
    }

    private ProductTeam team(Context ctx, String name) {
        String product = ctx.attribute(PRODUCT);
        Requests.named("team", () -> TeamId.of(name));
        if (name.indexOf(':') >= 0) {
            throw Problems.invalid("team", "'" + name + "' must not contain ':'");
        }
        int max = TEAM_ID_MAX - product.length() - 1;
        if (name.length() > max) {
            throw Problems.invalid("team", "must be at most " + max + " characters for this API key's product");
        }
        return new ProductTeam(TeamId.of(product + ":" + name), name);
    }

    private ProductTeam team(Context ctx) {
        return team(ctx, ctx.pathParam("team"));
    }

    /** The member named in {@code Creditpool-Member}: who acts. */
    private static MemberId actingMember(Context ctx) {
        String value = RequestChecks.header(ctx, MEMBER_HEADER);
        if (value == null || value.isBlank()) {
            throw Problems.invalid(MEMBER_HEADER, "this header naming the acting member is required");
        }
        return Requests.memberId(MEMBER_HEADER, value);
    }

    private static RequestId requestId(Context ctx) {
        return Requests.requestId(IDEMPOTENCY_HEADER, RequestChecks.header(ctx, IDEMPOTENCY_HEADER));
    }

    private JsonBody body(Context ctx, Set<String> fields) {
        return JsonBody.read(ctx, json, fields);
    }

    // ---- endpoints

    private void createTeam(Context ctx) {
        Requests.CreateTeam body = Requests.CreateTeam.from(body(ctx, Requests.CreateTeam.FIELDS));
        ProductTeam team = team(ctx, body.team());
        RequestId id = requestId(ctx);
        Decision d = pool.createTeam(new CreateTeamCommand(team.id(), body.plan(), body.seats(), body.owner(),
                body.billingAnchorDay(), id));
        answer(ctx, team, d, 201, true);
    }

    private void summary(Context ctx) {
        ProductTeam team = team(ctx);
        ctx.json(summary(team));
    }

    private Views.Summary summary(ProductTeam team) {
        return pool.metrics(team.id()).map(m -> Views.Summary.of(team.name(), m))
                .orElseThrow(() -> Problems.unknownTeam(team.name()));
    }

    private void invite(Context ctx) {
        ProductTeam team = team(ctx);
        Requests.Invite body = Requests.Invite.from(body(ctx, Requests.Invite.FIELDS));
        answer(ctx, team, pool.invite(new InviteMemberCommand(team.id(), actingMember(ctx), body.member(),
                body.role(), requestId(ctx))), 200, true);
    }

    private void changeRole(Context ctx) {
        ProductTeam team = team(ctx);
        MemberId member = Requests.memberId("member", ctx.pathParam("member"));
        Requests.ChangeRole body = Requests.ChangeRole.from(body(ctx, Requests.ChangeRole.FIELDS));
        answer(ctx, team, pool.changeRole(new ChangeRoleCommand(team.id(), actingMember(ctx), member, body.role(),
                requestId(ctx))), 200, true);
    }

    private void remove(Context ctx) {
        ProductTeam team = team(ctx);
        MemberId member = Requests.memberId("member", ctx.pathParam("member"));
        answer(ctx, team, pool.remove(new RemoveMemberCommand(team.id(), actingMember(ctx), member,
                requestId(ctx))), 200, true);
    }

    private void setLimit(Context ctx) {
        ProductTeam team = team(ctx);
        MemberId member = Requests.memberId("member", ctx.pathParam("member"));
        Requests.Limit body = Requests.Limit.from(body(ctx, Requests.Limit.FIELDS));
        answer(ctx, team, pool.setLimit(new SetMemberLimitCommand(team.id(), actingMember(ctx), member,
                body.limit(), requestId(ctx))), 200, true);
    }

    /** A member's own limit: the acting member sets their own, and no one else's. */
    private void setOwnLimit(Context ctx) {
        ProductTeam team = team(ctx);
        MemberId member = Requests.memberId("member", ctx.pathParam("member"));
        Requests.OwnLimit body = Requests.OwnLimit.from(body(ctx, Requests.OwnLimit.FIELDS));
        MemberId acting = actingMember(ctx);
        if (!acting.equals(member)) {
            throw new Problems.ProblemException(Problems.of(403, DenialCode.NOT_ALLOWED.code(),
                    Problems.title(DenialCode.NOT_ALLOWED), acting + " may set only their own limit, not " + member
                            + "'s; the owner and admins set a member's limit with PUT .../members/" + member
                            + "/limit").with("field", "member"));
        }
        answer(ctx, team, pool.setOwnLimit(new SetOwnLimitCommand(team.id(), member, body.limit(),
                requestId(ctx))), 200, true);
    }

    private void moveMember(Context ctx) {
        ProductTeam team = team(ctx);
        MemberId member = Requests.memberId("member", ctx.pathParam("member"));
        Requests.GroupOf body = Requests.GroupOf.from(body(ctx, Requests.GroupOf.FIELDS));
        answer(ctx, team, pool.moveMember(new MoveMemberCommand(team.id(), actingMember(ctx), member, body.group(),
                requestId(ctx))), 200, true);
    }

    private void groups(Context ctx) {
        ProductTeam team = team(ctx);
        Views.Summary summary = summary(team);
        ctx.json(new Views.Groups(team.name(), summary.groups()));
    }

    private void createGroup(Context ctx) {
        ProductTeam team = team(ctx);
        Requests.NewGroup body = Requests.NewGroup.from(body(ctx, Requests.NewGroup.FIELDS));
        answer(ctx, team, pool.createGroup(new CreateGroupCommand(team.id(), actingMember(ctx), body.group(),
                body.name(), body.cap(), requestId(ctx))), 201, true);
    }

    private void changeGroup(Context ctx) {
        ProductTeam team = team(ctx);
        var group = Requests.groupId(ctx.pathParam("group"));
        Requests.GroupChange body = Requests.GroupChange.from(body(ctx, Requests.GroupChange.FIELDS));
        answer(ctx, team, pool.changeGroup(new ChangeGroupCommand(team.id(), actingMember(ctx), group, body.name(),
                body.cap(), requestId(ctx))), 200, true);
    }

    private void deleteGroup(Context ctx) {
        ProductTeam team = team(ctx);
        var group = Requests.groupId(ctx.pathParam("group"));
        answer(ctx, team, pool.deleteGroup(new DeleteGroupCommand(team.id(), actingMember(ctx), group,
                requestId(ctx))), 200, true);
    }

    private void consume(Context ctx) {
        ProductTeam team = team(ctx);
        Requests.CreditsAmount body = Requests.CreditsAmount.from(body(ctx, Requests.CreditsAmount.FIELDS));
        // the hot path: the decision carries the balance, no summary is read
        Decision d = pool.consume(new ConsumeCreditsCommand(team.id(), actingMember(ctx), body.credits(),
                requestId(ctx)));
        metrics.consumption(d);
        answer(ctx, team, d, 200, false);
    }

    /** Holds credits for long work; the {@code Idempotency-Key} (required here) names the reservation. */
    private void reserve(Context ctx) {
        ProductTeam team = team(ctx);
        Requests.Reserve body = Requests.Reserve.from(body(ctx, Requests.Reserve.FIELDS));
        RequestId id = requestId(ctx);
        if (id == null) {
            throw Problems.invalid(IDEMPOTENCY_HEADER, "is required to reserve: it names the reservation, to settle "
                    + "or release it later");
        }
        answer(ctx, team, pool.reserve(new ReserveCreditsCommand(team.id(), actingMember(ctx), body.credits(),
                body.holdFor(), id)), 201, false);
    }

    private void settle(Context ctx) {
        ProductTeam team = team(ctx);
        Requests.Settle body = Requests.Settle.from(body(ctx, Requests.Settle.FIELDS));
        answer(ctx, team, pool.settle(new SettleReservationCommand(team.id(), actingMember(ctx), reservation(ctx),
                body.credits(), requestId(ctx))), 200, false);
    }

    private void release(Context ctx) {
        ProductTeam team = team(ctx);
        answer(ctx, team, pool.release(new ReleaseReservationCommand(team.id(), actingMember(ctx), reservation(ctx),
                requestId(ctx))), 200, false);
    }

    private static RequestId reservation(Context ctx) {
        return Requests.requestId("reservation", ctx.pathParam("reservation"));
    }

    private void topUp(Context ctx) {
        ProductTeam team = team(ctx);
        Requests.CreditsAmount body = Requests.CreditsAmount.from(body(ctx, Requests.CreditsAmount.FIELDS));
        Decision d = pool.buyTopUp(new BuyTopUpCommand(team.id(), actingMember(ctx), body.credits(),
                requestId(ctx)));
        metrics.topUp(d);
        answer(ctx, team, d, 200, true);
    }

    private void configureAutoTopUp(Context ctx) {
        ProductTeam team = team(ctx);
        Requests.AutoTopUp body = Requests.AutoTopUp.from(body(ctx, Requests.AutoTopUp.FIELDS));
        answer(ctx, team, pool.configureAutoTopUp(new ConfigureAutoTopUpCommand(team.id(), actingMember(ctx),
                body.enabled(), body.threshold(), body.amount(), body.monthlyCap(), requestId(ctx))), 200, true);
    }

    private void ledger(Context ctx) {
        ProductTeam team = team(ctx);
        Long limit = query(ctx, "limit");
        Long before = query(ctx, "before");
        if (limit != null && (limit < 1 || limit > LEDGER_PAGE_MAX)) {
            throw Problems.invalid("limit", "must be between 1 and " + LEDGER_PAGE_MAX + ", was " + limit);
        }
        if (before != null && before < 1) {
            throw Problems.invalid("before", "must be a seq of 1 or more, was " + before);
        }
        var page = pool.ledgerPage(team.id(), before, limit == null ? LEDGER_PAGE_DEFAULT : limit.intValue());
        if (page.size() == 0) {
            // every team's ledger starts with its creation
            throw Problems.unknownTeam(team.name());
        }
        ctx.json(Views.LedgerPage.of(page, team::local));
    }

    private static Long query(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw Problems.invalid(name, "must be a whole number, was '" + value + "'");
        }
    }

    /**
     * Whether the caller asked for the decision alone, without the team's summary ({@code Prefer: return=minimal},
     * RFC 7240): the summary lists every member and grant, so a product inviting thousands of members one by one
     * would otherwise receive its whole team with every answer.
     */
    private static boolean prefersMinimal(Context ctx) {
        String prefer = ctx.header("Prefer");
        if (prefer == null) {
            return false;
        }
        for (String preference : prefer.split(",")) {
            if (preference.strip().toLowerCase(java.util.Locale.ROOT).replace(" ", "").equals("return=minimal")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Answers a decision: accepted with {@code status} (and the team's summary when {@code withSummary}), or the
     * denial as a problem. A pending payment is not final: 202, with how to get the final answer.
     */
    private void answer(Context ctx, ProductTeam team, Decision d, int status, boolean withSummary) {
        if (d.accepted()) {
            boolean minimal = withSummary && prefersMinimal(ctx);
            if (minimal) {
                ctx.header("Preference-Applied", "return=minimal");
            }
            ctx.status(status).json(withSummary && !minimal ? Views.AcceptedWithSummary.of(d, summary(team))
                    : Views.Accepted.of(d));
            return;
        }
        Problems.Problem problem = Problems.denied(d, team.local(d.reason()));
        if (d.denial() == DenialCode.PAYMENT_PENDING) {
            ctx.header("Retry-After", "60");
            problem = problem.with("hint", ctx.header(IDEMPOTENCY_HEADER) != null
                    ? "the purchase completes in the background; replay this request with the same "
                            + "Idempotency-Key to get the final answer (a replay never charges; every charge for the "
                            + "purchase uses the same processor key, so it is paid at most once)"
                    : "the purchase completes in the background; send an Idempotency-Key to be able to ask for "
                            + "the final answer");
        }
        problem(ctx, problem);
    }
}
