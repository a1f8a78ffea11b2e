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
        "unknown command                | '  - buy: {by: olivia, amount: 5}'                            | step 1: unknown step 'buy'. A step holds one of [invite,",
        "misspelt command with expect   | '  - consme: {member: olivia, amount: 5}\n    expect: accepted' | step 1: unknown step 'consme'; did you mean 'consume'? A step holds one of",
        "misspelt command alone         | '  - top_up: {by: olivia, amount: 5}'                         | step 1: unknown step 'top_up'; did you mean 'top-up'?",
        "two commands in a step         | '  - {consume: {member: olivia, amount: 1}, remove: {by: olivia, member: x}}' | step 1: one command per step",
        "unknown denial code            | '  - consume: {member: olivia, amount: 1}\n    expect: {denied: Broke!}' | key 'denied': 'Broke!' is not a denial code",
        "bad expectation word           | '  - consume: {member: olivia, amount: 1}\n    expect: fine'  | key 'expect' must be accepted, denied or {denied: CODE}",
        "unknown member in expectation  | '  - expect: {usage: {zed: 1}}'                               | step 1 (expect): key 'expect': key 'usage': unknown member 'zed'",
        "unknown key in a check         | '  - expect: {balanse: 1}'                                    | unknown key 'balanse'",
        "bad advance                    | '  - advance: next week'                                      | step 1 (advance): key 'advance'",
        "backwards advance              | '  - advance: P-1D'                                           | the clock only moves forward",
        "expect on a world step         | '  - payments: decline\n    expect: accepted'                 | step 1 (payments): 'payments' is not a command that is decided",
        "bad payments word              | '  - payments: maybe'                                         | key 'payments' must be one of accept, decline, timeout, malformed, reset, fail-then-succeed, found 'maybe'",
        "payments word in another case  | '  - payments: TIMEOUT'                                       | key 'payments' must be one of accept",
        "payments word with underscores | '  - payments: fail_then_succeed'                             | key 'payments' must be one of accept",
        "bad monthly cap                | '  - auto-top-up: {by: olivia, enabled: true, threshold: 1, amount: 1, monthly-cap: lots}' | step 1 (auto-top-up): key 'auto-top-up': key 'monthly-cap' must be a whole number, found 'lots'",
        "misspelt monthly cap           | '  - auto-top-up: {by: olivia, enabled: true, threshold: 1, amount: 1, monthly_cap: 5}' | step 1 (auto-top-up): key 'auto-top-up': unknown key 'monthly_cap'",
        "bad auto top-up state          | '  - expect: {auto-top-up: sleeping}'                         | step 1 (expect): key 'expect': key 'auto-top-up' must be one of off, on, paused, found 'sleeping'",
        "auto top-up state as a number  | '  - expect: {auto-top-up: 3}'                                | key 'auto-top-up' must be one of off, on, paused, found 3",
        "events not a list              | '  - expect: {events: low-balance}'                           | step 1 (expect): key 'expect': key 'events' must be a list of events like [top-up-succeeded, low-balance] (or [] for none), found 'low-balance'",
        "unknown event                  | '  - expect: {events: [low-balance, top-up-failed]}'          | step 1 (expect): key 'expect': key 'events': 'top-up-failed' is not an event; the events are top-up-succeeded, top-up-declined, auto-top-up-paused, low-balance",
        "event that is not a word       | '  - expect: {events: [{low: 1}]}'                            | key 'events': a mapping is not an event",
        "group step without a verb      | '  - group: {by: olivia, name: x}'                            | step 1 (group): key 'group': a group step holds exactly one of [create, change, delete, move]",
        "a member in two groups         | '  - group: {by: olivia, move: olivia, to: [a, b]}'            | key 'to' must be one group's id, or none (a member belongs to at most one group), found a list",
        "bad group cap                  | '  - group: {by: olivia, create: a, cap: some}'                | key 'cap' must be a whole number or unlimited",
        "unknown bound of spendable     | '  - expect: {spendable: {olivia: {credits: 1, by: wallet}}}'  | key 'by' must be one of member-limit, own-limit, group-cap, pool",
        "unknown key in a check names the keys | '  - expect: {event: []}'                           | unknown key 'event'; a check may hold [balance, plan-credits, top-up-credits, seats-available, top-ups, charges, paid, held], usage, auto-top-up, events, charged, groups, group-usage, spendable, limits, own-limits and group-of",
        "bad limit                      | '  - set-limit: {by: olivia, member: olivia, limit: some}'    | key 'limit' must be a whole number or unlimited",
        "missing key                    | '  - top-up: {by: olivia}'                                    | step 1 (top-up): key 'top-up': key 'amount' is required",
        "second step is named           | '  - advance: P1D\n  - remove: {by: olivia}'                  | step 2 (remove): key 'remove': key 'member' is required",
        "reserve without an id          | '  - reserve: {member: olivia, amount: 5}'                    | step 1 (reserve): key 'id' is required for 'reserve': it names the reservation",
        "bad hold                       | '  - reserve: {member: olivia, amount: 5, hold-for: 10m, id: r}' | step 1 (reserve): key 'reserve': key 'hold-for': '10m' is not a duration like PT10M",
        "settle without a reservation   | '  - settle: {member: olivia, amount: 5}'                     | step 1 (settle): key 'settle': key 'reservation' is required",
        "settle without an amount       | '  - settle: {member: olivia, reservation: r}'                | step 1 (settle): key 'settle': key 'amount' is required",
        "release with an amount         | '  - release: {member: olivia, reservation: r, amount: 5}'    | step 1 (release): key 'release': unknown key 'amount'",
        "held that is not a number      | '  - expect: {held: lots}'                                    | step 1 (expect): key 'expect': key 'held' must be a whole number",
        "charged with a fraction        | '  - top-up: {by: olivia, amount: 1000}\n    charged: 15.00'   | step 1 (top-up), line 6: key 'charged' must be a whole number of minor units (cents) of the plan's currency, such as 1500 for 15.00 USD; found a number with a point (write cents: 1500, not 15.00)",
        "charged as text                | '  - top-up: {by: olivia, amount: 1000}\n    charged: 15 USD'  | step 1 (top-up), line 6: key 'charged' must be a whole number of minor units",
        "negative charged               | '  - top-up: {by: olivia, amount: 1000}\n    charged: -5'      | step 1 (top-up), line 6: key 'charged': -5 is out of range",
        "charged in a check             | '  - advance: P1D\n  - expect: {balance: 1, charged: lots}'     | step 2 (expect), line 6: key 'charged' must be a whole number of minor units",
        "charged beside a check         | '  - expect: {balance: 1}\n    charged: 5'                       | step 1, line 6: key 'charged' goes on a command's step (a top-up) or inside 'expect'",
        "charged on a world step        | '  - payments: decline\n    charged: 5'                         | step 1 (payments): 'payments' is not a command that is decided; it takes no 'expect', 'because', 'id' or 'charged'",
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
    void aWrongAutoTopUpStateOrEventsFailTheScenarioWithADiff() {
        ScenarioRunner.Result result = new ScenarioRunner().run(ScenarioParser.parse(Path.of("wrong.yaml"), HEAD + """
                  - top-up: {by: olivia, amount: 100}
                  - expect: {auto-top-up: paused, events: [low-balance]}
                  - expect: {events: []}
                """));
        assertThat(ScenarioReport.diff(result)).contains(
                "step 2 (check auto top-up paused, events low-balance): expected auto-top-up paused, was off",
                "step 2 (check auto top-up paused, events low-balance): expected events [low-balance] since the "
                        + "previous check of events, were [top-up-succeeded]");
        // the third step sees only what came after the second: nothing
        assertThat(result.failures()).hasSize(2);
    }

    @Test
    void eventsAreCheckedInOrderAndEachCheckSeesOnlyWhatCameSinceThePreviousOne() {
        ScenarioRunner.Result result = new ScenarioRunner().run(ScenarioParser.parse(Path.of("events.yaml"), HEAD + """
                  - expect: {events: []}
                  - payments: decline
                  - top-up: {by: olivia, amount: 100}
                  - payments: accept
                  - top-up: {by: olivia, amount: 100}
                  - expect: {balance: 1600, auto-top-up: off, paid: 1, events: [top-up-declined, top-up-succeeded]}
                  - expect: {events: []}
                  - top-up: {by: olivia, amount: 100}
                  - expect: {events: [top-up-declined]}
                """));
        assertThat(result.failures()).singleElement().asString().contains(
                "step 9 (check events top-up-declined): expected events [top-up-declined] since the previous check "
                        + "of events, were [top-up-succeeded]");
        assertThat(ScenarioReport.timeline(result))
                .contains("told: top-up-declined (top-up of 100 credits, 2.00 USD: card_declined (sandbox); olivia is told)")
                .contains("told: top-up-succeeded (top-up of 100 credits paid, 2.00 USD)");
    }

    @Test
    void aMonthlyCapIsPassedOnAndOneThatIsNotPositiveIsTheInvalidInputDenial() {
        ScenarioRunner.Result result = new ScenarioRunner().run(ScenarioParser.parse(Path.of("cap.yaml"), """
                name: cap
                start: 2026-01-01T00:00:00Z
                team: {id: bigco, plan: enterprise, seats: 1, owner: olivia}
                steps:
                  - auto-top-up: {by: olivia, enabled: true, threshold: 400, amount: 500, monthly-cap: 0}
                    expect: {denied: invalid-input}
                  - auto-top-up: {by: olivia, enabled: true, threshold: 400, amount: 500, monthly-cap: 99999999999999999999}
                    expect: {denied: invalid-input}
                  - auto-top-up: {by: olivia, enabled: true, threshold: 400, amount: 500, monthly-cap: 499}
                    expect: accepted
                  - consume: {member: olivia, amount: 700}
                    because: Auto top-ups never spend more than the monthly cap
                  - expect: {balance: 300, top-ups: 0, charges: 0, auto-top-up: on, events: [low-balance]}
                """));
        assertThat(result.failures()).isEmpty();
        assertThat(result.steps().get(2).description()).isEqualTo("auto top-up 500 below 400, at most 499 a month by olivia");
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
