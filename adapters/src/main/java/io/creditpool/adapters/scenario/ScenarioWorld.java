package io.creditpool.adapters.scenario;

import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.kernel.domain.TeamId;

/** What a running scenario acts on: the wired Creditpool, its clock, its sandbox processor and the team. */
public record ScenarioWorld(Creditpool pool, ManualClock clock, SandboxPaymentGateway sandbox, TeamId team) {
}
