package io.creditpool.adapters.cli;

import io.creditpool.rules.RuleSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a user runs it: exit codes and what it prints. */
class CreditpoolCommandTest {
    @TempDir
    Path dir;

    private final Cli cli = new Cli();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    private Path scenario(String name, String steps) throws IOException {
        return Files.writeString(dir.resolve(name), """
                name: %s
                start: 2026-01-01T00:00:00Z
                team: {id: acme, plan: team, seats: 2, owner: olivia}
                steps:
                %s""".formatted(name, steps));
    }

    @Test
    void checkPassesAFolderOfGoodScenarios() throws IOException {
        scenario("good.yaml", "  - consume: {member: olivia, amount: 100}\n    expect: accepted\n");
        assertThat(run("check", dir.toString())).isZero();
        assertThat(out.toString()).contains("PASS", "1 of 1 scenario(s) passed");
    }

    @Test
    void checkPrintsADiffAndExitsNonZeroWhenAnExpectationFails() throws IOException {
        scenario("good.yaml", "  - expect: {balance: 1000}\n");
        scenario("wrong.yaml", "  - consume: {member: olivia, amount: 100}\n  - expect: {balance: 1000}\n");
        assertThat(run("check", dir.toString())).isEqualTo(CreditpoolCommand.FAILED);
        assertThat(out.toString()).contains("FAIL " + dir.resolve("wrong.yaml"),
                "step 2 (check balance 1000): expected balance 1000, was 900", "1 of 2 scenario(s) passed");
    }

    @Test
    void aMalformedScenarioFailsTheCheckNamingStepAndKey() throws IOException {
        scenario("bad.yaml", "  - consume: {member: olivia, amount: 1, colour: red}\n");
        assertThat(run("check", dir.toString())).isEqualTo(CreditpoolCommand.FAILED);
        assertThat(out.toString()).contains("(malformed)", "step 1 (consume): key 'consume': unknown key 'colour'");
    }

    @Test
    void simulatePrintsEachStepWithItsDecisionRulesAndBalance() throws IOException {
        Path file = scenario("sim.yaml", "  - consume: {member: olivia, amount: 1200}\n");
        assertThat(run("simulate", file.toString())).isZero();
        assertThat(out.toString()).contains("olivia consumes 1200", "insufficient-credits", "balance 1000",
                "rule: A team may not spend more credits than its pool holds");
    }

    @Test
    void rulesThatDoNotCompileAreReportedWithFileAndLine() throws IOException {
        Path rules = Files.createDirectory(dir.resolve("rules"));
        for (var file : RuleSource.shipped().files().entrySet()) {
            Files.writeString(rules.resolve(file.getKey()), file.getValue());
        }
        Files.writeString(rules.resolve("top-ups.drl"), RuleSource.shipped().files().get("top-ups.drl")
                .replace("$purchase.neverExpires();", "$purchase.neverExpire();"));
        Path file = scenario("s.yaml", "  - expect: {balance: 1000}\n");

        assertThat(run("--rules", rules.toString(), "check", file.toString())).isEqualTo(CreditpoolCommand.BROKEN_POLICY);
        assertThat(err.toString()).contains("do not compile",
                "top-ups.drl:20: rule \"Top-up credits never expire\": TopUpPurchase has no method `neverExpire`; "
                        + "did you mean `neverExpires`?");
        assertThat(err.toString()).doesNotContain("LambdaConsequence");
    }

    @Test
    void rulesListsEveryRuleAndPlan() {
        assertThat(run("rules")).isZero();
        assertThat(out.toString()).contains("Auto top-up is for enterprise plans only", "enterprise: enterprise");
    }

    @Test
    void aMissingPathIsAUsageErrorNamingIt() {
        assertThat(run("check", dir.resolve("nope").toString())).isEqualTo(CreditpoolCommand.USAGE);
        assertThat(err.toString()).contains("there is no file or folder " + dir.resolve("nope"));
    }

