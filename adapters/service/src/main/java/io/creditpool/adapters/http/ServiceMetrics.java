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
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;

/**
 * What the service counts, in Prometheus' text format at {@code GET /metrics}: requests by route and status with
 * their latency, consumptions accepted and denied by code, top-ups by source and outcome, payment failures, auto
 * top-ups paused, low balances, rules reloads asked for by operators. Counts of the whole service, not of one
 * product: nothing in them names a team.
 */
final class ServiceMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private final Creditpool pool;

    ServiceMetrics(Creditpool pool) {
        this.pool = pool;
        pool.subscribe(this::event);
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
