package io.creditpool.adapters.http;

import io.creditpool.Creditpool;
import io.creditpool.RulesReload;
import io.creditpool.adapters.payments.PaymentReconciliation;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.PaymentGateway;
import io.creditpool.rules.RuleSet;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' endpoints under {@code /admin}, reached only with an operator key ({@code keys create NAME --admin}):
 * the live rules, reloading them from the service's rules folder, and the card processor's charges reconciled with
 * the ledger.
 */
final class AdminRoutes {
    static final String RULES = "/admin/rules";
    static final String RECONCILIATION = "/admin/payments/reconciliation";
    /** How far back the reconciliation looks unless {@code since} says. */
    static final java.time.Duration RECONCILED_BY_DEFAULT = java.time.Duration.ofDays(90);
    private static final Logger LOG = LoggerFactory.getLogger("io.creditpool.admin");

    private final Creditpool pool;
    private final ServiceMetrics metrics;

    AdminRoutes(Creditpool pool, ServiceMetrics metrics) {
        this.pool = pool;
        this.metrics = metrics;
    }

    void register(HttpService.Registrar routes) {
        routes.route(HandlerType.GET, RULES, this::rules);
        routes.route(HandlerType.POST, RULES + "/reload", this::reload);
        routes.route(HandlerType.GET, RECONCILIATION, this::reconciliation);
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
