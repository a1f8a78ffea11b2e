package io.creditpool.adapters.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditpool.Creditpool;
import io.creditpool.LedgerScenarios;
import io.creditpool.RulesReload;
import io.creditpool.StoreAudit;
import io.creditpool.adapters.keys.ApiKeys;
import io.creditpool.adapters.payments.PaymentReconciliation;
import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.PaymentGateway;
import io.creditpool.rules.RuleSet;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The operators' endpoints under {@code /admin}, reached only with an operator key ({@code keys create NAME --admin}):
 * the live rules, reloading them from the service's rules folder, the card processor's charges reconciled with the
 * ledger, and what the operator commands do without a shell on a machine that sees the store: API keys
 * ({@code keys}), the audit of every team ({@code audit}) and a team's ledger as a scenario ({@code ledger export}).
 */
final class AdminRoutes {
    static final String RULES = "/admin/rules";
    static final String RECONCILIATION = "/admin/payments/reconciliation";
    static final String KEYS = "/admin/keys";
    static final String AUDIT = "/admin/audit";
    static final String LEDGER_EXPORT = "/admin/teams/{team}/ledger/export";
    static final String NDJSON = "application/x-ndjson";
    /** How far back the reconciliation looks unless {@code since} says. */
    static final java.time.Duration RECONCILED_BY_DEFAULT = java.time.Duration.ofDays(90);
    private static final Logger LOG = LoggerFactory.getLogger("io.creditpool.admin");

    private final Creditpool pool;
    private final ServiceMetrics metrics;
    private final ApiKeys keys;
    private final ObjectMapper json;

    AdminRoutes(Creditpool pool, ServiceMetrics metrics, ApiKeys keys, ObjectMapper json) {
        this.pool = pool;
        this.metrics = metrics;
        this.keys = keys;
        this.json = json;
    }

    void register(HttpService.Registrar routes) {
        routes.route(HandlerType.GET, RULES, this::rules);
        routes.route(HandlerType.POST, RULES + "/reload", this::reload);
        routes.route(HandlerType.GET, RECONCILIATION, this::reconciliation);
        routes.route(HandlerType.GET, KEYS, this::listKeys);
        routes.route(HandlerType.POST, KEYS, this::createKey);
        routes.route(HandlerType.DELETE, KEYS + "/{key}", this::revokeKey);
        routes.route(HandlerType.GET, AUDIT, this::audit);
        routes.route(HandlerType.GET, LEDGER_EXPORT, this::ledgerExport);
    }

    /** A key as listed: never its secret. {@code name} is the product's, or the operator's for an operator key. */
    record Key(String id, String name, String scope, Instant createdAt, Instant revokedAt, boolean live) {
        static Key of(ApiKeys.Listed k) {
            return new Key(k.id(), k.product(), k.scope().word(), k.createdAt(), k.revokedAt(), k.live());
        }
    }

    record Keys(List<Key> keys) {
    }

    /** A key just made: the only answer that holds {@code key}. */
    record CreatedKey(String id, String name, String scope, String key) {
    }

    private void listKeys(Context ctx) {
        ctx.json(new Keys(keys.list().stream().map(Key::of).toList()));
    }

    /** As {@code keys create NAME [--admin]}: the key is in this answer only; the store keeps its hash. */
    private void createKey(Context ctx) {
        JsonBody body = JsonBody.read(ctx, json, Set.of("name", "operator"));
        String name = body.text("name");
        if (!ApiKeys.PRODUCT.matcher(name).matches()) {
            throw Problems.invalid("name", "'" + name + "' is not a product name: lower-case letters, digits and "
                    + "dashes, at most 40, starting with a letter or digit");
        }
        ApiKeys.Scope scope = body.has("operator") && body.bool("operator") ? ApiKeys.Scope.OPERATOR
                : ApiKeys.Scope.PRODUCT;
        ApiKeys.Created created = keys.create(name, scope);
        LOG.info("api key created operator={} key_id={} name={} scope={}",
                ctx.<String>attribute(HttpService.OPERATOR), created.id(), created.product(), scope.word());
        ctx.status(201).json(new CreatedKey(created.id(), created.product(), scope.word(), created.key()));
    }

