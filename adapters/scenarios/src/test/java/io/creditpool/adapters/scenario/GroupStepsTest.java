package io.creditpool.adapters.scenario;

import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.GroupCap;
import io.creditpool.kernel.domain.GroupId;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.ChangeGroupCommand;
import io.creditpool.kernel.port.in.CreateGroupCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.DeleteGroupCommand;
import io.creditpool.kernel.port.in.InviteMemberCommand;
import io.creditpool.kernel.port.in.MoveMemberCommand;
import io.creditpool.kernel.port.in.SetMemberLimitCommand;
import io.creditpool.kernel.port.in.SetOwnLimitCommand;
import io.creditpool.kernel.port.in.TeamMetrics;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The scenario format's {@code group} and {@code own-limit} steps and the checks of groups, limits and spendable
 * credits: they run, a wrong expectation fails naming what it expected and what was, a malformed one is an error
 * naming the step and key, and a ledger with groups exports as a scenario that makes the same team again.
 */
class GroupStepsTest {
    private static final String HEAD = """
            name: groups
            start: 2026-01-05T00:00:00Z
            team: {id: acme, plan: team, seats: 4, owner: olivia}
            steps:
              - invite: {by: olivia, member: alice}
              - invite: {by: olivia, member: bob}
            """;

    private static ScenarioRunner.Result run(String steps) {
        return new ScenarioRunner(b -> b, StoreSettings.MEMORY).run(ScenarioParser.parse(Path.of("groups.yaml"),
                HEAD + steps));
    }

    private static String parseError(String steps) {
        try {
            ScenarioParser.parse(Path.of("bad.yaml"), HEAD + steps);
        } catch (ScenarioException e) {
            return e.getMessage();
        }
        throw new AssertionError("the scenario was accepted:\n" + steps);
    }

    @Test
    void groupStepsAndTheirChecksRun() {
        ScenarioRunner.Result result = run("""
                  - group: {by: olivia, create: design, name: Design, cap: 500}
                  - group: {by: olivia, move: alice, to: design}
                  - set-limit: {by: olivia, member: alice, limit: 300}
                  - own-limit: {member: alice, limit: 200}
                    expect: accepted
                  - consume: {member: alice, amount: 120}
                  - expect:
                      groups: {design: {usage: 120, cap: 500, left: 380, name: Design, members: 1}}
                      spendable: {alice: {credits: 80, by: own-limit}, bob: {credits: 1880, by: pool}}
                      limits: {alice: 300, bob: unlimited}
                      own-limits: {alice: 200, bob: unlimited}
                      group-of: {alice: design, bob: none}
                  - group: {by: alice, create: mine}
                    expect: {denied: not-allowed}
                  - group: {by: olivia, change: design, cap: 100}
                  - consume: {member: alice, amount: 1}
                    expect: {denied: group-cap}
                    because: A group may not spend past its monthly cap
                  - group: {by: olivia, move: alice, to: none}
                  - group: {by: olivia, delete: design}
                  - expect: {groups: {design: none}, group-of: {alice: none}, spendable: {alice: 80}}
                """);

        assertThat(result.failures()).as(() -> ScenarioReport.timeline(result)).isEmpty();
    }

    @Test
    void aWrongExpectationFailsNamingWhatWasExpectedAndWhatWas() {
        ScenarioRunner.Result result = run("""
                  - group: {by: olivia, create: design, cap: 500}
                  - group: {by: olivia, move: alice, to: design}
                  - consume: {member: alice, amount: 120}
                  - expect:
                      groups: {design: {usage: 100, cap: unlimited}, ops: {usage: 0}}
                      spendable: {alice: {credits: 1, by: member-limit}}
                      group-of: {bob: design}
                      own-limits: {alice: 5}
                """);

        assertThat(result.failures()).anySatisfy(f -> assertThat(f).contains("expected usage of group design 100, was 120"))
                .anySatisfy(f -> assertThat(f).contains("expected cap of group design unlimited, was 500"))
                .anySatisfy(f -> assertThat(f).contains("expected group ops, but the team has no group ops"))
                .anySatisfy(f -> assertThat(f).contains("expected alice to be able to spend 1 (member-limit), was 380 "
                        + "(group-cap)"))
                .anySatisfy(f -> assertThat(f).contains("expected bob in group design, was in none"))
                .anySatisfy(f -> assertThat(f).contains("expected own limit of alice 5, was unlimited"));
    }

