package io.creditpool.adapters.reload;

import io.creditpool.RulesWatcher;

import io.creditpool.Creditpool;
import io.creditpool.RulesReload;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.rules.RuleSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.creditpool.adapters.reload.AnalystRules.CAP;
import static org.assertj.core.api.Assertions.assertThat;

/** Reloading the rules of a folder: swapped in only when they compile and pass their scenarios, never mid-decision. */
class RulesReloadTest {
    /** A test rule that holds a consumption of exactly 77 credits in the middle of its decision. */
    static final String GATE = """
            package io.creditpool.rules;

            import io.creditpool.rules.facts.Consumption;
            import io.creditpool.adapters.reload.InFlightGate;

            rule "A consumption of 77 credits waits at the gate"
                agenda-group "classify"
            when
                Consumption( credits == 77 )
            then
                InFlightGate.hold();
            end
            """;

    @TempDir
    Path dir;
    Path rules;

    @BeforeEach
    void exportTheShippedRules() throws IOException {
        rules = exportShipped(dir.resolve("my-rules"));
        InFlightGate.reset();
    }

    static Path exportShipped(Path folder) throws IOException {
        Files.createDirectories(folder.resolve("scenarios"));
        for (var file : RuleSource.shipped().files().entrySet()) {
            Files.writeString(folder.resolve(file.getKey()), file.getValue());
        }
        try (InputStream in = RuleSource.class.getClassLoader()
                .getResourceAsStream(RuleSource.CLASSPATH_FOLDER + "plans.csv")) {
            Files.write(folder.resolve("plans.csv"), in.readAllBytes());
        }
        return folder;
    }

    private Creditpool pool() {
        Creditpool pool = Creditpool.builder().rules(rules).planTable(rules.resolve("plans.csv")).build();
        pool.createTeam(new CreateTeamCommand(TeamId.of("acme"), "team", 2, MemberId.of("olivia"), 1, null));
        return pool;
    }

    private static void scenario(Path rules, String name, long balance) throws IOException {
        Files.writeString(rules.resolve("scenarios").resolve(name + ".yaml"), """
                name: %s
                start: 2026-01-01T00:00:00Z
                team: {id: acme, plan: team, seats: 2, owner: olivia}
                steps:
                  - expect: {balance: %d}
                """.formatted(name, balance));
    }

    @Test
    void aChangedFolderIsSwappedInAndDecidesTheNextConsumption() throws IOException {
        try (Creditpool pool = pool()) {
            String before = pool.rulesVersion();
            Decision first = pool.consume("acme", "olivia", 150, "gen-1");
            assertThat(first.accepted()).isTrue();
            assertThat(first.rulesVersion()).as("each decision names the rule set that made it").isEqualTo(before)
                    .hasSize(12);

            Files.writeString(rules.resolve("cap.drl"), CAP);
            RulesReload reload = pool.reloadRules();

            assertThat(reload.outcome()).isEqualTo(RulesReload.Outcome.RELOADED);
            assertThat(reload.errors()).isEmpty();
            assertThat(reload.version()).isNotEqualTo(before).isEqualTo(pool.rulesVersion());
            Decision after = pool.consume("acme", "olivia", 150, "gen-2");
            assertThat(after.denied()).isTrue();
            assertThat(after.denial()).isEqualTo(DenialCode.MEMBER_LIMIT);
            assertThat(after.rules()).contains("No consumption above 100 credits at once");
            assertThat(after.rulesVersion()).isEqualTo(reload.version());
            // a replay of a request decided before the reload still answers with its first decision, and its version
            assertThat(pool.consume("acme", "olivia", 150, "gen-1")).isEqualTo(first);
            assertThat(pool.reloadRules().outcome()).isEqualTo(RulesReload.Outcome.UNCHANGED);
        }
    }

    @Test
    void aChangedPlanTableIsReloadedWithTheRules() throws IOException {
        try (Creditpool pool = pool()) {
            Files.writeString(rules.resolve("plans.csv"),
                    Files.readString(rules.resolve("plans.csv")).replace("team,standard,500,2,USD",
                            "team,standard,700,2,USD"));
            assertThat(pool.reloadRules().reloaded()).isTrue();
            pool.createTeam(new CreateTeamCommand(TeamId.of("globex"), "team", 2, MemberId.of("gus"), 1, null));
            assertThat(pool.metrics(TeamId.of("globex")).orElseThrow().balance()).isEqualTo(1400);
        }
    }