    /** As {@code keys revoke ID}: a revoked key opens nothing from the next request on, on every instance. */
    private void revokeKey(Context ctx) {
        String id = ctx.pathParam("key");
        Optional<ApiKeys.Listed> known = keys.list().stream().filter(k -> k.id().equals(id)).findFirst();
        if (known.isEmpty()) {
            throw new Problems.ProblemException(Problems.of(404, Problems.UNKNOWN_KEY, "Unknown API key",
                    "key: no API key has the id '" + id + "'"));
        }
        boolean revoked = keys.revoke(id);
        if (revoked) {
            LOG.info("api key revoked operator={} key_id={}", ctx.<String>attribute(HttpService.OPERATOR), id);
        }
        // revoking a revoked key again answers as the first time did: the key as it stands
        ctx.json(keys.list().stream().filter(k -> k.id().equals(id)).findFirst().map(Key::of).orElseThrow());
    }

    /** One line of the audit's stream: a problem found, or the summary that ends it. */
    record AuditLine(String kind, String team, String problem, Integer teams, Integer problems, Boolean clean,
            String store) {
        static AuditLine problem(StoreAudit.Finding f) {
            return new AuditLine("problem", f.team(), f.line(), null, null, null, null);
        }

        static AuditLine summary(StoreAudit.Summary s) {
            return new AuditLine("summary", null, null, s.teams(), s.problems(), s.clean(), s.store());
        }
    }

    /**
     * As {@code ./creditpool audit}: every team checked against its ledger, as newline-delimited JSON written as the
     * audit goes (a line per problem, then the summary), so a big store's report streams instead of waiting in
     * memory. It reads every team: an operator's request, never a product's.
     */
    private void audit(Context ctx) throws java.io.IOException {
        ctx.contentType(NDJSON);
        java.io.OutputStream out = ctx.outputStream();
        ObjectMapper lines = json.copy().setSerializationInclusion(
                com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);
        StoreAudit.Summary summary = StoreAudit.run(pool, f -> write(out, lines, AuditLine.problem(f)));
        write(out, lines, AuditLine.summary(summary));
        LOG.info("store audited operator={} teams={} problems={}", ctx.<String>attribute(HttpService.OPERATOR),
                summary.teams(), summary.problems());
    }

    private static void write(java.io.OutputStream out, ObjectMapper lines, AuditLine line) {
        try {
            out.write(lines.writeValueAsBytes(line));
            out.write('\n');
            out.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("the audit's reader went away", e);
        }
    }

