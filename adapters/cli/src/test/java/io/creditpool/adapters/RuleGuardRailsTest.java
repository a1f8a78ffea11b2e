package io.creditpool.adapters;

import io.creditpool.RulesReload;
import io.creditpool.adapters.cli.CreditpoolCommand;
import io.creditpool.adapters.http.HttpService;
import io.creditpool.adapters.keys.InMemoryApiKeys;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.adapters.scenario.Scenario;
import io.creditpool.adapters.scenario.ScenarioParser;
import io.creditpool.adapters.scenario.ScenarioRunner;
import io.creditpool.adapters.scenario.ScenarioTimeLimit;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.domain.UnitPrice;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.InviteMemberCommand;
import io.creditpool.kernel.port.in.SetMemberLimitCommand;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.service.KernelRules;
import io.creditpool.rules.RuleBase;
import io.creditpool.rules.RuleDecisionException;
import io.creditpool.rules.RuleSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import static io.creditpool.adapters.Given.ACME;
import static io.creditpool.adapters.Given.ALICE;
import static io.creditpool.adapters.Given.ENT;
import static io.creditpool.adapters.Given.OLIVIA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Guard rails: whatever an analyst writes in the DRL files, the kernel's guarantees hold. Each test loads a
 * deliberately wrong rule set (one that loops, one whose action never finishes, one that throws, one that grants
 * credits for free, one that tries to decide who may do what) and shows that the kernel refuses or contains it with a clear error, that the team and
 * its ledger are unchanged, and that the next command works.
 */
class RuleGuardRailsTest {
    @TempDir
    Path rules;

    private Given withRules(Map<String, String> replaced) throws IOException {
        return Given.withRules(rules, replaced);
    }

    /** The shipped DRL file {@code file} with {@code rule} added at its end. */
    private static String shippedPlus(String file, String rule) {
        return RuleSource.shipped().files().get(file) + "\n" + rule;
    }

    /** What a refused command must leave as it was: the balance, the usage, the ledger, the guarantees. */
    private static void assertUnchanged(Given given, long balance, int ledgerEntries) {
        assertThat(given.metrics().balance()).as("balance").isEqualTo(balance);
        assertThat(given.pool.ledger(ACME)).as("ledger entries").hasSize(ledgerEntries);
        assertThat(given.metrics().pendingPurchases()).as("pending purchases").isZero();
        given.assertGuaranteesHold();
    }

    // ---- a rule that loops forever

    private static final String ACCEPTS_AGAIN_AND_AGAIN = """
            rule "An accepted consumption is accepted"
                agenda-group "decide"
            when
                $verdict : Verdict( accepted )
            then
                modify( $verdict ) { setAccepted( true ) }   // modifies what it matches: fires again, forever
            end
            """;

