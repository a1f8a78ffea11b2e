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
            List<String> events, Long charged) {
        public StateCheck {
            figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
            usage = Collections.unmodifiableMap(new LinkedHashMap<>(usage));
            events = events == null ? null : List.copyOf(events);
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
}
