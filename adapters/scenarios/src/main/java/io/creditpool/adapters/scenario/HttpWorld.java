package io.creditpool.adapters.scenario;


import io.creditpool.kernel.domain.UnitPrice;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.creditpool.adapters.client.ServiceClient;
import io.creditpool.adapters.client.ServiceClient.Reply;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.BillingCycle;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.RuleDenial;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.GroupCap;
import io.creditpool.kernel.domain.GroupId;
import io.creditpool.kernel.domain.Spendable;
import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Money;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.port.in.TeamMetrics;
import io.creditpool.kernel.port.out.CreditEvent;
import io.creditpool.kernel.service.KernelRules;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A scenario's world on a server in sandbox mode, through its HTTP API as any host product calls it (JSON, snake_case,
 * {@code Authorization: Bearer KEY}, {@code Creditpool-Member}, {@code Idempotency-Key}). The team gets a test clock
 * at the scenario's start before it is created, under the scenario's id with a suffix unique to the run, so runs never
 * meet; the scenario's {@code payments} and {@code advance} steps script the sandbox processor and move the test
 * clock. Decisions are read back from the answers: an accepted body, or a problem's {@code code}, {@code detail},
 * {@code rules} and {@code balance} (for bad input the server refuses before the kernel decides, the rule is the
 * kernel's "well formed" check and the balance the team's, as in process). Texts name the team as the scenario does.
 */
public final class HttpWorld implements ScenarioWorld {
    /** A team name no scenario uses, to ask a server whether it answers the sandbox routes. */
    private static final String PROBE = "sandbox-probe";

    /** A server checked by {@link #connect}: reachable, taking the key, in sandbox mode; with its plan table. */
    public static final class Server {
        private final ServiceClient client;
        private List<Plan> plans = List.of();

        private Server(ServiceClient client) {
            this.client = client;
        }

        public URI base() {
            return client.base();
        }

