package io.creditpool.kernel.service;

import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.GroupCap;
import io.creditpool.kernel.domain.GroupId;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.Spendable;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.port.in.ChangeGroupCommand;
import io.creditpool.kernel.port.in.ConsumeCreditsCommand;
import io.creditpool.kernel.port.in.CreateGroupCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.DeleteGroupCommand;
import io.creditpool.kernel.port.in.InviteMemberCommand;
import io.creditpool.kernel.port.in.MoveMemberCommand;
import io.creditpool.kernel.port.in.ReserveCreditsCommand;
import io.creditpool.kernel.port.in.SetMemberLimitCommand;
import io.creditpool.kernel.port.in.SetOwnLimitCommand;
import io.creditpool.kernel.port.in.TeamMetrics;
import io.creditpool.kernel.port.out.PaymentGateway;
import io.creditpool.kernel.port.out.PurchaseHandOff;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

/**
 * Groups and members' own limits through the kernel's services, with rules that accept every consumption: the
 * kernel alone keeps each group within its cap and each member within the lower of their two limits, and only the
 * owner and admins manage groups.
 */
class GroupsAndOwnLimitsTest {
    private static final TeamId ACME = TeamId.of("acme");
    private static final MemberId OLIVIA = MemberId.of("olivia");
    private static final MemberId ADA = MemberId.of("ada");
    private static final MemberId ALICE = MemberId.of("alice");
    private static final MemberId BOB = MemberId.of("bob");
    private static final GroupId DESIGN = GroupId.of("design");
    private static final Plan TEAM = new Plan("team", Tier.STANDARD, 500, 2, "USD");

    private final KernelStubs.MapStore store = new KernelStubs.MapStore();
    private MembershipService members;
    private GroupService groups;
    private ConsumptionService consumption;
    private ReservationService reservations;
    private TeamQueryService queries;

    @BeforeEach
    void givenATeamOfFourWithRulesThatAcceptEverything() {
        KernelStubs.AcceptEverything policy = new KernelStubs.AcceptEverything();
        Instant now = Instant.parse("2026-01-05T00:00:00Z");
        TopUpService[] topUps = new TopUpService[1];
        TeamCommands commands = new TeamCommands(store, policy, KernelStubs.plans(TEAM), () -> now, () -> topUps[0]);
        topUps[0] = new TopUpService(commands, policy, mock(PaymentGateway.class), () -> mock(PurchaseHandOff.class));
        members = new MembershipService(commands, policy, KernelStubs.plans(TEAM));
        groups = new GroupService(commands);
        consumption = new ConsumptionService(commands, policy, topUps[0]);
        reservations = new ReservationService(commands, consumption);
        queries = new TeamQueryService(commands);
        assertThat(members.createTeam(new CreateTeamCommand(ACME, "team", 4, OLIVIA, 1, null)).accepted()).isTrue();
        for (MemberId m : new MemberId[] {ALICE, BOB}) {
            assertThat(members.invite(new InviteMemberCommand(ACME, OLIVIA, m, Role.MEMBER, null)).accepted()).isTrue();
        }
        assertThat(members.invite(new InviteMemberCommand(ACME, OLIVIA, ADA, Role.ADMIN, null)).accepted()).isTrue();
    }

    private void givenAliceAndBobInDesignCappedAt(long cap) {
        assertThat(groups.createGroup(new CreateGroupCommand(ACME, ADA, DESIGN, "Design", GroupCap.of(cap), null))
                .accepted()).isTrue();
        assertThat(groups.moveMember(new MoveMemberCommand(ACME, ADA, ALICE, DESIGN, null)).accepted()).isTrue();
        assertThat(groups.moveMember(new MoveMemberCommand(ACME, ADA, BOB, DESIGN, null)).accepted()).isTrue();
    }

    private Decision consume(MemberId member, long credits) {
        return consumption.consume(new ConsumeCreditsCommand(ACME, member, credits, null));
    }

    private TeamMetrics metrics() {
        return queries.metrics(ACME).orElseThrow();
    }

    private int ledgerSize() {
        return store.ledger(ACME).size();
    }

    @Test
    void theKernelKeepsAGroupWithinItsCapWhateverTheRulesAccept() {
        givenAliceAndBobInDesignCappedAt(500);
        assertThat(consume(ALICE, 300).accepted()).isTrue();

        Decision over = consume(BOB, 250);

        assertThat(over.denial()).isEqualTo(DenialCode.GROUP_CAP);
        assertThat(over.rules()).containsExactly(KernelStubs.AcceptEverything.RULE, KernelRules.GROUP_CAP_HOLDS);
        assertThat(over.reason()).isEqualTo("bob is in group design, which has used 300 of its monthly cap of 500 "
                + "this month: 200 left, 250 asked for");
        assertThat(over.field()).as("not a field of the consumption").isNull();
        assertThat(consume(BOB, 200).accepted()).as("exactly the cap").isTrue();
        assertThat(consume(ALICE, 1).denial()).isEqualTo(DenialCode.GROUP_CAP);
        assertThat(metrics().group(DESIGN).usageThisMonth()).isEqualTo(500);
        assertThat(metrics().balance()).isEqualTo(1_500);
        assertThat(queries.audit(ACME)).isEmpty();
    }

