package io.creditpool.adapters.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ClockStep;
import io.creditpool.adapters.clock.TestClocks;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.ChargeRequest;
import io.creditpool.kernel.port.out.Clock;
import io.creditpool.kernel.port.out.CreditEvent;
import io.creditpool.kernel.port.out.PaymentGateway;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The routes of sandbox mode ({@code serve --sandbox}), after Stripe's test clocks: a team may be given a test clock
 * before it is created, which the caller advances; the sandbox processor's answers are scripted per team; and what a
 * team was charged, the events it told and the audit of its guarantees can be read. They exist only in sandbox mode,
 * under {@code /v1/sandbox/teams/{team}}, with the same API keys and product scoping as every {@code /v1} route.
 */
final class SandboxRoutes {
    static final String TEAM = "/v1/sandbox/teams/{team}";
    /** The team has a test clock already, or exists already (its history is on the wall clock): 409. */
    static final String TEST_CLOCK_CONFLICT = "test-clock-conflict";
    /** The team has no test clock: 404. */
    static final String UNKNOWN_TEST_CLOCK = "unknown-test-clock";

    private final Creditpool pool;
    private final TestClocks clocks;
    private final SandboxPaymentGateway payments;
    private final ObjectMapper json;
    /** What each team told the host product, in order: a listener keeps them from the start. */
    private final Map<TeamId, List<CreditEvent>> told = new ConcurrentHashMap<>();

    /**
     * The sandbox of {@code pool}, which must have been built with {@link TestClocks} as its clock and
     * {@link SandboxPaymentGateway} as its payments.
     */
    SandboxRoutes(Creditpool pool, ObjectMapper json) {
        Clock clock = pool.component(Clock.class);
        PaymentGateway gateway = pool.component(PaymentGateway.class);
        if (!(clock instanceof TestClocks testClocks)) {
            throw new IllegalArgumentException("sandbox mode needs test clocks: build the Creditpool with "
                    + ".clock(new TestClocks()), not " + clock.getClass().getSimpleName());
        }
        if (!(gateway instanceof SandboxPaymentGateway sandbox)) {
            throw new IllegalArgumentException("sandbox mode needs the sandbox processor: build the Creditpool with "
                    + ".payments(new SandboxPaymentGateway()), not " + gateway.getClass().getSimpleName());
        }
        this.pool = pool;
        this.clocks = testClocks;
        this.payments = sandbox;
        this.json = json;
        pool.subscribe(event -> told.computeIfAbsent(event.team(), t -> new CopyOnWriteArrayList<>()).add(event));
    }

    /** Registers the sandbox routes; {@code teams} gives the path's team under the API key's product. */
    void register(HttpService.Registrar routes, Function<Context, TeamId> teams) {
        routes.route(HandlerType.POST, TEAM + "/test-clock", ctx -> createTestClock(ctx, teams.apply(ctx)));
        routes.route(HandlerType.GET, TEAM + "/test-clock", ctx -> testClock(ctx, teams.apply(ctx)));
        routes.route(HandlerType.POST, TEAM + "/test-clock/advance", ctx -> advance(ctx, teams.apply(ctx)));
        routes.route(HandlerType.PUT, TEAM + "/payments", ctx -> behave(ctx, teams.apply(ctx)));
        routes.route(HandlerType.GET, TEAM + "/payments", ctx -> {
            TeamId team = teams.apply(ctx);
            requireTeam(ctx, team);
            ctx.json(payments(ctx, team));
        });
        routes.route(HandlerType.GET, TEAM + "/events", ctx -> events(ctx, teams.apply(ctx)));
        routes.route(HandlerType.GET, TEAM + "/audit", ctx -> audit(ctx, teams.apply(ctx)));
    }

    // ---- test clocks

    /** Where a team's test clock stands. */
    record TestClock(String team, Instant frozenAt) {
    }

    private void createTestClock(Context ctx, TeamId team) {
        JsonBody body = JsonBody.read(ctx, json, Set.of("frozen_at"));
        Instant at = instant(body, "frozen_at");
        if (pool.metrics(team).isPresent()) {
            throw conflict("team: '" + name(ctx) + "' exists already, on the wall clock; give a test clock before "
                    + "creating the team");
        }
        try {
            clocks.freeze(team, at);
        } catch (IllegalArgumentException e) {
            throw Problems.invalid("frozen_at", e.getMessage());
        } catch (IllegalStateException e) {
            throw conflict("team: '" + name(ctx) + "' has a test clock already, frozen at "
                    + clocks.frozenAt(team).orElseThrow());
        }
        ctx.status(201).json(new TestClock(name(ctx), at));
    }