    @Test
    void aRuleThatKeepsFiringIsStoppedAtTheCapAndTheConsumptionChangesNothing() throws IOException {
        Given given = withRules(Map.of("member-limits.drl", shippedPlus("member-limits.drl", ACCEPTS_AGAIN_AND_AGAIN)))
                .team(ENT, 2);
        int ledger = given.pool.ledger(ACME).size();

        assertThatThrownBy(() -> given.consume(ALICE, 100, "gen-1"))
                .isInstanceOf(RuleDecisionException.class)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("rule 'An accepted consumption is accepted' (member-limits.drl) fired ")
                .hasMessageContaining("in one decision (at most " + RuleBase.MAX_FIRINGS + " firings are allowed)")
                .hasMessageContaining("the rule set loops")
                .hasMessageContaining("nothing was changed")
                .satisfies(e -> assertThat(((RuleDecisionException) e).rules())
                        .containsExactly("An accepted consumption is accepted"));

        assertUnchanged(given, 1000, ledger);
        assertThat(given.metrics().member(ALICE).usageThisMonth()).isZero();
        // the request id was not used up: nothing was recorded under it
        assertThatThrownBy(() -> given.consume(ALICE, 100, "gen-1")).isInstanceOf(RuleDecisionException.class);
        // the next command, which the looping rule does not touch, works
        Decision topUp = given.pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 500, null));
        assertThat(topUp.accepted()).isTrue();
        assertThat(given.metrics().balance()).isEqualTo(1500);
        given.assertGuaranteesHold();
    }

    @Test
    void inAScenarioTheLoopingStepFailsWithTheReasonAndTheNextStepsRun() throws IOException {
        withRules(Map.of("member-limits.drl", shippedPlus("member-limits.drl", ACCEPTS_AGAIN_AND_AGAIN)));
        Scenario scenario = ScenarioParser.parse(rules.resolve("loop.yaml"), """
                name: A looping rule
                start: 2026-01-01T00:00:00Z
                team: {id: acme, plan: team, seats: 2, owner: olivia}
                steps:
                  - consume: {member: olivia, amount: 100}
                    expect: accepted
                  - top-up: {by: olivia, amount: 500}
                    expect: accepted
                  - expect: {balance: 1500}
                """);

        ScenarioRunner.Result result = new ScenarioRunner(b -> b.rules(rules), StoreSettings.MEMORY).run(scenario);

        ScenarioRunner.StepOutcome looped = result.steps().get(0);
        assertThat(looped.decision()).isNull();
        assertThat(looped.error()).startsWith("rule 'An accepted consumption is accepted' (member-limits.drl) fired");
        assertThat(result.failures()).containsExactly("step 1 (olivia consumes 100): the command failed: "
                + looped.error());
        assertThat(result.steps().get(1).decision().accepted()).as("the next step runs, and works").isTrue();
        assertThat(result.end().balance()).isEqualTo(1500);
    }

    @Test
    void overHttpTheLoopingRequestIsAnInternalErrorThatChangesNothing() throws Exception {
        Given given = withRules(Map.of("member-limits.drl", shippedPlus("member-limits.drl", ACCEPTS_AGAIN_AND_AGAIN)));
        InMemoryApiKeys keys = new InMemoryApiKeys();
        String key = keys.create("shop").key();
        try (HttpService service = HttpService.start(given.pool, keys, 0)) {
            HttpClient client = HttpClient.newHttpClient();
            BiFunction<String, String, HttpResponse<String>> post = (path, body) -> {
                try {
                    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                            .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                            .header("Creditpool-Member", "olivia")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            };
            assertThat(post.apply("/v1/teams", "{\"team\":\"acme\",\"plan\":\"team\",\"seats\":2,"
                    + "\"owner\":\"olivia\"}").statusCode()).isEqualTo(201);

            HttpResponse<String> looped = post.apply("/v1/teams/acme/consumptions", "{\"credits\":100}");

            // as for any failure inside the service: a 500 problem whose cause (naming the rule) goes to the log
            assertThat(looped.statusCode()).isEqualTo(500);
            assertThat(looped.body()).contains("\"code\":\"internal-error\"").doesNotContain("member-limits.drl");
            assertThat(post.apply("/v1/teams/acme/top-ups", "{\"credits\":500}").statusCode()).isEqualTo(200);
            TeamId team = TeamId.of("shop:acme");
            assertThat(given.pool.metrics(team).orElseThrow().balance()).isEqualTo(1500);
            assertThat(given.pool.audit(team)).isEmpty();
        }
    }

    @Test
    void twoRulesThatUndoEachOtherAreBothNamed() throws IOException {
        // the added rule disarms what the shipped rule re-arms while the pool is at or above the threshold
        Given given = withRules(Map.of("auto-top-up.drl", shippedPlus("auto-top-up.drl", """
                rule "Auto top-up is disarmed while the pool is short"
                    agenda-group "classify"
                when
                    $auto : AutoTopUpState( enabled, armed )
                then
                    modify( $auto ) { setArmed( false ) }
                end
                """))).team(ENT, 2);
        assertThat(given.pool.configureAutoTopUp(new ConfigureAutoTopUpCommand(ACME, OLIVIA, true, 500, 1000, null))
                .accepted()).isTrue();
        int ledger = given.pool.ledger(ACME).size();

        assertThatThrownBy(() -> given.consume(ALICE, 600, null))
                .isInstanceOf(RuleDecisionException.class)
                .hasMessageContaining("rule 'Auto top-up is disarmed while the pool is short' (auto-top-up.drl) fired")
                .hasMessageContaining("rule 'Auto top-up re-arms when the pool is back at or above the threshold' "
                        + "(auto-top-up.drl) fired")
                .hasMessageContaining("the rule set loops");

        assertUnchanged(given, 1000, ledger);
        assertThat(given.sandbox.charged()).as("no auto top-up was bought").isEmpty();
        // turning auto top-up off takes the looping rules out of play: consumptions work again
        assertThat(given.pool.configureAutoTopUp(new ConfigureAutoTopUpCommand(ACME, OLIVIA, false, 0, 0, null)).accepted()).isTrue();
        assertThat(given.consume(ALICE, 600, null).accepted()).isTrue();
        assertThat(given.metrics().balance()).isEqualTo(400);
        given.assertGuaranteesHold();
    }

    // ---- a rule whose action never finishes: a Java loop, which the firing cap cannot see (the rule fires once)

    private static final String SPINS = """
            rule "A consumption of 13 credits spins"
                agenda-group "classify"
            when
                Consumption( credits == 13 )
            then
                long round = io.creditpool.adapters.EndlessLoop.round();
                while (io.creditpool.adapters.EndlessLoop.round() == round) { }   // while (true), till the test ends
            end
            """;

    private static final String SPINNING_SCENARIO = """
            name: Thirteen credits
            start: 2026-01-01T00:00:00Z
            team: {id: acme, plan: team, seats: 2, owner: olivia}
            steps:
              - consume: {member: olivia, amount: 13}
                expect: accepted
            """;

    private static final String DID_NOT_FINISH = "scenario 'Thirteen credits' (thirteen.yaml) did not finish within "
            + "1 s: a rule may loop forever; the rule firing was rule 'A consumption of 13 credits spins' "
            + "(member-limits.drl)";

    /** The rules folder with {@code SPINS} added and a scenario that makes it fire. */
    private void spinningRulesWithTheirScenario() throws IOException {
        Files.writeString(rules.resolve("member-limits.drl"), shippedPlus("member-limits.drl", SPINS));
        Files.createDirectories(rules.resolve("scenarios"));
        Files.writeString(rules.resolve("scenarios").resolve("thirteen.yaml"), SPINNING_SCENARIO);
    }

    @Test
    void aRuleWhoseActionNeverFinishesIsRefusedAtReloadWithinTheScenarioTimeLimit() throws IOException {
        Given given = withRules(Map.of()).team(ENT, 2);
        String live = given.pool.rulesVersion();
        spinningRulesWithTheirScenario();
        System.setProperty(ScenarioTimeLimit.PROPERTY, "1");
        try {
            long start = System.nanoTime();
            RulesReload reload = given.pool.reloadRules();
            long tookMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(reload.outcome()).isEqualTo(RulesReload.Outcome.REFUSED);
            assertThat(reload.errors()).containsExactly(DID_NOT_FINISH);
            // the limit, plus compiling and checking the candidate (0.4-0.7 s) on a shared machine
            assertThat(tookMillis).isBetween(1_000L, 8_000L);
            assertThat(given.pool.rulesVersion()).isEqualTo(live);
            // decisions go on, on the old set, including the one that spins on the candidate
            assertThat(given.consume(ALICE, 13, "gen-1").accepted()).isTrue();
            assertThat(given.consume(ALICE, 100, "gen-2").accepted()).isTrue();
            assertThat(given.metrics().balance()).isEqualTo(887);
            given.assertGuaranteesHold();
        } finally {
            System.clearProperty(ScenarioTimeLimit.PROPERTY);
            EndlessLoop.end();
        }
    }

    @Test
    void rulesCheckOfARuleWhoseActionNeverFinishesFailsNamingTheScenarioAndTheRule() throws IOException {
        withRules(Map.of());
        spinningRulesWithTheirScenario();
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new CreditpoolCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        System.setProperty(ScenarioTimeLimit.PROPERTY, "1");
        try {
            int exit = cl.execute("rules", "check", rules.toString());

            assertThat(exit).isEqualTo(1);
            assertThat(out.toString()).contains("FAIL " + rules.resolve("scenarios").resolve("thirteen.yaml")
                    + " (did not finish)", "  - " + DID_NOT_FINISH, "0 of 1 scenario(s) passed");
        } finally {
            System.clearProperty(ScenarioTimeLimit.PROPERTY);
            EndlessLoop.end();
        }
    }

    // ---- a rule that throws

    private static final String DIVIDES_BY_THE_LIMIT = """
            rule "A limited member's consumption is weighed against their limit"
                agenda-group "classify"
            when
                Consumption( limited, $credits : credits, $limit : limit )
            then
                long share = 100 * $credits / $limit;   // a slip: a limit of 0 divides by zero
            end
            """;

    @Test
    void aRuleWhoseActionThrowsIsContainedAndLaterDecisionsWork() throws IOException {
        Given given = withRules(Map.of("member-limits.drl", shippedPlus("member-limits.drl", DIVIDES_BY_THE_LIMIT)))
                .team(ENT, 2).limit(ALICE, 0);
        int ledger = given.pool.ledger(ACME).size();

        assertThatThrownBy(() -> given.consume(ALICE, 10, "gen-1"))
                .isInstanceOf(RuleDecisionException.class)
                .hasMessage("rule 'A limited member's consumption is weighed against their limit' "
                        + "(member-limits.drl) failed: ArithmeticException: / by zero; no decision was made and "
                        + "nothing was changed");
        assertUnchanged(given, 1000, ledger);

        // the session that failed went back to the pool clean: many decisions later, every one is right
        assertThat(given.pool.setLimit(new SetMemberLimitCommand(ACME, OLIVIA, ALICE, MemberLimit.of(100), null))
                .accepted()).isTrue();
        for (int i = 0; i < 10; i++) {
            assertThat(given.consume(ALICE, 10, null).accepted()).as("consumption %d", i).isTrue();
        }
        Decision over = given.consume(ALICE, 1, null);
        assertThat(over.denial()).isEqualTo(DenialCode.MEMBER_LIMIT);
        assertThat(over.rules()).endsWith("A member may not spend past their monthly limit");
        assertThat(given.consume(OLIVIA, 50, null).accepted()).as("olivia is unlimited").isTrue();
        assertThat(given.metrics().balance()).isEqualTo(850);
        given.assertGuaranteesHold();
    }

    @Test
    void aRuleWhoseConditionThrowsIsContained() throws IOException {
        Given given = withRules(Map.of("member-limits.drl", shippedPlus("member-limits.drl", """
                rule "A member close to their limit is near it"
                    agenda-group "classify"
                when
                    Consumption( limited, 100 * usageAfter / limit > 80 )   // a limit of 0 divides by zero
                then
                end
                """))).team(ENT, 2).limit(ALICE, 0);
        int ledger = given.pool.ledger(ACME).size();

        assertThatThrownBy(() -> given.consume(ALICE, 10, null))
                .isInstanceOf(RuleDecisionException.class)
                .hasMessage("rule 'A member close to their limit is near it' (member-limits.drl) failed in its "
                        + "condition '100 * usageAfter / limit > 80': ArithmeticException: / by zero; no decision "
                        + "was made and nothing was changed");
        assertUnchanged(given, 1000, ledger);

        assertThat(given.consume(OLIVIA, 10, null).accepted()).as("an unlimited member is not divided by").isTrue();
        assertThat(given.metrics().balance()).isEqualTo(990);
        given.assertGuaranteesHold();
    }

    // ---- a rule that grants credits for free

    private static String topUpsPricedAt(String price) {
        return """
                package io.creditpool.rules;
                import io.creditpool.rules.facts.TopUpPurchase;
                rule "A top-up costs nothing"
                when
                    $purchase : TopUpPurchase()
                then
                    $purchase.setPrice( PRICE );
                    $purchase.neverExpires();
                end
                """.replace("PRICE", price);
    }

    @Test
    void aTopUpPricedAtNothingIsRefusedBeforeAnythingIsCharged() throws IOException {
        Given given = withRules(Map.of("top-ups.drl", topUpsPricedAt("0"))).team(ENT, 2);
        int ledger = given.pool.ledger(ACME).size();

        assertThatThrownBy(() -> given.pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 1000, null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the rules priced a top-up of 1000 credits at 0 USD; "
                        + KernelRules.TOP_UPS_ARE_PAID)
                .hasMessageContaining("A top-up costs nothing");

        assertThat(given.sandbox.charged()).isEmpty();
        assertUnchanged(given, 1000, ledger);
        assertThat(given.metrics().topUps()).isZero();
        assertThat(given.consume(ALICE, 100, null).accepted()).as("the next command works").isTrue();
        given.assertGuaranteesHold();
    }

    @Test
    void aNegativePriceIsRefused() throws IOException {
        Given given = withRules(Map.of("top-ups.drl", topUpsPricedAt("-500"))).team(ENT, 2);
        int ledger = given.pool.ledger(ACME).size();

        assertThatThrownBy(() -> given.pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 1000, null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("priced a top-up of 1000 credits at -500 USD")
                .hasMessageContaining("a price is never negative")
                .hasMessageContaining("A top-up costs nothing");

        assertThat(given.sandbox.charged()).isEmpty();
        assertUnchanged(given, 1000, ledger);
    }

    @Test
    void aPlanWhoseCreditsCostNothingSellsNoTopUps() {
        Plan free = new Plan("free-top-ups", Tier.ENTERPRISE, 500, 0, "USD");
        Given given = Given.creditpool(b -> b.plans(List.of(free)));
        TeamId team = TeamId.of("open-house");
        assertThat(given.pool.createTeam(new CreateTeamCommand(team, free.name(), 2, OLIVIA, 1, null)).accepted())
                .isTrue();

        assertThatThrownBy(() -> given.pool.buyTopUp(new BuyTopUpCommand(team, OLIVIA, 1000, null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at 0 USD; " + KernelRules.TOP_UPS_ARE_PAID)
                .hasMessageContaining("A top-up costs the plan's price per credit");
        assertThat(given.pool.metrics(team).orElseThrow().balance()).isEqualTo(1000);
        assertThat(given.sandbox.charged()).isEmpty();
    }

    @Test
    void aTopUpThatRoundsDownToNothingIsRefusedAsTooFewCreditsAndTenCreditsCostACent() {
        // a tenth of a cent a credit: 999 credits cost 0.999 cents, rounded down in the customer's favour to 0
        Plan tenthOfACent = new Plan("tenth", Tier.STANDARD, 500,
                UnitPrice.perCredit(new java.math.BigDecimal("0.1"), "USD"));
        Given given = Given.creditpool(b -> b.plans(List.of(tenthOfACent)));
        TeamId team = TeamId.of("penny");
        assertThat(given.pool.createTeam(new CreateTeamCommand(team, tenthOfACent.name(), 2, OLIVIA, 1, null))
                .accepted()).isTrue();

        assertThatThrownBy(() -> given.pool.buyTopUp(new BuyTopUpCommand(team, OLIVIA, 9, null)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("credits: 9 credit(s) cost less than one minor unit at 0.001 USD per credit, and a top-up "
                        + "is charged whole minor units rounded down: buy at least 10 credits");
        assertThat(given.pool.metrics(team).orElseThrow().balance()).isEqualTo(1000);
        assertThat(given.sandbox.charged()).isEmpty();

        assertThat(given.pool.buyTopUp(new BuyTopUpCommand(team, OLIVIA, 10, null)).accepted()).isTrue();
        assertThat(given.sandbox.charged()).singleElement()
                .satisfies(c -> assertThat(c.amount().minorUnits()).isEqualTo(1));
        assertThat(given.pool.metrics(team).orElseThrow().balance()).isEqualTo(1010);
    }

    @Test
    void aRuleThatPricesInWholeCentsFailsClearlyOnAFractionalPriceAndChargesNothing() throws IOException {
        // a rule set written before fractional prices multiplies the price per credit in whole cents
        Given.withRules(rules, Map.of("top-ups.drl", """
                package io.creditpool.rules;
                import io.creditpool.rules.facts.TopUpPurchase;
                rule "A top-up costs the plan's price per credit"
                when
                    $purchase : TopUpPurchase( $credits : credits, $pricePerCredit : pricePerCredit )
                then
                    $purchase.setPrice( $credits * $pricePerCredit );
                end
                rule "Top-up credits never expire"
                when
                    $purchase : TopUpPurchase( source == "top-up" )
                then
                    $purchase.neverExpires();
                end
                """));
        Plan payg = new Plan("payg", Tier.STANDARD, 500, UnitPrice.perCredit(new java.math.BigDecimal("1.5"), "USD"));
        Given given = Given.creditpool(b -> b.rules(rules).plans(List.of(payg)));
        TeamId team = TeamId.of("payg-team");
        assertThat(given.pool.createTeam(new CreateTeamCommand(team, payg.name(), 1, OLIVIA, 1, null)).accepted())
                .isTrue();

        assertThatThrownBy(() -> given.pool.buyTopUp(new BuyTopUpCommand(team, OLIVIA, 10, null)))
                .hasStackTraceContaining("not a whole number of minor units a credit: price it with priceOf(credits)");
        assertThat(given.sandbox.charged()).isEmpty();
        assertThat(given.pool.metrics(team).orElseThrow().balance()).isEqualTo(500);
        // the same rules still price a plan sold in whole cents as before
        assertThat(given.pool.createTeam(new CreateTeamCommand(TeamId.of("whole"), "team", 1, OLIVIA, 1, null))
                .accepted()).isTrue();
        assertThat(given.pool.buyTopUp(new BuyTopUpCommand(TeamId.of("whole"), OLIVIA, 10, null)).accepted()).isTrue();
        assertThat(given.sandbox.charged()).singleElement()
                .satisfies(c -> assertThat(c.amount().minorUnits()).isEqualTo(20));
    }

    @Test
    void anAutoTopUpOrderedOnEveryConsumptionBuysNothingOutsideACrossing() throws IOException {
        Given given = withRules(Map.of("auto-top-up.drl", shippedPlus("auto-top-up.drl", """
                rule "Every consumption brings a million credits"
                    agenda-group "follow-up"
                when
                    $auto : AutoTopUpState( enabled, orderedCredits == 0 )
                    Verdict( accepted )
                then
                    modify( $auto ) { setOrderedCredits( 1000000 ) }
                end
                """))).team(ENT, 2);
        assertThat(given.pool.configureAutoTopUp(new ConfigureAutoTopUpCommand(ACME, OLIVIA, true, 100, 50, null))
                .accepted()).isTrue();

        Decision d = given.consume(ALICE, 10, null);   // 1000 -> 990: far above the threshold

        assertThat(d.accepted()).isTrue();
        assertThat(d.rules()).contains("Every consumption brings a million credits",
                KernelRules.ONE_PURCHASE_PER_CROSSING);
        assertThat(given.sandbox.charged()).as("nothing bought").isEmpty();
        assertThat(given.metrics().balance()).isEqualTo(990);
        given.assertGuaranteesHold();
    }

    @Test
    void aCycleGrantOfAbsurdCreditsIsRefusedAndTheTeamIsNotCreated() throws IOException {
        Given given = withRules(Map.of("refresh-and-expiry.drl", shippedPlus("refresh-and-expiry.drl", """
                rule "Big teams get all the credits there are"
                when
                    $grant : CycleGrant( seats > 2 )
                then
                    $grant.setCredits( Long.MAX_VALUE );
                end
                """)));

        assertThatThrownBy(() -> given.pool.createTeam(new CreateTeamCommand(ACME, ENT.name(), 3, OLIVIA, 1, null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the rules granted " + Long.MAX_VALUE + " credits; a grant holds 0 to")
                .hasMessageContaining("Big teams get all the credits there are");
        assertThat(given.pool.metrics(ACME)).as("no team").isEmpty();

        assertThat(given.pool.createTeam(new CreateTeamCommand(ACME, ENT.name(), 2, OLIVIA, 1, null)).accepted())
                .isTrue();
        assertThat(given.metrics().balance()).isEqualTo(1000);
        given.assertGuaranteesHold();
    }

    // ---- authorization is the kernel's

    @Test
    void rulesThatAcceptEverythingDoNotLetAMemberBuyManageOrConfigure() throws IOException {
        Given given = withRules(Map.of("auto-top-up.drl", """
                package io.creditpool.rules;
                import io.creditpool.rules.facts.AutoTopUpChange;
                import io.creditpool.rules.facts.AutoTopUpState;
                import io.creditpool.rules.facts.Verdict;
                rule "Anyone may configure auto top-up"
                when
                    AutoTopUpChange()
                    $verdict : Verdict()
                then
                    modify( $verdict ) { setAccepted( true ) }
                end
                rule "Auto top-up credits never expire"
                when
                    $purchase : io.creditpool.rules.facts.TopUpPurchase( source == "auto-top-up" )
                then
                    $purchase.neverExpires();
                end
                rule "Placeholder so AutoTopUpState stays declared" when AutoTopUpState() then end
                """)).team(ENT, 2);
        int ledger = given.pool.ledger(ACME).size();

        Decision configure = given.pool.configureAutoTopUp(new ConfigureAutoTopUpCommand(ACME, ALICE, true, 100,
                100, null));
        Decision buy = given.pool.buyTopUp(new BuyTopUpCommand(ACME, ALICE, 100, null));
        Decision invite = given.pool.invite(new InviteMemberCommand(ACME, ALICE, io.creditpool.kernel.domain
                .MemberId.of("mallory"), Role.ADMIN, null));
        Decision limit = given.pool.setLimit(new SetMemberLimitCommand(ACME, ALICE, OLIVIA, MemberLimit.of(0), null));

        assertThat(configure.denial()).isEqualTo(DenialCode.NOT_ALLOWED);
        assertThat(configure.rules()).containsExactly(KernelRules.MANAGERS_CONFIGURE_AUTO_TOP_UP);
        assertThat(buy.denial()).isEqualTo(DenialCode.NOT_ALLOWED);
        assertThat(buy.rules()).containsExactly(KernelRules.OWNER_BUYS_TOP_UPS);
        assertThat(invite.denial()).isEqualTo(DenialCode.NOT_ALLOWED);
        assertThat(limit.denial()).isEqualTo(DenialCode.NOT_ALLOWED);
        assertThat(given.sandbox.charged()).isEmpty();
        assertUnchanged(given, 1000, ledger);
        assertThat(given.metrics().autoTopUp().enabled()).isFalse();
    }
}
