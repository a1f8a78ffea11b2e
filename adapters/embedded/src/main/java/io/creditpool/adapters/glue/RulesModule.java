package io.creditpool.adapters.glue;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import io.creditpool.kernel.port.out.CreditPolicy;
import io.creditpool.kernel.port.out.PlanCatalog;
import io.creditpool.rules.DroolsCreditPolicy;
import io.creditpool.rules.LiveRules;
import io.creditpool.rules.PlanTable;
import io.creditpool.rules.RuleBase;
import io.creditpool.rules.RuleSet;
import io.creditpool.rules.RuleSource;

/**
 * The policy: the DRL files compiled by Drools, and the plan table, held as one live {@link RuleSet} that a reload
 * swaps at once. The policy and the plan catalog read, on every call, the set the running command pinned (see
 * {@link LiveRules#within}), else the live one; so do {@code RuleBase} and {@code PlanTable} when asked for.
 */
public final class RulesModule extends AbstractModule {
    private final LiveRules live;

    public RulesModule(RuleSource rules, PlanTable plans) {
        this(new LiveRules(RuleSet.of(RuleBase.of(rules), plans)));
    }

    public RulesModule(LiveRules live) {
        this.live = live;
    }

    @Override
    protected void configure() {
        bind(LiveRules.class).toInstance(live);
        bind(RuleBase.class).toProvider((Provider<RuleBase>) () -> live.forDecision().rules());
        bind(CreditPolicy.class).toInstance(new DroolsCreditPolicy(live));
        bind(PlanTable.class).toProvider((Provider<PlanTable>) () -> live.forDecision().plans());
        bind(PlanCatalog.class).toInstance(live.planCatalog());
    }
}