    @Test
    void aPlanTableWithoutAPlanTeamsAreOnIsRefusedAndOneWithoutAnUnusedPlanIsReloaded() throws IOException {
        try (Creditpool pool = pool()) {
            String before = pool.rulesVersion();
            Path plans = rules.resolve("plans.csv");
            String table = Files.readString(plans);
            Files.writeString(plans, table.replace("team,standard,500,2,USD\n", ""));

            RulesReload reload = pool.reloadRules();

            assertThat(reload.outcome()).isEqualTo(RulesReload.Outcome.REFUSED);
            assertThat(reload.errors()).singleElement().satisfies(e -> assertThat(e)
                    .startsWith("plans.csv: plan 'team' is no longer in the plan table, but teams are on it"));
            assertThat(pool.rulesVersion()).isEqualTo(before);
            assertThat(pool.consume("acme", "olivia", 10, "gen-1").accepted()).as("acme is still served").isTrue();

            // no team is on starter: it may go
            Files.writeString(plans, table.replace("starter,standard,200,3,USD\n", ""));
            assertThat(pool.reloadRules().reloaded()).isTrue();
            assertThat(pool.ruleSet().plans().plans()).extracting(Plan::name).doesNotContain("starter").contains("team");
        }
    }

    @Test
    void aFolderThatDoesNotCompileIsRefusedAndTheOldRulesStayLive() throws IOException {
        try (Creditpool pool = pool()) {
            String before = pool.rulesVersion();
            Files.writeString(rules.resolve("cap.drl"), CAP.replace("Consumption( credits > 100 )",
                    "Consumption( credit > 100 )"));

            RulesReload reload = pool.reloadRules();

            assertThat(reload.outcome()).isEqualTo(RulesReload.Outcome.REFUSED);
            assertThat(reload.errors()).isNotEmpty().anySatisfy(e -> assertThat(e).startsWith("cap.drl"));
            assertThat(reload.version()).isEqualTo(before).isEqualTo(pool.rulesVersion());
            assertThat(reload.candidate()).isNotEqualTo(before);
            assertThat(pool.consume("acme", "olivia", 150, "gen-1").accepted()).isTrue();
        }
    }

    @Test
    void aFolderWhoseScenarioFailsIsRefusedAndTheOldRulesStayLive() throws IOException {
        scenario(rules, "two-seats-of-team", 1000);
        try (Creditpool pool = pool()) {
            String before = pool.rulesVersion();
            Files.writeString(rules.resolve("plans.csv"),
                    Files.readString(rules.resolve("plans.csv")).replace("team,standard,500,2,USD",
                            "team,standard,700,2,USD"));

            RulesReload reload = pool.reloadRules();

            assertThat(reload.outcome()).isEqualTo(RulesReload.Outcome.REFUSED);
            assertThat(reload.errors()).singleElement().satisfies(e -> assertThat(e)
                    .contains("scenario 'two-seats-of-team'", "expected balance 1000, was 1400"));
            assertThat(pool.rulesVersion()).isEqualTo(before);
            pool.createTeam(new CreateTeamCommand(TeamId.of("globex"), "team", 2, MemberId.of("gus"), 1, null));
            assertThat(pool.metrics(TeamId.of("globex")).orElseThrow().balance()).isEqualTo(1000);

            // the analyst fixes the scenario: now the same change passes and goes live
            scenario(rules, "two-seats-of-team", 1400);
            assertThat(pool.reloadRules().reloaded()).isTrue();
        }
    }

