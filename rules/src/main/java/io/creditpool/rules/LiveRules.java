package io.creditpool.rules;

import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.port.out.PlanCatalog;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The rule set decisions run on now. A reload swaps in a whole new {@link RuleSet} at once. A command run
 * {@link #within} pins the set live when it starts, so every question it asks the policy and the plan table is
 * answered by that one set, whatever is swapped meanwhile; outside a command each policy call reads the live set
 * once. Reading never blocks: there is no lock, only an atomic reference and a thread-local pin.
 */
public final class LiveRules {
    private final AtomicReference<RuleSet> current;
    private final ThreadLocal<RuleSet> pinned = new ThreadLocal<>();

    public LiveRules(RuleSet initial) {
        this.current = new AtomicReference<>(initial);
    }

    public RuleSet current() {
        return current.get();
    }

    /** The set the command running on this thread decides with: the one pinned when it started, else the live one. */
    public RuleSet forDecision() {
        RuleSet set = pinned.get();
        return set != null ? set : current.get();
    }

    /** Runs {@code command} on the set live now, to its end (a command within a command keeps the outer one's). */
    public <T> T within(Supplier<T> command) {
        if (pinned.get() != null) {
            return command.get();
        }
        pinned.set(current.get());
        try {
            return command.get();
        } finally {
            pinned.remove();
        }
    }

    /** Makes {@code next} the live set if {@code expected} still is; false (nothing changed) otherwise. */
    public boolean swap(RuleSet expected, RuleSet next) {
        return current.compareAndSet(expected, next);
    }

    /** The plan table of the set a command decides with ({@link #forDecision}), read afresh on every call. */
    public PlanCatalog planCatalog() {
        return new PlanCatalog() {
            @Override
            public Optional<Plan> plan(String name) {
                return forDecision().plans().plan(name);
            }

            @Override
            public Collection<Plan> plans() {
                return forDecision().plans().plans();
            }
        };
    }
}