        Reply send(String method, String path, String member, String id, JsonNode body) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (member != null) {
                headers.put("Creditpool-Member", headerValue("Creditpool-Member", member));
            }
            if (id != null) {
                headers.put("Idempotency-Key", headerValue("Idempotency-Key", id));
            }
            try {
                return client.send(method, path, headers, body == null ? null : body.toString());
            } catch (ServiceClient.NoAnswerException e) {
                throw new ScenarioServerException(e.getMessage(), e);
            }
        }
    }

    /** A member or request id no header can carry is bad input, as the kernel would find it. */
    private static String headerValue(String header, String value) {
        if (value.isEmpty() || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidInputException(header, "'" + value
                    + "' is not an id (1-128 letters, digits or . _ : @ -)");
        }
        return value;
    }

    /** The answer as an error: nothing a scenario can take as a decision. */
    private static ScenarioServerException unexpected(Reply reply) {
        return new ScenarioServerException(reply.request() + " answered " + reply.status() + " " + reply.describe());
    }

    /**
     * Checks the server at {@code base}: it answers, takes {@code apiKey} and is in sandbox mode.
     *
     * @throws ScenarioServerException naming what is wrong
     */
    public static Server connect(URI base, String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new ScenarioServerException("an API key is required to run scenarios through " + base);
        }
        Server server;
        try {
            server = new Server(ServiceClient.of(base, apiKey));
        } catch (IllegalArgumentException e) {
            throw new ScenarioServerException(e.getMessage(), e);
        }
        Reply health = server.send("GET", "/health", null, null, null);
        if (health.status() != 200 || !"ok".equals(health.body().path("status").asText())) {
            throw new ScenarioServerException(base + "/health answered " + health.status()
                    + ": is this a Creditpool server?");
        }
        Reply plans = server.send("GET", "/v1/plans", null, null, null);
        if (plans.status() == 401) {
            throw new ScenarioServerException(base + " refuses the API key: " + plans.body().path("detail").asText());
        }
        if (!plans.ok()) {
            throw unexpected(plans);
        }
        List<Plan> table = new ArrayList<>();
        plans.body().path("plans").forEach(p -> table.add(new Plan(p.path("name").asText(),
                Tier.parse("tier", p.path("tier").asText()),
                p.path("monthly_credits_per_seat").asLong(), planPrice(p))));
        server.plans = List.copyOf(table);
        Reply probe = server.send("GET", "/v1/sandbox/teams/" + PROBE + "/test-clock", null, null, null);
        if (probe.status() == 404 && probe.code().equals("not-found")) {
            throw new ScenarioServerException(base + " is not in sandbox mode (its /v1/sandbox routes do not exist); "
                    + "start it with ./creditpool serve --sandbox");
        }
        if (!probe.ok() && !probe.code().equals("unknown-test-clock")) {
            throw unexpected(probe);
        }
        return server;
    }

    /** A plan's price as GET /v1/plans publishes it: exactly, in major units, per credit or per block. */
    private static UnitPrice planPrice(JsonNode plan) {
        String currency = plan.path("currency").asText();
        JsonNode price = plan.path("price");
        int digits = UnitPrice.fractionDigits(currency);
        if (price.path("per_block").isObject()) {
            JsonNode block = price.path("per_block");
            return UnitPrice.perBlock(new BigDecimal(block.path("amount").asText()).movePointRight(digits),
                    block.path("credits").asLong(), currency);
        }
        if (price.path("per_credit").isTextual()) {
            return UnitPrice.perCredit(new BigDecimal(price.path("per_credit").asText()).movePointRight(digits),
                    currency);
        }
        // a server from before exact prices
        return UnitPrice.perCredit(plan.path("price_per_credit").asLong(), currency);
    }

    private final Server server;
    /** The team as the scenario names it, and as the server knows it in this run. */
    private final String name;
    private final String id;
    private Instant now;
    private long heardUpTo;

    private HttpWorld(Server server, String name, String id, Instant now) {
        this.server = server;
        this.name = name;
        this.id = id;
        this.now = now;
    }

    /**
     * The world of {@code scenario} on {@code server}: its team's test clock made at the scenario's start.
     *
     * @throws ScenarioServerException when the server's plan table lacks a plan of the scenario, or refuses the clock
     */
    public static HttpWorld open(Server server, Scenario scenario) {
        for (Plan plan : scenario.plans()) {
            if (!server.plans.contains(plan)) {
                throw new ScenarioServerException("the scenario's plan '" + plan.name() + "' (" + plan + ") is not in "
                        + "the plan table of " + server.base() + "; start the server with a plan table that holds "
                        + "it (./creditpool --plans CSV serve --sandbox)");
            }
        }
        String name = scenario.team().id();
        String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        HttpWorld world = new HttpWorld(server, name, id, scenario.start());
        ObjectNode clock = object().put("frozen_at", scenario.start().toString());
        Reply created = server.send("POST", world.sandbox("/test-clock"), null, null, clock);
        if (created.status() != 201) {
            throw unexpected(created);
        }
        world.now = Instant.parse(created.body().path("frozen_at").asText());
        return world;
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private String team() {
        return "/v1/teams/" + segment(id);
    }

    private String sandbox(String rest) {
        return "/v1/sandbox/teams/" + segment(id) + rest;
    }

    /** A server's text with the team named as the scenario names it. */
    private String local(String text) {
        return text == null ? null : text.replace(id, name);
    }

    // ---- commands

    private Decision decide(String method, String path, String member, String requestId, JsonNode body) {
        Reply reply = server.send(method, path, member, requestId, body);
        JsonNode b = reply.body();
        if (reply.ok() && b.path("accepted").asBoolean(false)) {
            return Decision.accept(rules(b), b.path("balance").asLong()).stampedWith(b.path("rules_version").asText(""));
        }
        DenialCode code = reply.problem() ? DenialCode.fromCode(reply.code()) : null;
        if (code == null && reply.problem() && b.has("rules") && b.has("rules_version")) {
            // a code of the rule set's own denials table: the problem carries its title, status and message
            RuleDenial own = new RuleDenial(reply.code(), b.path("title").asText(), reply.status(),
                    local(b.path("detail").asText("")));
            return Decision.deny(own, rules(b), b.path("balance").asLong())
                    .stampedWith(b.path("rules_version").asText(""));
        }
        if (code == null) {
            throw unexpected(reply);
        }
        // bad input the server refuses before the kernel decides carries no rules and no balance
        List<String> rules = b.has("rules") ? rules(b) : List.of(KernelRules.WELL_FORMED);
        long balance = b.has("balance") ? b.path("balance").asLong() : metrics().map(TeamMetrics::balance).orElse(0L);
        String reason = local(b.path("detail").asText(""));
        String field = b.path("field").asText("");
        if (code == DenialCode.NOT_ALLOWED && !field.isEmpty() && !reason.startsWith(field + ": ")) {
            // a refusal is told to people without the field it is about; the kernel's reason, which a scenario's
            // expectation names in process as over HTTP, starts with it
            reason = field + ": " + reason;
        }
        return Decision.deny(code, reason, rules, balance).stampedWith(b.path("rules_version").asText(""));
    }

    private static List<String> rules(JsonNode body) {
        List<String> rules = new ArrayList<>();
        body.path("rules").forEach(r -> rules.add(r.asText()));
        return rules;
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public Decision createTeam(Scenario.TeamSpec spec) {
        ObjectNode body = object().put("team", id).put("plan", spec.plan()).put("seats", spec.seats())
                .put("owner", spec.owner());
        if (spec.anchorDay() != null) {
            body.put("billing_anchor_day", spec.anchorDay());
        }
        return decide("POST", "/v1/teams", null, null, body);
    }

    @Override
    public Decision invite(String by, String member, String role, String requestId) {
        return decide("POST", team() + "/members", by, requestId, object().put("member", member).put("role", role));
    }

    @Override
    public Decision remove(String by, String member, String requestId) {
        return decide("DELETE", team() + "/members/" + segment(member), by, requestId, null);
    }

    @Override
    public Decision changeRole(String by, String member, String role, String requestId) {
        return decide("PATCH", team() + "/members/" + segment(member), by, requestId, object().put("role", role));
    }

    @Override
    public Decision setLimit(String by, String member, BigInteger limit, String requestId) {
        ObjectNode body = limit == null ? object().put("limit", "unlimited") : object().put("limit", limit);
        return decide("PUT", team() + "/members/" + segment(member) + "/limit", by, requestId, body);
    }

    @Override
    public Decision setOwnLimit(String member, BigInteger limit, String requestId) {
        ObjectNode body = limit == null ? object().put("limit", "unlimited") : object().put("limit", limit);
        return decide("PUT", team() + "/members/" + segment(member) + "/own-limit", member, requestId, body);
    }

    @Override
    public Decision createGroup(String by, String group, String name, Step.Cap cap, String requestId) {
        ObjectNode body = object().put("group", group);
        if (name != null) {
            body.put("name", name);
        }
        putCap(body, cap);
        return decide("POST", team() + "/groups", by, requestId, body);
    }

    @Override
    public Decision changeGroup(String by, String group, String name, Step.Cap cap, String requestId) {
        ObjectNode body = object();
        if (name != null) {
            body.put("name", name);
        }
        putCap(body, cap);
        return decide("PATCH", team() + "/groups/" + segment(group), by, requestId, body);
    }

    @Override
    public Decision deleteGroup(String by, String group, String requestId) {
        return decide("DELETE", team() + "/groups/" + segment(group), by, requestId, null);
    }

    @Override
    public Decision moveMember(String by, String member, String group, String requestId) {
        ObjectNode body = object();
        if (group == null) {
            body.putNull("group");
        } else {
            body.put("group", group);
        }
        return decide("PUT", team() + "/members/" + segment(member) + "/group", by, requestId, body);
    }

    private static void putCap(ObjectNode body, Step.Cap cap) {
        if (cap == null) {
            return;
        }
        if (cap.credits() == null) {
            body.put("cap", "unlimited");
        } else {
            body.put("cap", cap.credits());
        }
    }

    @Override
    public Decision consume(String member, BigInteger amount, String requestId) {
        return decide("POST", team() + "/consumptions", member, requestId, object().put("credits", amount));
    }

    @Override
    public Decision reserve(String member, BigInteger amount, Duration holdFor, String requestId) {
        ObjectNode body = object().put("credits", amount);
        if (holdFor != null) {
            // a fraction of a second is sent as it is, for the server to refuse as the kernel would not
            if (holdFor.getNano() == 0) {
                body.put("hold_for_seconds", holdFor.getSeconds());
            } else {
                body.put("hold_for_seconds", BigDecimal.valueOf(holdFor.getSeconds())
                        .add(BigDecimal.valueOf(holdFor.getNano(), 9)));
            }
        }
        return decide("POST", team() + "/reservations", member, requestId, body);
    }

    @Override
    public Decision settle(String member, String reservation, BigInteger amount, String requestId) {
        return decide("POST", team() + "/reservations/" + segment(reservation) + "/settle", member, requestId,
                object().put("credits", amount));
    }

    @Override
    public Decision release(String member, String reservation, String requestId) {
        return decide("POST", team() + "/reservations/" + segment(reservation) + "/release", member, requestId,
                null);
    }

    @Override
    public Decision buyTopUp(String by, BigInteger amount, String requestId) {
        return decide("POST", team() + "/top-ups", by, requestId, object().put("credits", amount));
    }

    @Override
    public Decision configureAutoTopUp(String by, boolean enabled, BigInteger threshold, BigInteger amount,
            BigInteger monthlyCap, String requestId) {
        ObjectNode body = object().put("enabled", enabled).put("threshold", threshold).put("amount", amount);
        body.put("monthly_cap", monthlyCap);
        return decide("PUT", team() + "/auto-top-up", by, requestId, body);
    }

    // ---- the sandbox

    @Override
    public void payments(SandboxPaymentGateway.Behaviour behaviour) {
        Reply reply = server.send("PUT", sandbox("/payments"), null, null,
                object().put("behaviour", behaviour.word()));
        if (!reply.ok()) {
            throw unexpected(reply);
        }
    }

    @Override
    public void advanceTo(Instant instant) {
        Reply reply = server.send("POST", sandbox("/test-clock/advance"), null, null,
                object().put("to", instant.toString()));
        if (reply.status() == 400) {
            // as a manual clock refuses to go back
            throw new IllegalArgumentException(local(reply.body().path("detail").asText()));
        }
        if (!reply.ok()) {
            throw unexpected(reply);
        }
        now = Instant.parse(reply.body().path("frozen_at").asText());
    }

    @Override
    public long paid() {
        Reply reply = server.send("GET", sandbox("/payments"), null, null, null);
        if (!reply.ok()) {
            throw unexpected(reply);
        }
        return reply.body().path("paid").asLong();
    }

    @Override
    public List<Long> charged() {
        Reply reply = server.send("GET", sandbox("/payments"), null, null, null);
        if (reply.status() == 404 && reply.code().equals(DenialCode.UNKNOWN_TEAM.code())) {
            return List.of();
        }
        if (!reply.ok()) {
            throw unexpected(reply);
        }
        List<Long> amounts = new ArrayList<>();
        reply.body().path("charges").forEach(c -> amounts.add(c.path("amount").asLong()));
        return amounts;
    }

    @Override
    public List<CreditEvent> told() {
        Reply reply = server.send("GET", sandbox("/events?after=" + heardUpTo), null, null, null);
        if (reply.status() == 404 && reply.code().equals(DenialCode.UNKNOWN_TEAM.code())) {
            return List.of();
        }
        if (!reply.ok()) {
            throw unexpected(reply);
        }
        List<CreditEvent> events = new ArrayList<>();
        reply.body().path("events").forEach(e -> events.add(event(e)));
        heardUpTo = reply.body().path("next_after").asLong();
        return events;
    }

    private CreditEvent event(JsonNode e) {
        TeamId team = TeamId.of(name);
        Instant at = Instant.parse(e.path("at").asText());
        String kind = e.path("event").asText();
        return switch (kind) {
            case "top-up-succeeded" -> new CreditEvent.TopUpSucceeded(team, source(e), e.path("credits").asLong(),
                    price(e), at);
            case "top-up-declined" -> new CreditEvent.TopUpFailed(team, source(e), e.path("credits").asLong(),
                    price(e), MemberId.of(e.path("owner").asText()), local(e.path("reason").asText()), at);
            case "auto-top-up-paused" -> new CreditEvent.AutoTopUpPaused(team, MemberId.of(e.path("owner").asText()),
                    e.path("declines").asInt(), local(e.path("last_reason").asText()), at);
            case "low-balance" -> new CreditEvent.LowBalance(team, MemberId.of(e.path("owner").asText()),
                    e.path("balance").asLong(), e.path("level").asLong(), at);
            case "top-up-pending" -> new CreditEvent.TopUpPending(team, local(e.path("purchase").asText()), source(e),
                    e.path("credits").asLong(), price(e), local(e.path("reason").asText()), at);
            case "top-up-recovered" -> new CreditEvent.TopUpRecovered(team, local(e.path("purchase").asText()),
                    source(e), e.path("credits").asLong(), price(e), e.path("granted").asBoolean(),
                    e.path("attempts").asInt(), at);
            case "limit-approaching", "limit-reached" -> new CreditEvent.LimitAlert(team,
                    MemberId.of(e.path("member").asText()), e.path("percent").asInt(), e.path("used").asLong(),
                    e.path("limit").asLong(), e.path("own_limit").asBoolean(), at);
            case "group-cap-approaching", "group-cap-reached" -> new CreditEvent.GroupCapAlert(team,
                    GroupId.of(e.path("group").asText()), MemberId.of(e.path("member").asText()),
                    e.path("percent").asInt(), e.path("used").asLong(), e.path("cap").asLong(), at);
            case "pool-low" -> new CreditEvent.PoolLow(team, MemberId.of(e.path("owner").asText()),
                    e.path("percent").asInt(), e.path("balance").asLong(), e.path("level").asLong(), at);
            case "notice" -> new CreditEvent.Notice(team, MemberId.of(e.path("member").asText()),
                    e.path("code").asText(), local(e.path("message").asText()), at);
            default -> throw new ScenarioServerException("the server told an event this runner does not know: "
                    + kind);
        };
    }

    private static GrantSource source(JsonNode node) {
        String word = node.path("source").asText();
        for (GrantSource source : GrantSource.values()) {
            if (source.word().equals(word)) {
                return source;
            }
        }
        throw new ScenarioServerException("the server named a grant source this runner does not know: " + word);
    }

    private static Money price(JsonNode node) {
        return new Money(node.path("price").asLong(), node.path("currency").asText());
    }

    @Override
    public List<String> audit() {
        Reply reply = server.send("GET", sandbox("/audit"), null, null, null);
        if (reply.status() == 404 && reply.code().equals(DenialCode.UNKNOWN_TEAM.code())) {
            return List.of("team " + name + " does not exist");
        }
        if (!reply.ok()) {
            throw unexpected(reply);
        }
        List<String> broken = new ArrayList<>();
        reply.body().path("broken").forEach(w -> broken.add(local(w.asText())));
        return broken;
    }

    // ---- the workspace settings

    @Override
    public Optional<TeamMetrics> metrics() {
        Reply reply = server.send("GET", team(), null, null, null);
        if (reply.status() == 404 && reply.code().equals(DenialCode.UNKNOWN_TEAM.code())) {
            return Optional.empty();
        }
        if (!reply.ok()) {
            throw unexpected(reply);
        }
        return Optional.of(metrics(reply.body()));
    }

    /** The summary as the kernel's metrics, the team named as the scenario names it. */
    private TeamMetrics metrics(JsonNode s) {
        List<TeamMetrics.GrantBalance> grants = new ArrayList<>();
        s.path("grants").forEach(g -> grants.add(new TeamMetrics.GrantBalance(g.path("grant_id").asLong(), source(g),
                g.path("remaining").asLong(), instant(g.path("expires_at")))));
        List<TeamMetrics.MemberUsage> members = new ArrayList<>();
        s.path("members").forEach(m -> members.add(new TeamMetrics.MemberUsage(MemberId.of(m.path("member").asText()),
                Role.valueOf(m.path("role").asText().toUpperCase(Locale.ROOT)), m.path("usage_this_month").asLong(),
                m.path("limit").isNumber() ? MemberLimit.of(m.path("limit").asLong()) : MemberLimit.UNLIMITED,
                m.path("own_limit").isNumber() ? MemberLimit.of(m.path("own_limit").asLong()) : MemberLimit.UNLIMITED,
                m.path("group").isTextual() ? GroupId.of(m.path("group").asText()) : null,
                spendable(m.path("spendable")))));
        List<TeamMetrics.GroupUsage> groups = new ArrayList<>();
        s.path("groups").forEach(g -> groups.add(new TeamMetrics.GroupUsage(GroupId.of(g.path("group").asText()),
                g.path("name").asText(), g.path("cap").isNumber() ? GroupCap.of(g.path("cap").asLong())
                        : GroupCap.UNLIMITED, g.path("usage_this_month").asLong(), g.path("members").asInt())));
        JsonNode a = s.path("auto_top_up");
        AutoTopUp auto = new AutoTopUp(a.path("enabled").asBoolean(), a.path("threshold").asLong(0),
                a.path("amount").asLong(0), a.path("armed").asBoolean(),
                a.path("monthly_cap").isNumber() ? a.path("monthly_cap").asLong() : null,
                a.path("spent_this_cycle").asLong(), a.path("declines").asInt(), a.path("paused").asBoolean());
        List<TeamMetrics.HeldCredits> held = new ArrayList<>();
        s.path("reservations").forEach(r -> held.add(new TeamMetrics.HeldCredits(
                RequestId.of(r.path("reservation").asText()), MemberId.of(r.path("member").asText()),
                r.path("credits").asLong(), instant(r.path("reserved_at")), instant(r.path("expires_at")))));
        JsonNode seats = s.path("seats");
        return new TeamMetrics(TeamId.of(name), s.path("plan").asText(),
                new BillingCycle(instant(s.at("/cycle/start")), instant(s.at("/cycle/end"))),
                s.path("balance").asLong(), s.path("plan_credits").asLong(), s.path("top_up_credits").asLong(), grants,
                seats.path("total").asInt(), seats.path("used").asInt(), seats.path("available").asInt(), members, auto,
                a.path("in_flight").asBoolean(), s.path("pending_purchases").asInt(), s.path("top_ups").asLong(),
                s.path("charges").asLong(), held, groups);
    }

    /** What a member can spend as the summary says it; null from a server that does not say. */
    private static Spendable spendable(JsonNode node) {
        if (!node.isObject()) {
            return null;
        }
        String word = node.path("bound_by").asText();
        for (Spendable.Bound bound : Spendable.Bound.values()) {
            if (bound.word().equals(word)) {
                return new Spendable(node.path("credits").asLong(), bound);
            }
        }
        throw new ScenarioServerException("the server named what binds a member's spending in words this runner "
                + "does not know: " + word);
    }

    private static Instant instant(JsonNode node) {
        return node.isTextual() ? Instant.parse(node.asText()) : null;
    }

    /** Nothing to let go of: the team stays on the server, under its id for this run. */
    @Override
    public void close() {
    }
}
