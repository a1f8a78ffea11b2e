package io.creditpool.adapters.glue;

import com.google.inject.AbstractModule;
import io.creditpool.kernel.port.out.CreditPolicy;
import io.creditpool.kernel.port.out.PlanCatalog;
import io.creditpool.rules.DroolsCreditPolicy;
import io.creditpool.rules.PlanTable;
import io.creditpool.rules.RuleBase;
import io.creditpool.rules.RuleSource;

/** The policy: the DRL files compiled by Drools, and the plan table. */
public final class RulesModule extends AbstractModule {
    private final RuleSource rules;
    private final PlanTable plans;

    public RulesModule(RuleSource rules, PlanTable plans) {
        this.rules = rules;
        this.plans = plans;
    }

    @Override
    protected void configure() {
        bind(RuleBase.class).toInstance(RuleBase.of(rules));
        bind(CreditPolicy.class).to(DroolsCreditPolicy.class);
        bind(PlanTable.class).toInstance(plans);
        bind(PlanCatalog.class).toInstance(plans);
    }
}
