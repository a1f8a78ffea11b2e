package io.creditpool.adapters.scenario;

import io.creditpool.kernel.domain.Plan;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** A parsed scenario file: a team, a clock, and the steps to run with what each should give. */
public record Scenario(Path file, String name, Instant start, List<Plan> plans, TeamSpec team, List<Step> steps) {
    public Scenario {
        plans = List.copyOf(plans);
        steps = List.copyOf(steps);
    }

    /** The team a scenario starts with. {@code anchorDay} null: the day of the scenario's start. */
    public record TeamSpec(String id, String plan, int seats, String owner, Integer anchorDay) {
    }
}