    @Test
    void heldCreditsCountAgainstTheGroupsCap() {
        givenAliceAndBobInDesignCappedAt(500);
        assertThat(reservations.reserve(new ReserveCreditsCommand(ACME, ALICE, 450, null, RequestId.of("r1")))
                .accepted()).isTrue();

        assertThat(consume(BOB, 51).denial()).isEqualTo(DenialCode.GROUP_CAP);
        assertThat(reservations.reserve(new ReserveCreditsCommand(ACME, BOB, 51, null, RequestId.of("r2"))).denial())
                .isEqualTo(DenialCode.GROUP_CAP);
        assertThat(consume(BOB, 50).accepted()).isTrue();
        assertThat(queries.audit(ACME)).isEmpty();
    }

    @Test
    void aCapLoweredBelowWhatTheGroupUsedRefusesEveryFurtherCredit() {
        givenAliceAndBobInDesignCappedAt(500);
        assertThat(consume(ALICE, 300).accepted()).isTrue();
        assertThat(groups.changeGroup(ChangeGroupCommand.cap(ACME, OLIVIA, DESIGN, GroupCap.of(200), null))
                .accepted()).isTrue();

        assertThat(consume(BOB, 1).denial()).isEqualTo(DenialCode.GROUP_CAP);
        assertThat(metrics().member(BOB).spendable()).isEqualTo(new Spendable(0, Spendable.Bound.GROUP_CAP));
        assertThat(metrics().member(OLIVIA).spendable()).isEqualTo(new Spendable(1_700, Spendable.Bound.POOL));
        assertThat(queries.audit(ACME)).isEmpty();
    }

    @Test
    void anOrdinaryMemberMayNotManageGroupsNorMoveAnyoneAndNothingChanges() {
        givenAliceAndBobInDesignCappedAt(500);
        int before = ledgerSize();

        Decision[] refused = {
            groups.createGroup(new CreateGroupCommand(ACME, ALICE, GroupId.of("mine"), null, null, null)),
            groups.changeGroup(ChangeGroupCommand.cap(ACME, ALICE, DESIGN, GroupCap.UNLIMITED, null)),
            groups.changeGroup(ChangeGroupCommand.rename(ACME, ALICE, DESIGN, "Mine", null)),
            groups.deleteGroup(new DeleteGroupCommand(ACME, ALICE, DESIGN, null)),
            groups.moveMember(new MoveMemberCommand(ACME, ALICE, ALICE, null, null)),
        };

        for (Decision d : refused) {
            assertThat(d.denial()).isEqualTo(DenialCode.NOT_ALLOWED);
            assertThat(d.field()).isEqualTo("by");
            assertThat(d.rules()).containsExactly(KernelRules.MANAGERS_MANAGE_GROUPS);
        }
        assertThat(refused[4].reason()).isEqualTo("by: alice is a member and may not move members between groups");
        assertThat(ledgerSize()).isEqualTo(before);
        assertThat(metrics().groups()).singleElement().isEqualTo(new TeamMetrics.GroupUsage(DESIGN, "Design",
                GroupCap.of(500), 0, 2));
        assertThat(metrics().member(ALICE).group()).isEqualTo(DESIGN);
    }

    @Test
    void anUnknownGroupOrMemberAndAGroupMadeTwiceAreRefusedNamingTheFieldAndChangeNothing() {
        givenAliceAndBobInDesignCappedAt(500);
        int before = ledgerSize();

        Decision unknownGroup = groups.moveMember(new MoveMemberCommand(ACME, OLIVIA, ALICE, GroupId.of("ops"), null));
        Decision unknownToRename = groups.changeGroup(ChangeGroupCommand.rename(ACME, OLIVIA, GroupId.of("ops"), "O",
                null));
        Decision unknownToDelete = groups.deleteGroup(new DeleteGroupCommand(ACME, OLIVIA, GroupId.of("ops"), null));
        Decision unknownMember = groups.moveMember(new MoveMemberCommand(ACME, OLIVIA, MemberId.of("zed"), DESIGN,
                null));
        Decision twice = groups.createGroup(new CreateGroupCommand(ACME, OLIVIA, DESIGN, null, null, null));

        assertThat(unknownGroup.denial()).isEqualTo(DenialCode.INVALID_INPUT);
        assertThat(unknownGroup.field()).isEqualTo("group");
        assertThat(unknownGroup.reason()).isEqualTo("group: no group 'ops' in team acme; its groups are: design");
        assertThat(unknownToRename.field()).isEqualTo("group");
        assertThat(unknownToDelete.field()).isEqualTo("group");
        assertThat(unknownMember.denial()).isEqualTo(DenialCode.UNKNOWN_MEMBER);
        assertThat(unknownMember.field()).isEqualTo("member");
        assertThat(twice.denial()).isEqualTo(DenialCode.INVALID_INPUT);
        assertThat(twice.field()).isEqualTo("group");
        assertThat(ledgerSize()).isEqualTo(before);
        assertThat(metrics().member(ALICE).group()).isEqualTo(DESIGN);
    }

