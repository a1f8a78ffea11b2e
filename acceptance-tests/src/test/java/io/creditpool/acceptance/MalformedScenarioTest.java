package io.creditpool.acceptance;

import io.creditpool.adapters.scenario.ScenarioException;
import io.creditpool.adapters.scenario.ScenarioParser;
import io.creditpool.adapters.scenario.ScenarioReport;
import io.creditpool.adapters.scenario.ScenarioRunner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A malformed scenario is an error naming the step and the key, never a silent pass. */
class MalformedScenarioTest {
    private static final String HEAD = """
            name: malformed
            start: 2026-01-01T00:00:00Z
            team: {id: acme, plan: team, seats: 3, owner: olivia}
            steps:
            """;

    private static String parseError(String steps) {
        try {
            ScenarioParser.parse(Path.of("bad.yaml"), HEAD + steps);
        } catch (ScenarioException e) {
            return e.getMessage();
        }
        throw new AssertionError("the scenario was accepted:\n" + steps);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "misspelt key in a command      | '  - consume: {member: olivia, amont: 5}'                     | step 1 (consume): key 'consume': key 'amount' is required (found member, amont)",
        "unknown key in a command       | '  - consume: {member: olivia, amount: 5, for: x}'            | step 1 (consume): key 'consume': unknown key 'for'",
        "wrong type                     | '  - consume: {member: olivia, amount: lots}'                 | key 'amount' must be a whole number, found 'lots'",
        "unknown command                | '  - buy: {by: olivia, amount: 5}'                            | step 1: unknown key 'buy'",
        "two commands in a step         | '  - {consume: {member: olivia, amount: 1}, remove: {by: olivia, member: x}}' | step 1: one command per step",
        "unknown denial code            | '  - consume: {member: olivia, amount: 1}\n    expect: {denied: broke}' | key 'denied': 'broke' is not a denial code",
        "bad expectation word           | '  - consume: {member: olivia, amount: 1}\n    expect: fine'  | key 'expect' must be accepted, denied or {denied: CODE}",
        "unknown member in expectation  | '  - expect: {usage: {zed: 1}}'                               | step 1 (expect): key 'expect': key 'usage': unknown member 'zed'",
        "unknown key in a check         | '  - expect: {balanse: 1}'                                    | unknown key 'balanse'",
        "bad advance                    | '  - advance: next week'                                      | step 1 (advance): key 'advance'",
        "backwards advance              | '  - advance: P-1D'                                           | the clock only moves forward",
        "expect on a world step         | '  - payments: decline\n    expect: accepted'                 | step 1 (payments): 'payments' is not a command that is decided",
        "bad payments word              | '  - payments: maybe'                                         | key 'payments' must be accept or decline",
        "bad limit                      | '  - set-limit: {by: olivia, member: olivia, limit: some}'    | key 'limit' must be a whole number or unlimited",
        "missing key                    | '  - top-up: {by: olivia}'                                    | step 1 (top-up): key 'top-up': key 'amount' is required",
        "second step is named           | '  - advance: P1D\n  - remove: {by: olivia}'                  | step 2 (remove): key 'remove': key 'member' is required",
    })
    void isAnErrorNamingTheStepAndTheKey(String what, String steps, String message) {
        assertThat(parseError(steps.replace("\\n", "\n"))).startsWith("bad.yaml").contains(message);
    }

    @Test
    void anUnknownTopLevelKeyIsAnError() {
        assertThatThrownBy(() -> ScenarioParser.parse(Path.of("bad.yaml"), HEAD.replace("steps:", "stepz:")))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("unknown key 'stepz'");
    }

    @Test
    void aDuplicateKeyIsAnError() {
        assertThatThrownBy(() -> ScenarioParser.parse(Path.of("bad.yaml"),
                HEAD + "  - consume: {member: olivia, amount: 1, amount: 2}\n"))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("Duplicate field 'amount'");
    }

    @Test
    void aFailedExpectationFailsTheScenarioWithADiff() {
        ScenarioRunner.Result result = new ScenarioRunner().run(ScenarioParser.parse(Path.of("wrong.yaml"), HEAD + """
                  - consume: {member: olivia, amount: 100}
                    expect: {denied: insufficient-credits}
                  - expect: {balance: 1}
                """));
        assertThat(result.passed()).isFalse();
        assertThat(ScenarioReport.diff(result)).contains(
                "step 1 (olivia consumes 100): expected denied insufficient-credits, was accepted",
                "step 2 (check balance 1): expected balance 1, was 1400");
    }

    @Test
    void aRuleTheDecisionDidNotNameFailsTheScenario() {
        ScenarioRunner.Result result = new ScenarioRunner().run(ScenarioParser.parse(Path.of("wrong.yaml"), HEAD + """
                  - consume: {member: olivia, amount: 100}
                    because: A team may not spend more credits than its pool holds
                """));
        assertThat(result.failures()).singleElement().asString()
                .contains("expected the decision to name the rule \"A team may not spend more credits");
    }
}
