package io.creditpool.adapters.cli;

import io.creditpool.rules.RuleSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code creditpool replay}: what a rule change would have changed, step by step, on recorded scenarios. */
class ReplayCommandTest {
    @TempDir
    Path dir;

    private final Cli cli = new Cli();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    /** A copy of the shipped rules in {@code name}, with some files changed. */
    private Path rules(String name, Map<String, String> changed) throws IOException {
        Path folder = Files.createDirectory(dir.resolve(name));
        for (Map.Entry<String, String> file : RuleSource.shipped().files().entrySet()) {
            Files.writeString(folder.resolve(file.getKey()), changed.getOrDefault(file.getKey(), file.getValue()));
        }
        return folder;
    }

    /** Member limits at half: a consumption is over the limit once the usage after it passes half the limit. */
    private Path stricterLimits() throws IOException {
        String shipped = RuleSource.shipped().files().get("member-limits.drl");
        String stricter = shipped.replace("Consumption( limited, usageAfter > limit )",
                "Consumption( limited, usageAfter * 2 > limit )");
        assertThat(stricter).isNotEqualTo(shipped);
        return rules("stricter", Map.of("member-limits.drl", stricter));
    }

    /** An enterprise team (2 seats: 2,000 credits a month, a credit at 1 cent) with a limited member and auto top-up. */
    private Path scenario() throws IOException {
        return Files.writeString(dir.resolve("month.yaml"), """
                name: A month with a limited member and auto top-up
                start: 2026-01-01T00:00:00Z
                team: {id: acme, plan: enterprise, seats: 2, owner: olivia, billing-anchor-day: 1}
                steps:
                  - invite: {by: olivia, member: alice, role: member}
                  - set-limit: {by: olivia, member: alice, limit: 300}
                  - auto-top-up: {by: olivia, enabled: true, threshold: 1500, amount: 500}
                  - consume: {member: alice, amount: 200}
                    expect: accepted
                  - consume: {member: olivia, amount: 400}
                  - expect: {balance: 1900}
                  - advance: 2026-02-01T00:00:00Z
                """);
    }

