package io.creditpool.kernel.service;

import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.BillingCycle;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.GrantTerms;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Team;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.ConsumptionFacts;
import io.creditpool.kernel.port.out.ConsumptionVerdict;
import io.creditpool.kernel.port.out.CreditPolicy;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.PlanCatalog;
import io.creditpool.kernel.port.out.PolicyVerdict;
import io.creditpool.kernel.port.out.RecordedRequest;
import io.creditpool.kernel.port.out.TeamUnit;
import io.creditpool.kernel.port.out.TopUpTerms;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Small stand-ins for the kernel's ports, so its services can be tested without rules or a store adapter. */
final class KernelStubs {
    private KernelStubs() {
    }

    /** A store in a map: each unit works on a copy, kept only when the work returns. */
    static final class MapStore implements CreditStore {
        private final Map<TeamId, Team> teams = new HashMap<>();
        private final Map<TeamId, List<LedgerEntry>> ledgers = new HashMap<>();
        private final Map<String, RecordedRequest> requests = new HashMap<>();

        @Override
        public synchronized <T> T inTransaction(TeamId team, Function<TeamUnit, T> work) {
            Team stored = teams.get(team);
            TeamUnit unit = new TeamUnit(team, stored == null ? null : stored.copy(),
                    id -> Optional.ofNullable(requests.get(team + "/" + id)));
            T result = work.apply(unit);
            unit.team().ifPresent(t -> {
                ledgers.computeIfAbsent(team, k -> new ArrayList<>()).addAll(t.drainPendingLedger());
                t.drainChanges();
                teams.put(team, t.copy());
            });
            unit.newRequests().forEach((RequestId id, RecordedRequest r) -> requests.put(team + "/" + id, r));
            return result;
        }

        @Override
        public synchronized List<LedgerEntry> ledger(TeamId team) {
            return List.copyOf(ledgers.getOrDefault(team, List.of()));
        }

        @Override
        public synchronized List<TeamId> teams() {
            return List.copyOf(teams.keySet());
        }
    }

    /** A policy that grants each cycle's plan credits and accepts every consumption: only the kernel refuses. */
    static final class AcceptEverything implements CreditPolicy {
        static final String RULE = "Every consumption is accepted";

        @Override
        public GrantTerms cycleGrant(Plan plan, int seats, BillingCycle cycle) {
            return new GrantTerms(plan.monthlyCreditsPerSeat() * seats, cycle.end(), 0, List.of("plan credits"));
        }

        @Override
        public TopUpTerms topUp(Plan plan, GrantSource source, long credits, Instant at) {
            throw new UnsupportedOperationException("no top-ups in these tests");
        }

        @Override
        public PolicyVerdict autoTopUpChange(Plan plan, AutoTopUp settings) {
            return PolicyVerdict.accept(List.of());
        }

        @Override
        public ConsumptionVerdict consumption(ConsumptionFacts facts) {
            return new ConsumptionVerdict(PolicyVerdict.accept(List.of(RULE)), false, 0);
        }
    }

    static PlanCatalog plans(Plan... plans) {
        return new PlanCatalog() {
            @Override
            public Optional<Plan> plan(String name) {
                for (Plan p : plans) {
                    if (p.name().equals(name)) {
                        return Optional.of(p);
                    }
                }
                return Optional.empty();
            }

            @Override
            public Collection<Plan> plans() {
                return List.of(plans);
            }
        };
    }
}
