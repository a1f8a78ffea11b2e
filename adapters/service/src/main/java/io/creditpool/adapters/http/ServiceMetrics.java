package io.creditpool.adapters.http;

import io.creditpool.Creditpool;
import io.creditpool.RulesReload;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.port.out.CreditEvent;
import io.creditpool.rules.RuleBase;
import io.creditpool.rules.RuleSet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import io.creditpool.adapters.events.Webhooks;
import io.creditpool.kernel.domain.PendingPurchase;
import io.creditpool.kernel.port.out.Clock;
import io.creditpool.kernel.port.out.CreditStore;

import java.time.Duration;
import java.util.List;

/**
 * What the service counts, in Prometheus' text format at {@code GET /metrics}: requests by route and status with
 * their latency, consumptions accepted and denied by code, top-ups by source and outcome, payment failures, auto
 * top-ups paused, low balances, rules reloads asked for by operators. Counts of the whole service, not of one
 * product: nothing in them names a team.
 */
final class ServiceMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private final Creditpool pool;
    private final Webhooks webhooks;
    /** Ages a pending purchase is counted at: older than each ({@code creditpool_purchases_pending{older_than}}). */
    static final List<Duration> PENDING_AGES = List.of(Duration.ZERO, Duration.ofMinutes(1), Duration.ofHours(1),
            Duration.ofHours(24));
    private final long[] pendingOlderThan = new long[PENDING_AGES.size()];
    private volatile Webhooks.Counts deliveries = new Webhooks.Counts(0, 0);

    ServiceMetrics(Creditpool pool, Webhooks webhooks) {
        this.pool = pool;
        this.webhooks = webhooks;
        pool.subscribe(this::event);
        for (int i = 0; i < PENDING_AGES.size(); i++) {
            int age = i;
            Gauge.builder("creditpool.purchases.pending", pendingOlderThan, a -> a[age])
                    .description("Purchases waiting for their charge's outcome (top-ups and auto top-ups), by age: "
                            + "older than 0s (all), 1m, 1h, 24h")
                    .tags("older_than", word(PENDING_AGES.get(i))).register(registry);
        }
        Gauge.builder("creditpool.webhook.deliveries", this, m -> m.deliveries.pending())
                .description("Webhook deliveries by state: pending (not yet answered 2xx, still retried) and failed "
                        + "(retries ran out)")
                .tags("state", "pending").register(registry);
        Gauge.builder("creditpool.webhook.deliveries", this, m -> m.deliveries.failed())
                .description("Webhook deliveries by state: pending (not yet answered 2xx, still retried) and failed "
                        + "(retries ran out)")
                .tags("state", "failed").register(registry);
    }

    private static String word(Duration age) {
        return age.isZero() ? "0s" : age.toHours() >= 1 ? age.toHours() + "h" : age.toMinutes() + "m";
    }

    /** Reads the pending purchases and the deliveries' states once per scrape (a query each, not per team). */
    private void gauges() {
        Clock clock = pool.component(Clock.class);
        long[] counts = new long[PENDING_AGES.size()];
        for (PendingPurchase p : pool.component(CreditStore.class).pendingPurchases()) {
            Duration age = Duration.between(p.startedAt(), clock.now(p.team()));
            for (int i = 0; i < PENDING_AGES.size(); i++) {
                if (age.compareTo(PENDING_AGES.get(i)) >= 0) {
                    counts[i]++;
                }
            }
        }
        synchronized (pendingOlderThan) {
            System.arraycopy(counts, 0, pendingOlderThan, 0, counts.length);
        }
        deliveries = webhooks.counts();
    }

    /** One answered request: its method, its route as registered ({@code /v1/teams/{team}/...}), status, time. */
    void request(String method, String route, int status, Duration took) {
        Timer.builder("creditpool.http.requests").description("HTTP requests answered, by route and status")
                .tags("method", method, "route", route, "status", Integer.toString(status))
                .publishPercentileHistogram()
                .register(registry).record(took);
    }

    /** One consumption decided. */
    void consumption(Decision d) {
        Counter.builder("creditpool.consumptions").description("Consumptions decided, by outcome and denial code")
                .tags("outcome", d.accepted() ? "accepted" : "denied",
                        "code", d.accepted() ? "none" : d.outcome())
                .register(registry).increment();
    }

    /** One top-up answered to its caller; a charge whose answer did not come counts as a payment failure. */
    void topUp(Decision d) {
        if (d.denial() == DenialCode.PAYMENT_PENDING) {
            paymentFailure("unknown-outcome");
        }
    }

    /** One rules reload asked for at {@code /admin/rules/reload}, by its outcome. */
    void rulesReload(RulesReload r) {
        Counter.builder("creditpool.rules.reloads").description("Rules reloads asked for over HTTP, by outcome")
                .tags("outcome", r.outcome().word())
                .register(registry).increment();
    }

    private void event(CreditEvent e) {
        if (e instanceof CreditEvent.TopUpSucceeded t) {
            topUps(t.source().word(), "paid");
        } else if (e instanceof CreditEvent.TopUpFailed t) {
            topUps(t.source().word(), "declined");
            paymentFailure("declined");
        } else if (e instanceof CreditEvent.AutoTopUpPaused) {
            Counter.builder("creditpool.auto.top.ups.paused").description("Auto top-ups paused after declines in a row")
                    .register(registry).increment();
        } else if (e instanceof CreditEvent.LowBalance) {
            Counter.builder("creditpool.low.balances").description("Pools that went below their low level")
                    .register(registry).increment();
        } else if (e instanceof CreditEvent.LimitAlert || e instanceof CreditEvent.GroupCapAlert
                || e instanceof CreditEvent.PoolLow || e instanceof CreditEvent.Notice) {
            Counter.builder("creditpool.alerts").description("Alerts and rules' notices told, by type")
                    .tags("type", e.type()).register(registry).increment();
        } else if (e instanceof CreditEvent.TopUpPending t) {
            Counter.builder("creditpool.top.ups.pending").description("Purchases whose first charge had no answer "
                    + "(left pending), by source").tags("source", t.source().word()).register(registry).increment();
        } else if (e instanceof CreditEvent.TopUpRecovered t) {
            Counter.builder("creditpool.top.ups.recovered").description("Pending purchases completed later, by "
                    + "outcome").tags("source", t.source().word(), "outcome", t.granted() ? "paid" : "declined")
                    .register(registry).increment();
        }
    }

    private void topUps(String source, String outcome) {
        Counter.builder("creditpool.top.ups").description("Top-ups whose charge ended, by source and outcome")
                .tags("source", source, "outcome", outcome).register(registry).increment();
    }

    private void paymentFailure(String kind) {
        Counter.builder("creditpool.payment.failures").description("Charges declined or without an answer")
                .tags("kind", kind).register(registry).increment();
    }

    /** Everything counted so far, in Prometheus' text format. */
    String scrape() {
        ruleUsage();
        gauges();
        return registry.scrape();
    }

    /**
     * How many decisions each rule of the live rule set fired in, by rule name and rules version (a rule that never
     * fired counts 0); counted by the rule set itself, registered here as the versions go live.
     */
    private void ruleUsage() {
        RuleSet live = pool.ruleSet();
        RuleBase rules = live.rules();
        for (String rule : rules.ruleNames()) {
            FunctionCounter.builder("creditpool.rules.decided", rules, r -> r.ruleUsage().getOrDefault(rule, 0L))
                    .description("Decisions each rule fired in, by rule name and rules version")
                    .tags("rule", rule, "rules_version", live.version())
                    .register(registry);
        }
    }
}