    @Test
    void aStricterMemberLimitShowsEachDifferenceItMakes() throws IOException {
        Path scenario = scenario();
        Path stricter = stricterLimits();

        int exit = run("replay", "--rules", stricter.toString(), scenario.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualToNormalizingNewlines("""
                Replaying 1 scenario(s): current rules: configured (or shipped); new rules: %s

                Scenario: A month with a limited member and auto top-up  (%s), team acme
                  step 4  2026-01-01 00:00  alice consumes 200
                      decision  accepted -> member-limit
                                was by: A consumption the pool covers, within the member's limit, is accepted
                                now by: A consumption that takes the member past their monthly limit is over the limit; A member may not spend past their monthly limit
                      balance   1800 -> 2000
                  step 5  2026-01-01 00:00  olivia consumes 400
                      rules     accepted, by other rules
                                was by: A consumption the pool covers, within the member's limit, is accepted; Auto top-up buys its amount once when a consumption takes the pool below the threshold; The pool runs low when a consumption takes it below the auto top-up threshold
                                now by: A consumption the pool covers, within the member's limit, is accepted
                      balance   1900 -> 1600
                      charges   auto-top-up of 500 credits for 5.00 USD, paid -> none
                      told      low-balance (1400 credits left, below 1500; olivia is told); top-up-succeeded (auto-top-up of 500 credits paid, 5.00 USD) -> none
                  step 7  2026-02-01 00:00  advance to 2026-02-01T00:00:00Z
                      balance   2500 -> 2000
                      expired   1400 plan credits -> 1600 plan credits
                  team acme: 3 of 8 step(s) differ: 1 now denied, 0 now accepted, 0 otherwise decided, 0 now failing, 1 decided by other rules, 3 balance change(s), 1 with other charges, 1 with other expiries, 1 telling the owner otherwise; balance at the end 2500 -> 2000

                Total: 1 team(s), 3 of 8 step(s) differ: 1 now denied, 0 now accepted, 0 otherwise decided, 0 now failing, 1 decided by other rules, 3 balance change(s), 1 with other charges, 1 with other expiries, 1 telling the owner otherwise
                """.formatted(stricter, scenario));
    }

    @Test
    void anUnchangedRuleSetShowsNoDifferences() throws IOException {
        Path scenario = scenario();
        Path same = rules("same", Map.of());

        assertThat(run("replay", "--rules", same.toString(), scenario.toString())).isZero();

        assertThat(out.toString()).contains("  team acme: no differences in 8 step(s)\n",
                "Total: 1 team(s), 0 of 8 step(s) differ: 0 now denied, 0 now accepted");
        assertThat(out.toString()).doesNotContain("  step ", "decision", "      charges", "expired");
    }

    @Test
    void rulesBeforeReplayAreTheCurrentOnesAndRulesAfterItTheNewOnes() throws IOException {
        Path scenario = scenario();
        Path stricter = stricterLimits();
        Path shipped = rules("shipped", Map.of());

        assertThat(run("--rules", stricter.toString(), "replay", "--rules", shipped.toString(), scenario.toString()))
                .isZero();

        assertThat(out.toString()).contains("current rules: " + stricter + "; new rules: " + shipped,
                "      decision  member-limit -> accepted", "      charges   none -> auto-top-up of 500 credits");
    }

    @Test
    void expectationsThatNoLongerHoldDoNotStopTheReplay() throws IOException {
        Path scenario = scenario();   // its step 4 expects accepted and step 6 a balance of 1900: not so any more
        assertThat(run("replay", "--rules", stricterLimits().toString(), scenario.toString())).isZero();
        assertThat(out.toString()).contains("step 7  2026-02-01 00:00").doesNotContain("FAIL");
    }

    @Test
    void aNewRuleThatThrowsShowsTheStepsItWouldFailAndTheReplayGoesOn() throws IOException {
        Path throwing = rules("throwing", Map.of("member-limits.drl", RuleSource.shipped().files()
                .get("member-limits.drl") + """
                rule "A limited member's consumption is weighed against their limit"
                    agenda-group "classify"
                when
                    Consumption( limited, $credits : credits, $limit : limit )
                then
                    long share = 100 * $credits / ($limit - 300);   // a slip: divides by zero at a limit of 300
                end
                """));

        assertThat(run("replay", "--rules", throwing.toString(), scenario().toString())).isZero();

        assertThat(out.toString()).contains("""
                  step 4  2026-01-01 00:00  alice consumes 200
                      decision  accepted -> failed
                                was by: A consumption the pool covers, within the member's limit, is accepted
                                now failed: rule 'A limited member's consumption is weighed against their limit' \
                (member-limits.drl) failed: ArithmeticException: / by zero; no decision was made and nothing was changed
                      balance   1800 -> 2000
                """, "1 now failing", "  step 7  2026-02-01 00:00");
    }

    @Test
    void newRulesThatDoNotCompileExitWithThree() throws IOException {
        Path broken = rules("broken", Map.of("top-ups.drl", RuleSource.shipped().files().get("top-ups.drl")
                .replace("$purchase.neverExpires();", "$purchase.neverExpire();")));

        assertThat(run("replay", "--rules", broken.toString(), scenario().toString()))
                .isEqualTo(CreditpoolCommand.BROKEN_POLICY);
        assertThat(err.toString()).contains("the new rules do not load", "top-ups.drl");
    }

    @Test
    void replayNeedsNewRulesOrPlans() throws IOException {
        assertThat(run("replay", scenario().toString())).as("a usage error").isEqualTo(CreditpoolCommand.USAGE);
        assertThat(err.toString()).contains("give the new rules after replay");
    }
}
