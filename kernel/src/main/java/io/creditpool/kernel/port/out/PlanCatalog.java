package io.creditpool.kernel.port.out;

import io.creditpool.kernel.domain.Plan;

import java.util.Collection;
import java.util.Optional;

/** The plan table: every plan a team can be on. */
public interface PlanCatalog {
    Optional<Plan> plan(String name);

    Collection<Plan> plans();
}
