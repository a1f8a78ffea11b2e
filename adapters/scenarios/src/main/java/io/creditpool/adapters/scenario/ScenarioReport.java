package io.creditpool.adapters.scenario;

import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.port.in.TeamMetrics;

import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;

/** Prints what a scenario did: a timeline for people, and the failures as a diff of expected and actual. */
public final class ScenarioReport {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    private ScenarioReport() {
    }

    /** Each step: when, what, the decision and the rules that made it, the balance after. */
    public static String timeline(ScenarioRunner.Result result) {
        StringBuilder out = new StringBuilder();
        out.append("Scenario: ").append(result.scenario().name()).append("  (").append(result.scenario().file())
                .append(")\n");
        line(out, result.creation());
        result.steps().forEach(s -> line(out, s));
        if (result.end() != null) {
            workspace(out, result.end());
        }
        out.append(result.passed() ? "PASS" : "FAIL: " + result.failures().size() + " expectation(s) not met")
                .append('\n');
        return out.toString();
    }

    private static void line(StringBuilder out, ScenarioRunner.StepOutcome s) {
        Decision d = s.decision();
        out.append(String.format("%3d  %s  %-52s %-22s balance %d%n", s.number(), TIME.format(s.at()),
                s.description(), d == null ? "" : d.outcome(), s.balance()));
        if (d != null) {
            if (!d.reason().isEmpty()) {
                out.append("                         why: ").append(d.reason()).append('\n');
            }
            for (String rule : d.rules()) {
                out.append("                         rule: ").append(rule).append('\n');
            }
        }
        for (String event : s.events()) {
            out.append("                         told: ").append(event).append('\n');
        }
        for (String failure : s.failures()) {
            out.append("                         FAILED: ").append(failure).append('\n');
        }
    }

    /** What the workspace settings would show after the last step. */
    private static void workspace(StringBuilder out, TeamMetrics m) {
        out.append(String.format("     workspace: %d credits (%d plan, %d top-up); seats %d total, %d used, %d available%n",
                m.balance(), m.planCredits(), m.topUpCredits(), m.seatsTotal(), m.seatsUsed(), m.seatsAvailable()));
        for (TeamMetrics.GrantBalance g : m.grants()) {
            out.append(String.format("       grant %d (%s): %d left, %s%n", g.grantId(), g.source().word(), g.remaining(),
                    g.expiresAt() == null ? "never expires" : "expires " + TIME.format(g.expiresAt())));
        }
        for (TeamMetrics.HeldCredits r : m.reservations()) {
            out.append(String.format("       reservation %s: %d held for %s, expires %s%n", r.reservation(),
                    r.credits(), r.member(), TIME.format(r.expiresAt())));
        }
        for (TeamMetrics.MemberUsage u : m.members()) {
            out.append(String.format("       %s (%s): %d used this month, limit %s%n", u.member(), u.role().word(),
                    u.usageThisMonth(), u.limit()));
        }
    }

    /** The failures of a scenario, one per line, as {@code - step N (what): expected X, was Y}. */
    public static String diff(ScenarioRunner.Result result) {
        StringBuilder out = new StringBuilder();
        out.append("FAIL ").append(result.scenario().file()).append(" (").append(result.scenario().name())
                .append(")\n");
        result.failures().forEach(f -> out.append("  - ").append(f).append('\n'));
        return out.toString();
    }
}
