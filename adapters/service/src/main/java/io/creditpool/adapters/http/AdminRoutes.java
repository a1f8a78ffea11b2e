package io.creditpool.adapters.http;

import io.creditpool.Creditpool;
import io.creditpool.RulesReload;
import io.creditpool.rules.RuleSet;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' endpoints under {@code /admin}, reached only with an operator key ({@code keys create NAME --admin}):
 * the live rules, and reloading them from the service's rules folder.
 */
final class AdminRoutes {
    static final String RULES = "/admin/rules";
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
