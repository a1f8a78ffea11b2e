package io.creditpool.acceptance;

import io.creditpool.adapters.scenario.ScenarioParser;
import io.creditpool.adapters.scenario.ScenarioReport;
import io.creditpool.adapters.scenario.ScenarioRunner;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code charged:} checks what top-ups charged, in minor units: on a top-up's step, and in a check. */
class ChargedScenarioTest {
    private static final String HEAD = """
            name: charged
            start: 2026-01-01T00:00:00Z
            plans:
              - {name: payg, tier: enterprise, monthly-credits-per-seat: 100, price-per-credit: 1.5}
              - {name: bulk, tier: standard, monthly-credits-per-seat: 100, price-per-block: 1500, credits-per-block: 1000}
            team: {id: acme, plan: payg, seats: 1, owner: olivia}
            steps:
            """;

    private static ScenarioRunner.Result run(String steps) {
        return new ScenarioRunner().run(ScenarioParser.parse(Path.of("charged.yaml"), HEAD + steps));
    }

    @Test
    void whatATopUpAndAnAutoTopUpChargedIsChecked() {
        ScenarioRunner.Result result = run("""
                  - top-up: {by: olivia, amount: 15}
                    expect: accepted
                    charged: 22
                  - auto-top-up: {by: olivia, enabled: true, threshold: 50, amount: 1001}
                  - consume: {member: olivia, amount: 80}
                    charged: 1501
                  - consume: {member: olivia, amount: 1}
                    charged: 0
                  - expect: {charged: 0, top-ups: 2}
                """);
        assertThat(result.failures()).isEmpty();
    }

    @Test
    void aWrongChargeFailsTheScenarioSayingWhatWasCharged() {
        ScenarioRunner.Result result = run("""
                  - top-up: {by: olivia, amount: 15}
                    charged: 23
                  - top-up: {by: olivia, amount: 1000}
                  - top-up: {by: olivia, amount: 1}
                  - expect: {charged: 1500}
                  - expect: {charged: 1}
                  - payments: decline
                  - top-up: {by: olivia, amount: 100}
                    charged: 150
                """);
        assertThat(ScenarioReport.diff(result)).contains(
                "step 1 (olivia buys a top-up of 15, charging 23): expected charged 23 (minor units) in this step, "
                        + "was 22",
                "step 4 (check charged 1500): expected charged 1500 (minor units) since the previous check of "
                        + "charged, was 1501 (2 charges: [1500, 1])",
                "step 7 (olivia buys a top-up of 100, charging 150): expected charged 150 (minor units) in this "
                        + "step, was 0 (nothing was charged)");
        // the fifth step sees only what came after the fourth: nothing
        assertThat(result.failures()).hasSize(4).anySatisfy(f -> assertThat(f).startsWith("step 5")
                .contains("expected charged 1 (minor units) since the previous check of charged, was 0"));
    }

    @Test
    void aPricePerBlockIsChargedRoundedDownToTheCent() {
        ScenarioRunner.Result result = new ScenarioRunner().run(ScenarioParser.parse(Path.of("bulk.yaml"),
                HEAD.replace("plan: payg", "plan: bulk") + """
                  - top-up: {by: olivia, amount: 333}
                    charged: 499
                  - top-up: {by: olivia, amount: 2000}
                    charged: 3000
                """));
        assertThat(result.failures()).isEmpty();
    }
}