    @Test
    void aDecisionInFlightDuringASwapFinishesOnTheRulesItStartedWith() throws Exception {
        Files.writeString(rules.resolve("gate.drl"), GATE);
        try (Creditpool pool = pool()) {
            CompletableFuture<Decision> inFlight = CompletableFuture.supplyAsync(
                    () -> pool.consume("acme", "olivia", 77, "gen-held"));
            assertThat(InFlightGate.entered.await(30, TimeUnit.SECONDS)).isTrue();

            // the reload neither waits for the held decision nor is held by it
            Files.writeString(rules.resolve("cap.drl"), CAP.replace("credits > 100", "credits > 50"));
            RulesReload reload = CompletableFuture.supplyAsync(pool::reloadRules).get(60, TimeUnit.SECONDS);
            assertThat(reload.reloaded()).isTrue();
            assertThat(inFlight).isNotDone();

            InFlightGate.release.countDown();
            Decision held = inFlight.get(30, TimeUnit.SECONDS);
            assertThat(held.accepted()).isTrue();
            assertThat(held.rules()).doesNotContain("No consumption above 100 credits at once");
            assertThat(held.rulesVersion()).as("the set it started with").isNotEqualTo(reload.version());

            Decision next = pool.consume("acme", "olivia", 77, "gen-next");
            assertThat(next.denied()).isTrue();
            assertThat(next.rules()).contains("No consumption above 100 credits at once");
            assertThat(next.rulesVersion()).isEqualTo(reload.version());
        } finally {
            InFlightGate.release.countDown();
        }
    }

    @Test
    void theWatcherPicksUpAChangedFile() throws Exception {
        try (Creditpool pool = Creditpool.builder().rules(rules).watchRules(true).build()) {
            pool.createTeam(new CreateTeamCommand(TeamId.of("acme"), "team", 2, MemberId.of("olivia"), 1, null));
            String before = pool.rulesVersion();
            long written = System.nanoTime();
            Files.writeString(rules.resolve("cap.drl"), CAP);
            long deadline = written + TimeUnit.SECONDS.toNanos(30);
            while (pool.rulesVersion().equals(before) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long live = System.nanoTime();
            assertThat(pool.rulesVersion()).isNotEqualTo(before);
            System.out.println("rules reload, watched folder: file written to rules live in "
                    + TimeUnit.NANOSECONDS.toMillis(live - written) + " ms");
            assertThat(pool.consume("acme", "olivia", 150, "gen-1").denied()).isTrue();

            // a broken change is refused by the watcher too: the rules stay as they were
            String reloaded = pool.rulesVersion();
            Files.writeString(rules.resolve("cap.drl"), "rule \"broken\" when then nonsense( end");
            Thread.sleep(3 * RulesWatcher.INTERVAL.toMillis());
            assertThat(pool.reloadRules().refused()).isTrue();
            assertThat(pool.rulesVersion()).isEqualTo(reloaded);
        }
    }

    @Test
    void theShippedRulesHaveNothingToReload() {
        try (Creditpool pool = Creditpool.builder().build()) {
            RulesReload reload = pool.reloadRules();
            assertThat(reload.outcome()).isEqualTo(RulesReload.Outcome.NOTHING_TO_RELOAD);
            assertThat(reload.version()).isEqualTo(pool.rulesVersion()).hasSize(12);
        }
    }

    /**
     * The figure in the README: how long a reload of the shipped rules takes, from reading the files to live, with an
     * empty scenarios/ folder and then with the shipped scenarios in it. Printed, not asserted: it depends on the
     * machine.
     */
    @Test
    void reloadTimeOfTheShippedRuleSet() throws IOException {
        try (Creditpool pool = pool()) {
            Path drl = rules.resolve("top-ups.drl");
            String text = Files.readString(drl);
            StringBuilder figures = new StringBuilder();
            for (int i = 1; i <= 3; i++) {
                Files.writeString(drl, text + "\n// change " + i + "\n");
                RulesReload reload = pool.reloadRules();
                assertThat(reload.reloaded()).isTrue();
                figures.append(" ").append(reload.tookMillis());
            }
            System.out.println("rules reload of the shipped rules, no scenarios: took_ms" + figures);
            Path shipped = Path.of("../..", "acceptance-tests", "scenarios");
            if (Files.isDirectory(shipped)) {
                int count = 0;
                try (var files = Files.list(shipped)) {
                    for (Path f : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".yaml"))::iterator) {
                        Files.copy(f, rules.resolve("scenarios").resolve(f.getFileName()));
                        count++;
                    }
                }
                figures.setLength(0);
                for (int i = 1; i <= 3; i++) {
                    Files.writeString(drl, text + "\n// scenarios " + i + "\n");
                    RulesReload reload = pool.reloadRules();
                    assertThat(reload.errors()).isEmpty();
                    assertThat(reload.reloaded()).isTrue();
                    figures.append(" ").append(reload.tookMillis());
                }
                System.out.println("rules reload of the shipped rules with " + count + " scenarios: took_ms"
                        + figures);
            }
        }
    }
}