    @Test
    void auditFindsEveryBalanceEqualToItsLedgerInAStoreAndFailsWhenOneIsTamperedWith() throws Exception {
        io.creditpool.adapters.store.StoreSettings store = io.creditpool.adapters.store.StoreSettings.h2(dir.resolve("db"));
        try (io.creditpool.Creditpool pool = io.creditpool.Creditpool.builder().store(store).build()) {
            pool.createTeam(new io.creditpool.kernel.port.in.CreateTeamCommand(io.creditpool.kernel.domain.TeamId.of(
                    "acme"), "team", 2, io.creditpool.kernel.domain.MemberId.of("olivia"), 1, null));
            pool.consume("acme", "olivia", 10, null);
        }
        System.setProperty(io.creditpool.adapters.store.StoreSettings.PROPERTY, "h2:" + dir.resolve("db"));
        try {
            assertThat(run("audit")).isZero();
            assertThat(out.toString()).contains("1 team(s) audited", "every balance equals its ledger");

            try (var c = io.creditpool.adapters.jdbc.TestDatabases.connect(store); var s = c.createStatement()) {
                s.executeUpdate("UPDATE creditpool_team SET balance = 995");
            }
            assertThat(run("audit")).isEqualTo(CreditpoolCommand.FAILED);
            assertThat(out.toString()).contains("WRONG team acme: stored balance 995, ledger sum 990");
        } finally {
            System.clearProperty(io.creditpool.adapters.store.StoreSettings.PROPERTY);
        }
    }

    @Test
    void keysAreCreatedOnceListedWithoutSecretsAndRevokedInTheServiceStore() throws Exception {
        System.setProperty(io.creditpool.adapters.store.StoreSettings.PROPERTY, "h2:" + dir.resolve("service"));
        try {
            assertThat(run("keys", "create", "shop")).isZero();
            String key = out.toString().strip();
            assertThat(key).startsWith("cp_");
            assertThat(err.toString()).contains("shown only this once");
            String id = key.substring(3, 15);
            try (io.creditpool.Creditpool pool = io.creditpool.Creditpool.builder()
                    .store(io.creditpool.adapters.store.StoreSettings.h2(dir.resolve("service"))).build()) {
                assertThat(KeysCommand.durableKeys(pool).product(key)).contains("shop");
            }

            out.getBuffer().setLength(0);
            assertThat(run("keys", "list")).isZero();
            assertThat(out.toString()).contains(id).contains("shop").doesNotContain(key.substring(16));

            assertThat(run("keys", "create", "ops", "--admin")).isZero();
            assertThat(err.toString()).contains("Operator key", "for operator ops", "shown only this once");
            String operator = out.toString().strip().lines().reduce((a, b) -> b).orElseThrow();
            try (io.creditpool.Creditpool pool = io.creditpool.Creditpool.builder()
                    .store(io.creditpool.adapters.store.StoreSettings.h2(dir.resolve("service"))).build()) {
                assertThat(KeysCommand.durableKeys(pool).holder(operator)).hasValueSatisfying(h ->
                        assertThat(h.operator()).isTrue());
            }
            out.getBuffer().setLength(0);
            assertThat(run("keys", "list")).isZero();
            assertThat(out.toString()).contains("scope").containsPattern(id + " +shop +product ")
                    .containsPattern(operator.substring(3, 15) + " +ops +operator ");

            assertThat(run("keys", "revoke", id)).isZero();
            assertThat(run("keys", "revoke", id)).isEqualTo(CreditpoolCommand.FAILED);
            assertThat(err.toString()).contains("no live API key '" + id + "'");
            assertThat(run("keys", "create", "Not A Product")).isEqualTo(CreditpoolCommand.FAILED);
            assertThat(err.toString()).contains("product");
        } finally {
            System.clearProperty(io.creditpool.adapters.store.StoreSettings.PROPERTY);
        }
        System.setProperty(io.creditpool.adapters.store.StoreSettings.PROPERTY, "memory");
        try {
            assertThat(run("keys", "create", "shop")).isEqualTo(CreditpoolCommand.FAILED);
            assertThat(err.toString()).contains("API keys need a store that keeps them");
        } finally {
            System.clearProperty(io.creditpool.adapters.store.StoreSettings.PROPERTY);
        }
    }
}