    @Test
    void badGroupInputIsRefusedWhenTheCommandIsMadeNamingTheField() {
        assertThatThrownBy(() -> new ChangeGroupCommand(ACME, OLIVIA, DESIGN, null, null, null))
                .hasMessageStartingWith("name: ");
        assertThatThrownBy(() -> new CreateGroupCommand(ACME, OLIVIA, DESIGN, "\t", null, null))
                .hasMessageStartingWith("name: ");
        assertThatThrownBy(() -> new CreateGroupCommand(ACME, OLIVIA, DESIGN, null, GroupCap.of(-1), null))
                .hasMessageStartingWith("cap: ");
        assertThatThrownBy(() -> GroupId.of("two words")).hasMessageStartingWith("group: ");
        assertThatThrownBy(() -> GroupId.of("none")).hasMessageStartingWith("group: 'none' is not a group's id");
        assertThatThrownBy(() -> new MoveMemberCommand(ACME, OLIVIA, null, DESIGN, null))
                .hasMessageStartingWith("member: ");
    }

    @Test
    void movingAMemberMidMonthLeavesWhatSheSpentWithHerOldGroup() {
        givenAliceAndBobInDesignCappedAt(500);
        GroupId research = GroupId.of("research");
        groups.createGroup(new CreateGroupCommand(ACME, OLIVIA, research, "Research", GroupCap.of(100), null));
        assertThat(consume(ALICE, 400).accepted()).isTrue();

        assertThat(groups.moveMember(new MoveMemberCommand(ACME, OLIVIA, ALICE, research, null)).rules())
                .contains(KernelRules.USAGE_STAYS_WITH_GROUP);

        assertThat(metrics().group(DESIGN).usageThisMonth()).isEqualTo(400);
        assertThat(metrics().group(research).usageThisMonth()).isZero();
        assertThat(consume(BOB, 101).denial()).as("design still counts alice's 400").isEqualTo(DenialCode.GROUP_CAP);
        assertThat(consume(ALICE, 100).accepted()).as("research's cap applies to her now").isTrue();
        assertThat(consume(ALICE, 1).denial()).isEqualTo(DenialCode.GROUP_CAP);
        assertThat(queries.audit(ACME)).isEmpty();
    }

    @Test
    void aGroupDeletedAndMadeAgainTheSameMonthGoesOnFromWhatItUsed() {
        givenAliceAndBobInDesignCappedAt(500);
        assertThat(consume(ALICE, 450).accepted()).isTrue();

        assertThat(groups.deleteGroup(new DeleteGroupCommand(ACME, OLIVIA, DESIGN, null)).accepted()).isTrue();
        assertThat(metrics().groups()).isEmpty();
        assertThat(metrics().member(ALICE).group()).isNull();
        assertThat(consume(ALICE, 100).accepted()).as("in no group now").isTrue();

        groups.createGroup(new CreateGroupCommand(ACME, OLIVIA, DESIGN, null, GroupCap.of(500), null));
        groups.moveMember(new MoveMemberCommand(ACME, OLIVIA, BOB, DESIGN, null));
        assertThat(metrics().group(DESIGN).usageThisMonth()).isEqualTo(450);
        assertThat(consume(BOB, 51).denial()).isEqualTo(DenialCode.GROUP_CAP);
        assertThat(queries.audit(ACME)).isEmpty();
    }