    /** As {@code ledger export TEAM [--from DATE] [--to DATE]}: the team's activity as a scenario file. */
    private void ledgerExport(Context ctx) {
        String team = ctx.pathParam("team");
        TeamId id;
        try {
            id = TeamId.of(team);
        } catch (InvalidInputException e) {
            throw Problems.invalid("team", e.reason());
        }
        LocalDate first = date("from", ctx.queryParam("from"));
        LocalDate last = date("to", ctx.queryParam("to"));
        if (first != null && last != null && first.isAfter(last)) {
            throw Problems.invalid("from", first + " is after to " + last + "; the period would be empty");
        }
        LedgerScenarios export = LedgerScenarios.available().orElseThrow(() -> new Problems.ProblemException(
                Problems.of(501, Problems.EXPORT_UNAVAILABLE, "Ledger export unavailable", "this service runs "
                        + "without the module io.creditpool:creditpool-scenarios, which writes scenario files")));
        if (pool.metrics(id).isEmpty()) {
            throw Problems.unknownTeam(team);
        }
        String period = first == null && last == null ? "everything up to the export"
                : (first == null ? "from the team's creation" : "from " + first) + " to "
                        + (last == null ? "the export" : last + " included") + " (UTC)";
        String command = "ledger export " + team + (first == null ? "" : " --from " + first)
                + (last == null ? "" : " --to " + last);
        String text = export.export(pool, id, first == null ? null : first.atStartOfDay().toInstant(ZoneOffset.UTC),
                last == null ? null : last.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC), period, command);
        LOG.info("ledger exported operator={} team={} from={} to={}", ctx.<String>attribute(HttpService.OPERATOR),
                team, first, last);
        ctx.contentType("application/yaml; charset=utf-8").result(text);
    }

    private static LocalDate date(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw Problems.invalid(field, "'" + text + "' is not a date like 2026-01-31");
        }
    }

    /**
     * The processor's charges for this store's installation against the ledger. It lists every charge since
     * {@code since}, so it runs on the request's thread of an operator, never on a product's request path.
     */
    private void reconciliation(Context ctx) {
        String text = ctx.queryParam("since");
        java.time.Instant since;
        try {
            since = text == null ? java.time.Instant.now().minus(RECONCILED_BY_DEFAULT)
                    : text.contains("T") ? java.time.Instant.parse(text)
                    : java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw Problems.invalid("since", "'" + text + "' is not a date like "
                    + "2026-01-31 or an instant like 2026-01-31T12:00:00Z");
        }
        PaymentReconciliation.Report report;
        try {
            report = PaymentReconciliation.reconcile(pool.component(CreditStore.class),
                    pool.component(PaymentGateway.class), since);
        } catch (PaymentReconciliation.CannotReconcile e) {
            throw new Problems.ProblemException(Problems.of(409, Problems.CANNOT_RECONCILE, "Cannot reconcile",
                    e.getMessage()));
        } catch (PaymentReconciliation.ProcessorUnavailable e) {
            throw new Problems.ProblemException(Problems.of(502, Problems.PROCESSOR_UNAVAILABLE,
                    "Payment processor unavailable", e.getMessage()));
        }
        LOG.info("payments reconciled operator={} since={} processor_charges={} ledger_charges={} problems={}",
                ctx.<String>attribute(HttpService.OPERATOR), since, report.processorCharges(),
                report.ledgerCharges(), report.findings().size());
        ctx.json(new Views.Reconciliation(report.installation(), report.since(), report.processorCharges(),
                report.ledgerCharges(), report.unkeyedLedgerCharges(), report.clean(), report.findings().stream()
                .map(f -> new Views.ReconciliationFinding(f.kind().word(), f.team() == null ? null
                        : f.team().value(), f.purchase(), f.reference(), money(f.charged()), money(f.ledger()),
                        f.detail())).toList()));
    }

    private static Views.MoneyView money(io.creditpool.kernel.domain.Money money) {
        return money == null ? null : new Views.MoneyView(money.minorUnits(), money.currency());
    }

    private void rules(Context ctx) {
        RuleSet live = pool.ruleSet();
        ctx.json(new Views.Rules(live.version(), live.origin(), live.loadedAt(), pool.watchingRules(),
                live.rules().ruleUsage()));
    }

    /** Reloads on the request's thread: a reload never holds up decisions, and reloads wait for each other. */
    private void reload(Context ctx) {
        RulesReload r = pool.reloadRules();
        metrics.rulesReload(r);
        LOG.info("rules reload asked operator={} outcome={} version={} previous_version={} took_ms={} errors={}",
                ctx.<String>attribute(HttpService.OPERATOR), r.outcome().word(), r.version(), r.previous(), r.tookMillis(),
                r.errors().size());
        switch (r.outcome()) {
            case RELOADED, UNCHANGED -> ctx.json(new Views.RulesReloaded(r.outcome().word(), r.version(), r.previous(),
                    r.tookMillis()));
            case REFUSED -> throw new Problems.ProblemException(Problems.of(422, Problems.RULES_REFUSED,
                    "Rules refused", (r.candidate() == null ? "the rules folder could not be read"
                            : "the rules in the folder (version " + r.candidate() + ") were refused")
                            + "; rules " + r.version() + " stay live")
                    .with("version", r.version())
                    .with("candidate_version", r.candidate())
                    .with("errors", r.errors())
                    .with("took_ms", r.tookMillis()));
            default -> throw new Problems.ProblemException(Problems.of(409, Problems.NOTHING_TO_RELOAD,
                    "Nothing to reload", "the service runs the rules shipped with Creditpool, not a rules folder; "
                            + "start it with creditpool.rules (or CREDITPOOL_RULES, or --rules DIR) naming the "
                            + "folder to reload")
                    .with("version", r.version()));
        }
    }
}
