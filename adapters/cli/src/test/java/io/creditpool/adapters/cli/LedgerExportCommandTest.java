package io.creditpool.adapters.cli;

import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.adapters.scenario.ScenarioRunner;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.ChangeRoleCommand;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.InviteMemberCommand;
import io.creditpool.kernel.port.in.RemoveMemberCommand;
import io.creditpool.kernel.port.in.SetMemberLimitCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code creditpool ledger export}: a team's real month as a scenario that replay, simulate and check run. */
class LedgerExportCommandTest {
    private static final TeamId ACME = TeamId.of("acme");
    private static final MemberId OLIVIA = MemberId.of("olivia");
    private static final MemberId ALICE = MemberId.of("alice");
    private static final MemberId BOB = MemberId.of("bob");
    private static final MemberId CAROL = MemberId.of("carol");
    private static final Instant FEBRUARY = Instant.parse("2026-02-01T00:00:00Z");

    @TempDir
    Path dir;

    private final Cli cli = new Cli();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    @BeforeEach
    void store() {
        System.setProperty(StoreSettings.PROPERTY, "h2:" + dir.resolve("db"));
    }

    @AfterEach
    void noStore() {
        System.clearProperty(StoreSettings.PROPERTY);
    }

    private int run(String... args) {
        return cli.run(args);
    }

    /**
     * Team acme (enterprise, 4 seats: 4,000 credits a month from the 1st) in the H2 store: set up in December, a
     * month of activity in January, one consumption in February. Answers the ledger.
     */
    private java.util.List<LedgerEntry> aRealMonth() {
        ManualClock clock = new ManualClock(Instant.parse("2025-12-10T09:00:00Z"));
        try (Creditpool pool = Creditpool.builder().store(StoreSettings.h2(dir.resolve("db"))).clock(clock).build()) {
            accepted(pool.createTeam(new CreateTeamCommand(ACME, "enterprise", 4, OLIVIA, 1, null)));
            accepted(pool.invite(new InviteMemberCommand(ACME, OLIVIA, ALICE, Role.MEMBER, null)));
            accepted(pool.invite(new InviteMemberCommand(ACME, OLIVIA, BOB, Role.ADMIN, null)));
            accepted(pool.setLimit(new SetMemberLimitCommand(ACME, OLIVIA, ALICE, MemberLimit.of(300), null)));
            accepted(pool.configureAutoTopUp(new ConfigureAutoTopUpCommand(ACME, OLIVIA, true, 500, 1000, null,
                    null)));
            at(clock, "2025-12-12T10:00:00Z");
            accepted(pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 1000, null)));
            at(clock, "2025-12-15T10:00:00Z");
            accepted(pool.consume("acme", "alice", 250, "dec-1"));
            at(clock, "2025-12-31T23:55:00Z");
            accepted(pool.reserve("acme", "bob", 100, Duration.ofHours(1), "r-dec"));