    @Test
    void aMemberLowersHerOwnLimitAndBothLimitsAreKeptAndShown() {
        members.setLimit(new SetMemberLimitCommand(ACME, ADA, ALICE, MemberLimit.of(300), null));

        Decision lowered = members.setOwnLimit(new SetOwnLimitCommand(ACME, ALICE, MemberLimit.of(150), null));

        assertThat(lowered.accepted()).isTrue();
        assertThat(lowered.rules()).containsExactly(KernelRules.OWN_LIMIT_ONLY_LOWERS);
        TeamMetrics.MemberUsage alice = metrics().member(ALICE);
        assertThat(alice.limit()).isEqualTo(MemberLimit.of(300));
        assertThat(alice.ownLimit()).isEqualTo(MemberLimit.of(150));
        assertThat(alice.effectiveLimit()).isEqualTo(MemberLimit.of(150));
        assertThat(alice.spendable()).isEqualTo(new Spendable(150, Spendable.Bound.OWN_LIMIT));
        assertThat(consume(ALICE, 150).accepted()).isTrue();
        Decision over = consume(ALICE, 1);
        assertThat(over.denial()).isEqualTo(DenialCode.MEMBER_LIMIT);
        assertThat(over.rules()).endsWith(KernelRules.LIMIT_HOLDS);
        assertThat(over.reason()).isEqualTo("alice has used 150 of the monthly limit of 150 they set themselves; 1 "
                + "more would go over it");
        // the admin's limit changes; hers stays as she set it
        members.setLimit(new SetMemberLimitCommand(ACME, ADA, ALICE, MemberLimit.of(100), null));
        assertThat(metrics().member(ALICE).ownLimit()).isEqualTo(MemberLimit.of(150));
        assertThat(metrics().member(ALICE).spendable().bound()).isEqualTo(Spendable.Bound.MEMBER_LIMIT);
        assertThat(queries.audit(ACME)).isEmpty();
    }

    @Test
    void aMemberRaisingHerOwnLimitAboveTheAdminsIsRefusedNamingTheLimitAndNothingChanges() {
        members.setLimit(new SetMemberLimitCommand(ACME, ADA, ALICE, MemberLimit.of(300), null));
        members.setOwnLimit(new SetOwnLimitCommand(ACME, ALICE, MemberLimit.of(150), null));
        int before = ledgerSize();

        Decision raised = members.setOwnLimit(new SetOwnLimitCommand(ACME, ALICE, MemberLimit.of(301),
                RequestId.of("raise")));

        assertThat(raised.denial()).isEqualTo(DenialCode.NOT_ALLOWED);
        assertThat(raised.field()).isEqualTo("limit");
        assertThat(raised.reason()).contains("may lower their own limit, not raise it").contains("300");
        assertThat(ledgerSize()).isEqualTo(before);
        assertThat(metrics().member(ALICE).ownLimit()).isEqualTo(MemberLimit.of(150));
        // up to the admin's, or back to none of her own, she may
        assertThat(members.setOwnLimit(new SetOwnLimitCommand(ACME, ALICE, MemberLimit.of(300), null)).accepted())
                .isTrue();
        assertThat(members.setOwnLimit(new SetOwnLimitCommand(ACME, ALICE, MemberLimit.UNLIMITED, null)).accepted())
                .isTrue();
        assertThat(metrics().member(ALICE).effectiveLimit()).isEqualTo(MemberLimit.of(300));
        assertThat(members.setOwnLimit(new SetOwnLimitCommand(ACME, MemberId.of("zed"), MemberLimit.of(1), null))
                .denial()).isEqualTo(DenialCode.UNKNOWN_MEMBER);
    }

    @Test
    void aReplayedGroupCommandAnswersItsFirstDecisionAndChangesNothing() {
        CreateGroupCommand create = new CreateGroupCommand(ACME, OLIVIA, DESIGN, "Design", GroupCap.of(500),
                RequestId.of("g-1"));
        Decision first = groups.createGroup(create);
        int after = ledgerSize();

        assertThat(groups.createGroup(create)).isEqualTo(first);
        assertThat(ledgerSize()).isEqualTo(after);
        assertThat(groups.deleteGroup(new DeleteGroupCommand(ACME, OLIVIA, DESIGN, RequestId.of("g-1"))).denial())
                .isEqualTo(DenialCode.REQUEST_CONFLICT);
    }

    @Test
    void theSummaryShowsWhatEachMemberCanSpendAndWhichFigureBinds() {
        givenAliceAndBobInDesignCappedAt(1_000);
        members.setLimit(new SetMemberLimitCommand(ACME, ADA, ALICE, MemberLimit.of(300), null));
        consume(ALICE, 120);
        consume(BOB, 800);

        TeamMetrics m = metrics();
        assertThat(m.member(ALICE).spendable()).isEqualTo(new Spendable(80, Spendable.Bound.GROUP_CAP));
        assertThat(m.member(BOB).spendable()).isEqualTo(new Spendable(80, Spendable.Bound.GROUP_CAP));
        assertThat(m.member(ADA).spendable()).isEqualTo(new Spendable(1_080, Spendable.Bound.POOL));
        assertThat(m.group(DESIGN).left()).hasValue(80);
        assertThat(m.managers()).extracting(TeamMetrics.MemberUsage::member).containsExactly(OLIVIA, ADA);
    }
}