    private void testClock(Context ctx, TeamId team) {
        ctx.json(new TestClock(name(ctx), clocks.frozenAt(team).orElseThrow(() -> noTestClock(ctx))));
    }

    /** {@code {"to": INSTANT}} or {@code {"by": "P1M"}}: never back. */
    private void advance(Context ctx, TeamId team) {
        JsonBody body = JsonBody.read(ctx, json, Set.of("to", "by"));
        if (body.has("to") == body.has("by")) {
            throw Problems.invalid("to", "give either 'to' (an instant like 2026-02-01T00:00:00Z) or 'by' (a "
                    + "duration like P1M, P3D, PT6H or P1DT6H), not " + (body.has("to") ? "both" : "neither"));
        }
        Instant now;
        try {
            now = body.has("to") ? clocks.advanceTo(team, instant(body, "to"))
                    : clocks.advanceBy(team, step(body.text("by")));
        } catch (NoSuchElementException e) {
            throw noTestClock(ctx);
        } catch (IllegalArgumentException e) {
            throw Problems.invalid(body.has("to") ? "to" : "by", e.getMessage());
        }
        ctx.json(new TestClock(name(ctx), now));
    }

    private static ClockStep step(String text) {
        try {
            return ClockStep.parse(text);
        } catch (DateTimeParseException e) {
            throw Problems.invalid("by", "'" + text + "' is not a duration like P1M, P3D, PT6H or P1DT6H");
        } catch (IllegalArgumentException e) {
            throw Problems.invalid("by", "the test clock only moves forward, found '" + text + "'");
        }
    }

    private static Instant instant(JsonBody body, String field) {
        String text = body.text(field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw Problems.invalid(field, "'" + text + "' is not an instant like 2026-01-01T00:00:00Z");
        }
    }

    private static Problems.ProblemException noTestClock(Context ctx) {
        return new Problems.ProblemException(Problems.of(404, UNKNOWN_TEST_CLOCK, "Unknown test clock",
                "team: '" + name(ctx) + "' has no test clock"));
    }

    private static Problems.ProblemException conflict(String detail) {
        return new Problems.ProblemException(Problems.of(409, TEST_CLOCK_CONFLICT, "Test clock conflict", detail));
    }

    // ---- payments

    /** How the sandbox answers the team's new charges, the charges that took money and every attempt. */
    record Payments(String team, String behaviour, int paid, int attempts, List<Charge> charges) {
    }

    /** A charge that took money; the amount is in minor units of the currency. */
    record Charge(String idempotencyKey, long amount, String currency, String description) {
    }

    private void behave(Context ctx, TeamId team) {
        JsonBody body = JsonBody.read(ctx, json, Set.of("behaviour"));
        String word = body.text("behaviour");
        SandboxPaymentGateway.Behaviour behaviour = Arrays.stream(SandboxPaymentGateway.Behaviour.values())
                .filter(b -> b.word().equals(word)).findFirst().orElseThrow(() -> Problems.invalid("behaviour",
                        "'" + word + "' is not one of " + Arrays.stream(SandboxPaymentGateway.Behaviour.values())
                                .map(SandboxPaymentGateway.Behaviour::word).collect(Collectors.joining(", "))));
        requireTeam(ctx, team);
        payments.behave(team, behaviour);
        ctx.json(payments(ctx, team));
    }

    private Payments payments(Context ctx, TeamId team) {
        String name = name(ctx);
        List<Charge> charges = payments.charged(team).stream().map((ChargeRequest c) -> new Charge(
                local(c.idempotencyKey(), team, name), c.amount().minorUnits(), c.amount().currency(),
                c.description())).toList();
        return new Payments(name, payments.behaviour(team).word(), charges.size(), payments.attempts(team), charges);
    }

    // ---- events and audit

    /** Events after the {@code seq} given as {@code after}, oldest first; {@code next_after} asks for later ones. */
    record Events(List<Event> events, long nextAfter) {
    }

    /** One event: its {@code seq} in the team's events (from 1), its name, when, and its own fields. */
    sealed interface Event permits TopUpSucceeded, TopUpDeclined, AutoTopUpPaused, LowBalance, TopUpPending,
            TopUpRecovered, LimitAlert, GroupCapAlert, PoolLow, Notice {
    }

    record LimitAlert(long seq, String event, Instant at, String member, int percent, long used, long limit,
            boolean ownLimit) implements Event {
    }

    record GroupCapAlert(long seq, String event, Instant at, String group, String member, int percent, long used,
            long cap) implements Event {
    }

    record PoolLow(long seq, String event, Instant at, String owner, int percent, long balance, long level)
            implements Event {
    }

    record Notice(long seq, String event, Instant at, String member, String code, String message) implements Event {
    }

    record TopUpPending(long seq, String event, Instant at, String purchase, String source, long credits, long price,
            String currency, String reason) implements Event {
    }

