package io.creditpool.adapters.scenario;

import io.creditpool.kernel.domain.Decision;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of a scenario: a command (with the decision it should get and the rules it should name), a change of
 * the world (the clock, the sandbox's answers), or a check of the team's state.
 */
public record Step(int number, String kind, String description, Action action, Outcome expected,
        List<String> because, StateCheck check, Long charged) {
    public Step {
        because = List.copyOf(because);
    }

    /** A step that does not check what was charged ({@code charged} null: not checked). */
    public Step(int number, String kind, String description, Action action, Outcome expected, List<String> because,
            StateCheck check) {
        this(number, kind, description, action, expected, because, check, null);
    }

    /** What a step does; answers the command's decision, or null for a step that is not a command. */
    @FunctionalInterface
    public interface Action {
        Decision run(ScenarioWorld world);
    }

    /** The decision a command should get: accepted, denied with any code (code null), or with this code. */
    public record Outcome(boolean accepted, String code) {
        public boolean matches(Decision decision) {
            if (accepted) {
                return decision.accepted();
            }
            return decision.denied() && (code == null || code.equals(decision.outcome()));
        }

        @Override
        public String toString() {
            return accepted ? "accepted" : code == null ? "denied" : "denied " + code;
        }
    }

    /**
     * Expected figures, by the scenario's key (balance, plan-credits, ...), usage per member, the auto top-up's state
     * ({@code off}, {@code on} or {@code paused}; null: not checked) and the events published since the previous
     * check of events, as words in order (null: not checked), and what the processor took for the team's charges
     * since the previous check of {@code charged}, in minor units (null: not checked).
     */
    public record StateCheck(Map<String, Long> figures, Map<String, Long> usage, String autoTopUp,
            List<String> events, Long charged, Members members) {
        public StateCheck {
            figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
            usage = Collections.unmodifiableMap(new LinkedHashMap<>(usage));
            events = events == null ? null : List.copyOf(events);
            members = members == null ? Members.NONE : members;
        }

        /** A check that looks at no group, limit or spendable credits. */
        public StateCheck(Map<String, Long> figures, Map<String, Long> usage, String autoTopUp, List<String> events,
                Long charged) {
            this(figures, usage, autoTopUp, events, charged, null);
        }

        /** A check that does not look at what was charged. */
        public StateCheck(Map<String, Long> figures, Map<String, Long> usage, String autoTopUp, List<String> events) {
            this(figures, usage, autoTopUp, events, null);
        }

        /** Figures and usage only. */
        public StateCheck(Map<String, Long> figures, Map<String, Long> usage) {
            this(figures, usage, null, null, null);
        }
    }

    /**
     * What a check says of groups and members' limits, in the scenario's words: each group's figures (or that there is
     * none), what each member can spend and what binds it, their limits (the owner's or an admin's, and their own, as
     * numbers or {@code unlimited}) and the group each is in ({@code none} for no group).
     */
    public record Members(Map<String, GroupCheck> groups, Map<String, SpendableCheck> spendable,
            Map<String, String> limits, Map<String, String> ownLimits, Map<String, String> groupOf) {
        public static final Members NONE = new Members(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

        public Members {
            groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
            spendable = Collections.unmodifiableMap(new LinkedHashMap<>(spendable));
            limits = Collections.unmodifiableMap(new LinkedHashMap<>(limits));
            ownLimits = Collections.unmodifiableMap(new LinkedHashMap<>(ownLimits));
            groupOf = Collections.unmodifiableMap(new LinkedHashMap<>(groupOf));
        }

        public boolean isEmpty() {
            return groups.isEmpty() && spendable.isEmpty() && limits.isEmpty() && ownLimits.isEmpty()
                    && groupOf.isEmpty();
        }
    }

    /**
     * A group as a check expects it; null figures are not checked. {@code exists} false: the team has no such group.
     * {@code cap} and {@code left} are numbers or {@code unlimited}.
     */
    public record GroupCheck(boolean exists, Long usage, String cap, String left, String name, Integer members) {
        public static final GroupCheck ABSENT = new GroupCheck(false, null, null, null, null, null);
    }

    /** What a member can spend, as a check expects it; {@code by} (null: not checked) is what binds it. */
    public record SpendableCheck(long credits, String by) {
    }

    /** A group's cap as a step gives it: {@code credits} null is unlimited. A step that gives none has no Cap. */
    public record Cap(java.math.BigInteger credits) {
        @Override
        public String toString() {
            return credits == null ? "unlimited" : credits.toString();
        }
    }
}
