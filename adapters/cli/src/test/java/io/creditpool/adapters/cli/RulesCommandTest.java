package io.creditpool.adapters.cli;

import io.creditpool.Creditpool;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.rules.RuleBase;
import io.creditpool.rules.RulesSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** An analyst's own rule set: export the shipped one, check it, run Creditpool on it through the setting. */
class RulesCommandTest {
    @TempDir
    Path dir;

    private final Cli cli = new Cli();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    @AfterEach
    void forgetTheSetting() {
        System.clearProperty(RulesSettings.PROPERTY);
    }

    private int run(String... args) {
        return cli.run(args);
    }

    private Path exported() {
        Path rules = dir.resolve("my-rules");
        assertThat(run("rules", "export", rules.toString())).isZero();
        return rules;
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    private static void scenario(Path rules, String name, String steps) throws IOException {
        Files.writeString(rules.resolve("scenarios").resolve(name), """
                name: %s
                start: 2026-01-01T00:00:00Z
                team: {id: acme, plan: team, seats: 2, owner: olivia}
                steps:
                %s""".formatted(name, steps));
    }

    @Test
    void exportWritesEveryShippedRuleFileThePlanTableAndAnEmptyScenariosFolder() {
        Path rules = exported();
        assertThat(rules.resolve("plans.csv")).exists();
        assertThat(rules.resolve("top-ups.drl")).exists();
        assertThat(rules.resolve("member-limits.drl")).exists();
        assertThat(rules.resolve("scenarios")).isEmptyDirectory();
        assertThat(out.toString()).contains("rules check " + rules);
    }

    @Test
    void exportRefusesToOverwriteAnAnalystsFilesUnlessForced() throws IOException {
        Path rules = exported();
        Files.writeString(rules.resolve("top-ups.drl"), "// mine");
        assertThat(run("rules", "export", rules.toString())).isEqualTo(CreditpoolCommand.FAILED);
        assertThat(err.toString()).contains("already has", "top-ups.drl", "--force");
        assertThat(rules.resolve("top-ups.drl")).hasContent("// mine");

        assertThat(run("rules", "export", "--force", rules.toString())).isZero();
        assertThat(Files.readString(rules.resolve("top-ups.drl"))).contains("Top-up credits never expire");
    }

    @Test
    void anExportedRuleSetPassesItsCheck() {
        Path rules = exported();
        assertThat(run("rules", "check", rules.toString())).isZero();
        assertThat(out.toString()).contains("28 rule(s) in 9 file(s), 3 plan(s): compiled; 0 error(s); 0 warning(s)",
                "no scenarios in");
        assertThat(out.toString()).doesNotContain("warning:");
    }

    @Test
    void theShippedRulesPassTheirCheckWhenNoFolderIsGiven() {
        assertThat(run("rules", "check")).isZero();
        assertThat(out.toString()).contains("compiled; 0 error(s); 0 warning(s); no scenarios/ folder");
    }

    @Test
    void aRuleThatDoesNotCompileIsReportedWithFileAndLineAndExits3() throws IOException {
        Path rules = exported();
        edit(rules.resolve("top-ups.drl"), "$purchase.neverExpires();", "$purchase.neverExpire();");
        scenario(rules, "s.yaml", "  - expect: {balance: 1000}\n");
        assertThat(run("rules", "check", rules.toString())).isEqualTo(CreditpoolCommand.BROKEN_POLICY);
        assertThat(out.toString()).contains(
                "top-ups.drl:20: rule \"Top-up credits never expire\": TopUpPurchase has no method `neverExpire`; "
                        + "did you mean `neverExpires`?",
                "do not compile", "scenarios not run");
    }

    @Test
    void aBrokenPlanTableIsReportedWithFileAndLine() throws IOException {
        Path rules = exported();
        Files.writeString(rules.resolve("plans.csv"), Files.readString(rules.resolve("plans.csv"))
                + "starter,standard,100,1,USD\n");
        assertThat(run("rules", "check", rules.toString())).isEqualTo(CreditpoolCommand.BROKEN_POLICY);
        assertThat(out.toString()).contains("plans.csv:5: column name: plan 'starter' appears twice",
                "plan table broken");
    }

    @Test
    void aBadPriceInThePlanTableIsReportedWithFileLineAndColumn() throws IOException {
        Path rules = exported();
        String table = Files.readString(rules.resolve("plans.csv"));
        Files.writeString(rules.resolve("plans.csv"), table + "pay-as-you-go,standard,0,\"1,5\",USD\n");
        assertThat(run("rules", "check", rules.toString())).isEqualTo(CreditpoolCommand.BROKEN_POLICY);
        assertThat(out.toString()).contains("plans.csv:5: column price-per-credit: '1,5' is not a price: write it in "
                + "minor units (cents) of the currency, with a point before any fraction, such as 2 or 1.5");
        Files.writeString(rules.resolve("plans.csv"), table + "pay-as-you-go,standard,0,1,5,USD\n");
        assertThat(run("rules", "check", rules.toString())).isEqualTo(CreditpoolCommand.BROKEN_POLICY);
        assertThat(out.toString()).contains("plans.csv:5: the row has more cells than the table has columns");
        // a price with a fraction of a cent is a price
        Files.writeString(rules.resolve("plans.csv"), table + "pay-as-you-go,standard,0,1.5,USD\n");
        assertThat(run("rules", "check", rules.toString())).as(out.toString()).isZero();
        assertThat(run("--rules", rules.toString(), "--plans", rules.resolve("plans.csv").toString(), "rules"))
                .isZero();
        assertThat(out.toString()).contains("pay-as-you-go: standard, 0 credits per seat a month, 1.5 USD per top-up "
                + "credit (minor units)");
    }

    @Test
    void twoRulesWithTheSameNameAreAnErrorNamingBothPlaces() throws IOException {
        Path rules = exported();
        Files.writeString(rules.resolve("more.drl"), """
                package io.creditpool.rules;

                import io.creditpool.rules.facts.TopUpPurchase;

                rule "Top-up credits never expire"
                when
                    $purchase : TopUpPurchase( source == "top-up" )
                then
                    $purchase.neverExpires();
                end
                """);
        assertThat(run("rules", "check", rules.toString())).isEqualTo(CreditpoolCommand.BROKEN_POLICY);
        assertThat(out.toString()).contains("top-ups.drl:15: rule \"Top-up credits never expire\" has the same name "
                + "as the rule at more.drl:5");
    }

    @Test
    void rulesThatCanNeverFireOrOverlapAreWarningsInAnAnalystsWords() throws IOException {
        Path rules = exported();
        Files.writeString(rules.resolve("more.drl"), """
                package io.creditpool.rules;

                import io.creditpool.kernel.domain.Plan;
                import io.creditpool.rules.facts.AutoTopUpChange;
                import io.creditpool.rules.facts.Consumption;
                import io.creditpool.rules.facts.CycleGrant;
                import io.creditpool.rules.facts.OverPool;
                import io.creditpool.rules.facts.Verdict;

                rule "Big consumptions are looked at twice"
                    agenda-group "review"
                when
                    Consumption( credits > 1000 )
                then
                end

                rule "A plan is looked at"
                when
                    Plan()
                then
                end

                rule "A cycle meets a consumption"
                when
                    CycleGrant()
                    Consumption()
                then
                end

                rule "Gold teams may turn on auto top-up"
                when
                    AutoTopUpChange( enabled, tier == "gold" )
                    $verdict : Verdict()
                then
                    modify( $verdict ) { setAccepted( true ) }
                end

                rule "Over the pool is over"
                    agenda-group "decide"
                when
                    OverPool()
                    $verdict : Verdict()
                then
                    modify( $verdict ) { setDenial( "insufficient-credits" ) }
                end
                """);
        assertThat(run("rules", "check", rules.toString())).isZero();
        assertThat(out.toString()).contains(
                "more.drl:10: warning: rule \"Big consumptions are looked at twice\" can never fire: it is in "
                        + "agenda-group \"review\", which Creditpool never runs",
                "more.drl:17: warning: rule \"A plan is looked at\" can never fire: it waits for a Plan, which "
                        + "Creditpool never gives the rules and no rule inserts",
                "more.drl:23: warning: rule \"A cycle meets a consumption\" can never fire: no decision gives the "
                        + "rules CycleGrant and Consumption together",
                "more.drl:30: warning: rule \"Gold teams may turn on auto top-up\" compares the tier with \"gold\", "
                        + "which no plan in the plan table has (its tiers: enterprise, standard)",
                "more.drl:38: warning: rule \"Over the pool is over\" has the same conditions as \"A team may not "
                        + "spend more credits than its pool holds\" (consumption-order.drl:23)",
                "0 error(s); 5 warning(s)");
    }

    @Test
    void aDenialCodeCreditpoolDoesNotKnowIsAnError() throws IOException {
        Path rules = exported();
        edit(rules.resolve("member-limits.drl"), "setDenial( \"member-limit\" )", "setDenial( \"over-limit\" )");
        assertThat(run("rules", "check", rules.toString())).isEqualTo(CreditpoolCommand.BROKEN_POLICY);
        assertThat(out.toString()).contains("member-limits.drl:19: rule \"A member may not spend past their monthly "
                + "limit\" denies with \"over-limit\", which is not a denial code Creditpool knows");
    }

    @Test
    void theScenariosNextToTheRulesRunWithThemAndAFailedOneExits1() throws IOException {
        Path rules = exported();
        edit(rules.resolve("plans.csv"), "team,standard,500,2,USD", "team,standard,700,2,USD");
        scenario(rules, "a-passes.yaml", "  - expect: {balance: 1400}\n");
        assertThat(run("rules", "check", rules.toString())).isZero();
        assertThat(out.toString()).contains("PASS", "1 of 1 scenario(s) passed");

        scenario(rules, "b-fails.yaml", "  - expect: {balance: 1000}\n");
        assertThat(run("rules", "check", rules.toString())).isEqualTo(CreditpoolCommand.FAILED);
        assertThat(out.toString()).contains("FAIL", "expected balance 1000, was 1400", "1 of 2 scenario(s) passed");
    }

    @Test
    void theConfiguredRulesFolderIsWhatCheckAndRulesCheckAndRulesUse() throws IOException {
        Path rules = exported();
        edit(rules.resolve("plans.csv"), "team,standard,500,2,USD", "team,standard,700,2,USD");
        edit(rules.resolve("top-ups.drl"), "rule \"Top-up credits never expire\"",
                "rule \"Bought credits never expire\"");
        Path scenario = Files.writeString(dir.resolve("s.yaml"), """
                name: seven hundred a seat
                start: 2026-01-01T00:00:00Z
                team: {id: acme, plan: team, seats: 2, owner: olivia}
                steps:
                  - top-up: {by: olivia, amount: 10}
                    because: Bought credits never expire
                  - expect: {balance: 1410}
                """);
        assertThat(run("check", scenario.toString())).isEqualTo(CreditpoolCommand.FAILED);

        System.setProperty(RulesSettings.PROPERTY, rules.toString());
        assertThat(run("check", scenario.toString())).isZero();
        assertThat(run("rules")).isZero();
        assertThat(out.toString()).contains("Rules from " + rules, "Bought credits never expire",
                "team: standard, 700 credits per seat");
        assertThat(run("rules", "check")).isZero();
        assertThat(out.toString()).contains("Checking the rules in " + rules, "0 error(s)");
    }

    @Test
    void theOptionsWinOverTheConfiguredRulesFolder() throws IOException {
        Path rules = exported();
        edit(rules.resolve("plans.csv"), "team,standard,500,2,USD", "team,standard,700,2,USD");
        System.setProperty(RulesSettings.PROPERTY, rules.toString());
        Path shippedPlans = dir.resolve("plans.csv");
        Files.writeString(shippedPlans, "name,tier,monthly-credits-per-seat,price-per-credit,currency\n"
                + "team,standard,300,2,USD\n");
        assertThat(run("--plans", shippedPlans.toString(), "rules")).isZero();
        assertThat(out.toString()).contains("team: standard, 300 credits per seat");
    }

    @Test
    void theEmbeddedBuilderRunsTheConfiguredRulesFolderWhenGivenNoRules() throws IOException {
        Path rules = exported();
        edit(rules.resolve("plans.csv"), "team,standard,500,2,USD", "team,standard,700,2,USD");
        System.setProperty(RulesSettings.PROPERTY, rules.toString());
        try (Creditpool pool = Creditpool.builder().build()) {
            assertThat(pool.component(RuleBase.class).source().origin()).isEqualTo(rules.toString());
            pool.createTeam(new CreateTeamCommand(TeamId.of("acme"), "team", 2, MemberId.of("olivia"), 1, null));
            assertThat(pool.metrics(TeamId.of("acme")).orElseThrow().balance()).isEqualTo(1400);
        }
        try (Creditpool pool = Creditpool.builder().planTable(
                Path.of("../../rules/src/main/resources/io/creditpool/rules/plans.csv")).build()) {
            pool.createTeam(new CreateTeamCommand(TeamId.of("acme"), "team", 2, MemberId.of("olivia"), 1, null));
            assertThat(pool.metrics(TeamId.of("acme")).orElseThrow().balance()).isEqualTo(1000);
        }
    }

    @Test
    void aConfiguredRulesFolderThatDoesNotExistIsAnErrorNamingTheSetting() {
        System.setProperty(RulesSettings.PROPERTY, dir.resolve("nowhere").toString());
        assertThat(run("rules")).isEqualTo(CreditpoolCommand.BROKEN_POLICY);
        assertThat(err.toString()).contains("creditpool.rules / CREDITPOOL_RULES: rules folder", "does not exist");
    }
}