    record TopUpRecovered(long seq, String event, Instant at, String purchase, String source, long credits,
            long price, String currency, boolean granted, int attempts) implements Event {
    }

    record TopUpSucceeded(long seq, String event, Instant at, String source, long credits, long price,
            String currency) implements Event {
    }

    record TopUpDeclined(long seq, String event, Instant at, String source, long credits, long price, String currency,
            String owner, String reason) implements Event {
    }

    record AutoTopUpPaused(long seq, String event, Instant at, String owner, int declines, String lastReason)
            implements Event {
    }

    record LowBalance(long seq, String event, Instant at, String owner, long balance, long level) implements Event {
    }

    private void events(Context ctx, TeamId team) {
        long after = 0;
        String text = ctx.queryParam("after");
        if (text != null) {
            try {
                after = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw Problems.invalid("after", "must be a whole number, was '" + text + "'");
            }
            if (after < 0) {
                throw Problems.invalid("after", "must be a seq of 0 or more, was " + after);
            }
        }
        requireTeam(ctx, team);
        List<CreditEvent> all = List.copyOf(told.getOrDefault(team, List.of()));
        List<Event> page = new ArrayList<>();
        for (long seq = after + 1; seq <= all.size(); seq++) {
            page.add(event(seq, all.get((int) seq - 1), team, name(ctx)));
        }
        ctx.json(new Events(page, Math.max(after, all.size())));
    }

    private static Event event(long seq, CreditEvent event, TeamId team, String name) {
        if (event instanceof CreditEvent.TopUpSucceeded e) {
            return new TopUpSucceeded(seq, "top-up-succeeded", e.at(), e.source().word(), e.credits(),
                    e.price().minorUnits(), e.price().currency());
        }
        if (event instanceof CreditEvent.TopUpFailed e) {
            return new TopUpDeclined(seq, "top-up-declined", e.at(), e.source().word(), e.credits(),
                    e.price().minorUnits(), e.price().currency(), e.owner().value(), local(e.reason(), team, name));
        }
        if (event instanceof CreditEvent.AutoTopUpPaused e) {
            return new AutoTopUpPaused(seq, "auto-top-up-paused", e.at(), e.owner().value(), e.declines(),
                    local(e.lastReason(), team, name));
        }
        if (event instanceof CreditEvent.TopUpPending e) {
            return new TopUpPending(seq, e.type(), e.at(), local(e.key(), team, name), e.source().word(), e.credits(),
                    e.price().minorUnits(), e.price().currency(), local(e.reason(), team, name));
        }
        if (event instanceof CreditEvent.TopUpRecovered e) {
            return new TopUpRecovered(seq, e.type(), e.at(), local(e.key(), team, name), e.source().word(),
                    e.credits(), e.price().minorUnits(), e.price().currency(), e.granted(), e.attempts());
        }
        if (event instanceof CreditEvent.LimitAlert e) {
            return new LimitAlert(seq, e.type(), e.at(), e.member().value(), e.percent(), e.used(), e.limit(),
                    e.ownLimit());
        }
        if (event instanceof CreditEvent.GroupCapAlert e) {
            return new GroupCapAlert(seq, e.type(), e.at(), e.group().value(), e.member().value(), e.percent(),
                    e.used(), e.cap());
        }
        if (event instanceof CreditEvent.PoolLow e) {
            return new PoolLow(seq, e.type(), e.at(), e.owner().value(), e.percent(), e.balance(), e.level());
        }
        if (event instanceof CreditEvent.Notice e) {
            return new Notice(seq, e.type(), e.at(), e.member().value(), e.code(), e.message());
        }
        CreditEvent.LowBalance e = (CreditEvent.LowBalance) event;
        return new LowBalance(seq, "low-balance", e.at(), e.owner().value(), e.balance(), e.level());
    }

    /** What is wrong with the team's guarantees (empty when they all hold), as {@code ./creditpool audit} checks. */
    record Audit(String team, List<String> broken) {
    }

    private void audit(Context ctx, TeamId team) {
        requireTeam(ctx, team);
        String name = name(ctx);
        ctx.json(new Audit(name, pool.audit(team).stream().map(w -> local(w, team, name)).toList()));
    }

    private void requireTeam(Context ctx, TeamId team) {
        if (pool.metrics(team).isEmpty()) {
            throw Problems.unknownTeam(name(ctx));
        }
    }

    /** The team as the caller names it. */
    private static String name(Context ctx) {
        return ctx.pathParam("team");
    }

    /** {@code text} with the kernel's team id replaced by the caller's name for it. */
    private static String local(String text, TeamId team, String name) {
        return text == null ? null : text.replace(team.value(), name);
    }
}