            at(clock, "2026-01-01T00:30:00Z");
            accepted(pool.settle("acme", "bob", "r-dec", 60, null));
            at(clock, "2026-01-05T10:00:00Z");
            accepted(pool.consume("acme", "alice", 200, "gen-1"));
            at(clock, "2026-01-10T10:00:00Z");
            accepted(pool.consume("acme", "olivia", 4400, "gen-2"));
            at(clock, "2026-01-12T10:00:00Z");
            accepted(pool.reserve("acme", "alice", 100, Duration.ofMinutes(10), "r-jan"));
            at(clock, "2026-01-12T10:05:00Z");
            accepted(pool.settle("acme", "alice", "r-jan", 80, "settle-1"));
            at(clock, "2026-01-15T10:00:00Z");
            accepted(pool.reserve("acme", "bob", 50, null, "r-rel"));
            accepted(pool.release("acme", "olivia", "r-rel", null));
            at(clock, "2026-01-20T10:00:00Z");
            accepted(pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 500, null)));
            at(clock, "2026-01-21T10:00:00Z");
            pool.component(SandboxPaymentGateway.class).behave(ACME, SandboxPaymentGateway.Behaviour.DECLINE);
            assertThat(pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 700, null)).denied()).isTrue();
            pool.component(SandboxPaymentGateway.class).behave(ACME, SandboxPaymentGateway.Behaviour.ACCEPT);
            at(clock, "2026-01-25T10:00:00Z");
            accepted(pool.invite(new InviteMemberCommand(ACME, BOB, CAROL, Role.MEMBER, null)));
            accepted(pool.changeRole(new ChangeRoleCommand(ACME, OLIVIA, CAROL, Role.ADMIN, null)));
            accepted(pool.remove(new RemoveMemberCommand(ACME, OLIVIA, CAROL, null)));
            at(clock, "2026-01-28T10:00:00Z");
            accepted(pool.configureAutoTopUp(new ConfigureAutoTopUpCommand(ACME, BOB, true, 300, 800, 5000L, null)));
            accepted(pool.setLimit(new SetMemberLimitCommand(ACME, BOB, ALICE, MemberLimit.UNLIMITED, null)));
            at(clock, "2026-01-31T23:00:00Z");
            accepted(pool.consume("acme", "alice", 50, null));

            at(clock, "2026-02-03T10:00:00Z");
            accepted(pool.consume("acme", "alice", 10, "feb-1"));
            return pool.ledger(ACME);
        }
    }

    private static void at(ManualClock clock, String instant) {
        clock.advanceTo(Instant.parse(instant));
    }

    private static void accepted(io.creditpool.kernel.domain.Decision decision) {
        assertThat(decision.accepted()).as(decision.toString()).isTrue();
    }

    private Path exportJanuary() {
        aRealMonth();
        Path file = dir.resolve("acme-2026-01.yaml");
        assertThat(run("ledger", "export", "acme", "--from", "2026-01-01", "--to", "2026-01-31", "--output",
                file.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("to " + file, "replay");
        return file;
    }

    @Test
    void aMonthIsExportedAsTheTeamAtItsStartThenEachRequestAtItsInstant() throws IOException {
        Path file = exportJanuary();

        String text = Files.readString(file);
        assertThat(text).startsWith("# Team acme's requests from its ledger, as a scenario (./creditpool ledger "
                + "export acme --from 2026-01-01 --to 2026-01-31).\n# Store: h2:");
        assertThat(text).contains("period: from 2026-01-01 to 2026-01-31 included (UTC); exported at ",
                "# Not reconstructed from the ledger:",
                "#   - requests that were denied and came without a request id",
                "reservation r-dec (bob, 100 credits held since 2025-12-31T23:55:00Z) was open at "
                        + "2026-01-01T00:00:00Z",
                "auto top-up's state",
                "the 1000 top-up credits left at 2026-01-01T00:00:00Z are one top-up the owner buys then");
        assertThat(text).doesNotContain("expect:", "feb-1", "dec-1", "r-dec,", "plan credits the rules grant")
                .doesNotContain("what members had used");
        assertThat(text).contains("""
                start: 2026-01-01T00:00:00Z
                team: {id: acme, plan: enterprise, seats: 4, owner: olivia, billing-anchor-day: 1}
                steps:
                  # The team as it stood at 2026-01-01T00:00:00Z:
                  - invite: {by: olivia, member: alice, role: member}
                  - invite: {by: olivia, member: bob, role: admin}
                  - set-limit: {by: olivia, member: alice, limit: 300}
                  - auto-top-up: {by: olivia, enabled: true, threshold: 500, amount: 1000}
                  # top-up credits left from before the period, bought again in one top-up:
                  - top-up: {by: olivia, amount: 1000}
                  # The requests of the period:
                  - advance: 2026-01-05T10:00:00Z
                  - consume: {member: alice, amount: 200, id: gen-1}
                  - advance: 2026-01-10T10:00:00Z
                  - consume: {member: olivia, amount: 4400, id: gen-2}
                  - advance: 2026-01-12T10:00:00Z
                  - reserve: {member: alice, amount: 100, hold-for: PT10M, id: r-jan}
                  - advance: 2026-01-12T10:05:00Z
                  - settle: {member: alice, reservation: r-jan, amount: 80, id: settle-1}
                  - advance: 2026-01-15T10:00:00Z
                  - reserve: {member: bob, amount: 50, hold-for: PT15M, id: r-rel}
                  - release: {member: olivia, reservation: r-rel}
                  - advance: 2026-01-20T10:00:00Z
                  - top-up: {by: olivia, amount: 500}
                  - advance: 2026-01-21T10:00:00Z
                """);
        assertThat(text).contains("""
                  - payments: decline
                  - top-up: {by: olivia, amount: 700}
                  - payments: accept
                  - advance: 2026-01-25T10:00:00Z
                  - invite: {by: bob, member: carol, role: member}
                  - role: {by: olivia, member: carol, role: admin}
                  - remove: {by: olivia, member: carol}
                  - advance: 2026-01-28T10:00:00Z
                  - auto-top-up: {by: bob, enabled: true, threshold: 300, amount: 800, monthly-cap: 5000}
                  - set-limit: {by: bob, member: alice, limit: unlimited}
                  - advance: 2026-01-31T23:00:00Z
                  - consume: {member: alice, amount: 50}
                """);
    }

    @Test
    void theExportedMonthRunsWithoutErrorsAndEndsAtTheRealTeamsBalance() throws IOException {
        Path file = exportJanuary();
        long real;
        try (Creditpool pool = Creditpool.builder().store(StoreSettings.h2(dir.resolve("db"))).build()) {
            real = pool.ledger(ACME).stream().filter(e -> e.at().isBefore(FEBRUARY))
                    .mapToLong(LedgerEntry::balanceChange).sum();
        }

        assertThat(run("check", file.toString())).as(out.toString()).isZero();
        assertThat(run("simulate", file.toString())).as(out.toString()).isZero();
        assertThat(out.toString()).doesNotContain("failed", "FAIL");

        ScenarioRunner.Result result = new ScenarioRunner().run(file);
        assertThat(result.passed()).as(result.failures().toString()).isTrue();
        assertThat(result.end().balance()).isEqualTo(real).isEqualTo(1770);
    }

    @Test
    void replayUnderAStricterMemberLimitNamesTheConsumptionNowDenied() throws IOException {
        Path file = exportJanuary();
        Path stricter = dir.resolve("stricter");
        assertThat(run("rules", "export", stricter.toString())).isZero();
        Path limits = stricter.resolve("member-limits.drl");
        String shipped = Files.readString(limits);
        String changed = shipped.replace("Consumption( limited, usageAfter > limit )",
                "Consumption( limited, usageAfter * 2 > limit )");
        assertThat(changed).isNotEqualTo(shipped);
        Files.writeString(limits, changed);

        assertThat(run("replay", "--rules", stricter.toString(), file.toString())).as(err.toString()).isZero();

        assertThat(out.toString()).contains("Scenario: Team acme's requests, from 2026-01-01 to 2026-01-31 included "
                + "(UTC), from its ledger  (" + file + "), team acme");
        assertThat(out.toString()).containsPattern(
                "step \\d+  2026-01-05 10:00  alice consumes 200 \\[gen-1\\]\\n      decision  accepted -> member-limit");
        assertThat(out.toString()).containsPattern("  team acme: \\d+ of \\d+ step\\(s\\) differ: 1 now denied, ");
        assertThat(out.toString()).containsPattern("Total: 1 team\\(s\\), \\d+ of \\d+ step\\(s\\) differ: 1 now denied, ");
    }

    @Test
    void deniedConsumptionsAndReservationsWithARequestIdAreExportedAndReplayShowsThemNowAccepted() throws IOException {
        // the month ran on stricter rules: a member without a limit spends at most half the plan's credits
        Path stricter = dir.resolve("stricter");
        assertThat(run("rules", "export", stricter.toString())).isZero();
        Files.writeString(stricter.resolve("half.drl"), """
                package io.creditpool.rules;
                import io.creditpool.rules.facts.Consumption;
                import io.creditpool.rules.facts.OverMemberLimit;
                rule "At most half the plan's credits without a limit"
                    agenda-group "classify"
                when
                    Consumption( !limited, usageAfter * 2 > monthlyPlanCredits )
                then
                    insertLogical( new OverMemberLimit() );
                end
                """);
        ManualClock clock = new ManualClock(Instant.parse("2026-03-01T09:00:00Z"));
        try (Creditpool pool = Creditpool.builder().store(StoreSettings.h2(dir.resolve("db"))).clock(clock)
                .rules(stricter).build()) {
            TeamId globex = TeamId.of("globex");
            accepted(pool.createTeam(new CreateTeamCommand(globex, "team", 2, OLIVIA, 1, null)));
            at(clock, "2026-03-02T10:00:00Z");
            accepted(pool.consume("globex", "olivia", 400, "gen-a"));
            at(clock, "2026-03-03T10:00:00Z");
            assertThat(pool.consume("globex", "olivia", 200, "gen-b").denial()).isEqualTo(DenialCode.MEMBER_LIMIT);
            at(clock, "2026-03-04T10:00:00Z");
            assertThat(pool.reserve("globex", "olivia", 200, Duration.ofMinutes(5), "res-1").denial())
                    .isEqualTo(DenialCode.MEMBER_LIMIT);
            assertThat(pool.consume("globex", "olivia", 200, null).denied()).as("no id: not recorded").isTrue();
            at(clock, "2026-03-05T10:00:00Z");
            accepted(pool.consume("globex", "olivia", 5, "gen-c"));
        }
        Path file = dir.resolve("globex.yaml");
        assertThat(run("ledger", "export", "globex", "--output", file.toString())).as(err.toString()).isZero();

        assertThat(Files.readString(file)).contains("""
                  - advance: 2026-03-02T10:00:00Z
                  - consume: {member: olivia, amount: 400, id: gen-a}
                  - advance: 2026-03-03T10:00:00Z
                  # denied (member-limit) when it was made:
                  - consume: {member: olivia, amount: 200, id: gen-b}
                  - advance: 2026-03-04T10:00:00Z
                  # denied (member-limit) when it was made:
                  - reserve: {member: olivia, amount: 200, hold-for: PT5M, id: res-1}
                  - advance: 2026-03-05T10:00:00Z
                  - consume: {member: olivia, amount: 5, id: gen-c}
                """);

        // under the shipped rules both would have been accepted
        Path shipped = dir.resolve("shipped");
        assertThat(run("rules", "export", shipped.toString())).isZero();
        assertThat(run("--rules", stricter.toString(), "replay", "--rules", shipped.toString(), file.toString()))
                .as(err.toString()).isZero();
        assertThat(out.toString()).containsPattern("olivia consumes 200 \\[gen-b\\]\\n      decision  member-limit -> "
                + "accepted");
        assertThat(out.toString()).containsPattern("Total: 1 team\\(s\\), \\d+ of \\d+ step\\(s\\) differ: 0 now "
                + "denied, 2 now accepted");
    }

    @Test
    void anUnknownTeamIsAnErrorNamingItAndNothingIsWritten() {
        aRealMonth();
        Path file = dir.resolve("ghost.yaml");

        assertThat(run("ledger", "export", "ghost", "--output", file.toString())).isEqualTo(CreditpoolCommand.FAILED);

        assertThat(err.toString()).contains("team 'ghost' is not in the store h2:", "nothing written");
        assertThat(file).doesNotExist();
        assertThat(run("ledger", "export", "ghost")).isEqualTo(CreditpoolCommand.FAILED);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aPeriodThatEndsBeforeItStartsIsRefused() {
        Path file = dir.resolve("x.yaml");

        assertThat(run("ledger", "export", "acme", "--from", "2026-02-01", "--to", "2026-01-31", "--output",
                file.toString())).isEqualTo(2);

        assertThat(err.toString()).contains("--from 2026-02-01 is after --to 2026-01-31");
        assertThat(file).doesNotExist();
    }

    @Test
    void anUnreadableDateIsAnErrorNamingTheOption() {
        assertThat(run("ledger", "export", "acme", "--from", "2026-01-01", "--to", "January")).isEqualTo(2);
        assertThat(err.toString()).contains("--to: 'January' is not a date like 2026-01-31");

        assertThat(run("ledger", "export", "acme", "--from", "2026-13-01")).isEqualTo(2);
        assertThat(err.toString()).contains("--from: '2026-13-01' is not a date");
    }

    @Test
    void withoutAPeriodTheWholeLedgerGoesToStandardOutputFromTheTeamsCreation() {
        aRealMonth();

        assertThat(run("ledger", "export", "acme")).as(err.toString()).isZero();

        assertThat(out.toString()).contains("period: everything up to the export", "start: 2025-12-10T09:00:00Z",
                "  - invite: {by: olivia, member: alice, role: member}", "id: dec-1", "id: r-dec", "id: feb-1")
                .doesNotContain("The team as it stood at");
    }
}