    @Test
    void aMalformedGroupStepOrCheckIsAnErrorNamingTheStepAndTheKey() {
        assertThat(parseError("  - group: {by: olivia}\n")).contains("step 3 (group)")
                .contains("a group step holds exactly one of [create, change, delete, move]");
        assertThat(parseError("  - group: {by: olivia, create: a, delete: b}\n"))
                .contains("exactly one of [create, change, delete, move], found [create, delete]");
        assertThat(parseError("  - group: {by: olivia, move: alice, to: [design, research]}\n"))
                .contains("key 'to' must be one group's id, or none (a member belongs to at most one group), found a list");
        assertThat(parseError("  - group: {by: olivia, create: a, cap: lots}\n"))
                .contains("key 'cap' must be a whole number or unlimited, found 'lots'");
        assertThat(parseError("  - group: {by: olivia, change: a}\n")).contains("needs a new 'name', a new 'cap', or both");
        assertThat(parseError("  - group: {by: olivia, delete: a, cap: 5}\n")).contains("unknown key 'cap'");
        assertThat(parseError("  - own-limit: {member: alice}\n")).contains("key 'limit' is required");
        assertThat(parseError("  - expect: {spendable: {zed: 1}}\n")).contains("key 'spendable': unknown member 'zed'");
        assertThat(parseError("  - expect: {spendable: {alice: {credits: 1, by: wallet}}}\n"))
                .contains("key 'by' must be one of member-limit, own-limit, group-cap, pool");
        assertThat(parseError("  - expect: {groups: {design: {spent: 1}}}\n")).contains("unknown key 'spent'");
        assertThat(parseError("  - expect: {groups: {'two words': {usage: 1}}}\n")).contains("'two words'");
    }

    @Test
    void badInputInAGroupStepIsTheInvalidInputAHostProductWouldGet() {
        ScenarioRunner.Result result = run("""
                  - group: {by: olivia, create: design, cap: -1}
                    expect: {denied: invalid-input}
                  - group: {by: olivia, move: alice, to: ops}
                    expect: {denied: invalid-input}
                  - set-limit: {by: olivia, member: alice, limit: 100}
                  - own-limit: {member: alice, limit: 101}
                    expect: {denied: not-allowed}
                  - expect: {groups: {design: none}, own-limits: {alice: unlimited}, group-of: {alice: none}}
                """);

        assertThat(result.failures()).as(() -> ScenarioReport.timeline(result)).isEmpty();
    }

    @Test
    void aLedgerWithGroupsExportsAsAScenarioThatMakesTheSameTeamAgain() {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-05T00:00:00Z"));
        TeamId acme = TeamId.of("acme");
        MemberId olivia = MemberId.of("olivia");
        MemberId alice = MemberId.of("alice");
        GroupId design = GroupId.of("design");
        try (Creditpool pool = Creditpool.builder().clock(clock).store(StoreSettings.MEMORY).build()) {
            pool.createTeam(new CreateTeamCommand(acme, "team", 3, olivia, 1, null));
            pool.invite(new InviteMemberCommand(acme, olivia, alice, Role.MEMBER, null));
            pool.setLimit(new SetMemberLimitCommand(acme, olivia, alice, MemberLimit.of(300), null));
            clock.advanceTo(Instant.parse("2026-01-06T00:00:00Z"));
            pool.createGroup(new CreateGroupCommand(acme, olivia, design, "Design \"core\", team", GroupCap.of(500),
                    null));
            pool.createGroup(new CreateGroupCommand(acme, olivia, GroupId.of("old"), null, null, null));
            pool.moveMember(new MoveMemberCommand(acme, olivia, alice, design, null));
            pool.setOwnLimit(new SetOwnLimitCommand(acme, alice, MemberLimit.of(250), null));
            pool.consume("acme", "alice", 120, "gen-1");
            clock.advanceTo(Instant.parse("2026-01-07T00:00:00Z"));
            pool.changeGroup(new ChangeGroupCommand(acme, olivia, design, "Product design", GroupCap.of(400), null));
            pool.deleteGroup(new DeleteGroupCommand(acme, olivia, GroupId.of("old"), null));
            pool.consume("acme", "alice", 30, "gen-2");
            TeamMetrics real = pool.metrics(acme).orElseThrow();

            for (Instant from : new Instant[] {null, Instant.parse("2026-01-07T00:00:00Z")}) {
                LedgerExport.Result export = LedgerExport.of("acme", pool.ledger(acme), pool.requests(acme), from,
                        null, new LedgerExport.Origin("memory", "everything", clock.now(), "ledger export acme"));
                assertThat(export.text()).contains("group:").contains("own-limit:")
                        .doesNotContain("the scenario format has no step for it");
                ScenarioRunner.Result replayed = new ScenarioRunner(b -> b, StoreSettings.MEMORY)
                        .run(ScenarioParser.parse(Path.of("export.yaml"), export.text()));
                assertThat(replayed.failures()).as(export.text()).isEmpty();
                TeamMetrics again = replayed.end();
                assertThat(again.groups()).extracting(TeamMetrics.GroupUsage::group, TeamMetrics.GroupUsage::name,
                        TeamMetrics.GroupUsage::cap).containsExactly(org.assertj.core.groups.Tuple.tuple(design,
                                "Product design", GroupCap.of(400)));
                assertThat(again.member(alice).group()).isEqualTo(design);
                assertThat(again.member(alice).ownLimit()).isEqualTo(MemberLimit.of(250));
                if (from == null) {
                    assertThat(again.groups()).isEqualTo(real.groups());
                }
            }
        }
    }

    @Test
    void aGroupIdCannotBeTheWordForNoGroup() {
        assertThatThrownBy(() -> GroupId.of("none")).hasMessageContaining("it means no group");
    }
}
