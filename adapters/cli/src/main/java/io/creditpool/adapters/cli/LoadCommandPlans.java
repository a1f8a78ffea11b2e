package io.creditpool.adapters.cli;

import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.Tier;

/** The plan {@code ./creditpool load} puts its teams on, for whoever reopens its store. */
public final class LoadCommandPlans {
    /** Enough credits that the pool never runs dry during a run; one cent a top-up credit. */
    public static final Plan LOAD_PLAN = new Plan("load", Tier.ENTERPRISE, Plan.MAX_CREDITS_PER_SEAT, 1, "USD");

    private LoadCommandPlans() {
    }
}
