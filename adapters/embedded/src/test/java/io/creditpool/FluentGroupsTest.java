package io.creditpool;

import io.creditpool.adapters.Given;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.GroupCap;
import io.creditpool.kernel.domain.GroupId;
import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.Spendable;
import io.creditpool.kernel.port.in.TeamMetrics;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Groups and own limits through the fluent API: the calls reach the kernel's decisions (refusals included), a bad
 * field is named as the call wrote it and changes nothing, and the handle reads groups and what a member can spend.
 */
class FluentGroupsTest {
    private Given given;
    private TeamHandle acme;

    @BeforeEach
    void givenATeamWithAnAdminAndTwoMembers() {
        given = Given.creditpool();
        given.pool.teams().create(NewTeam.named("acme").plan("std").seats(4).owner("olivia"));
        acme = given.pool.team("acme");
        acme.as("olivia").invite("ada", Role.ADMIN);
        acme.as("olivia").invite("alice", Role.MEMBER);
        acme.as("olivia").invite("bob", Role.MEMBER);
    }

    @Test
    void anAdminMakesCapsRenamesAndDeletesGroupsAndMovesMembers() {
        ActingMember ada = acme.as("ada");
        assertThat(ada.createGroup("design", "Design", 1_000).accepted()).isTrue();
        assertThat(ada.createGroup("research").accepted()).isTrue();
        assertThat(ada.moveToGroup("alice", "design").accepted()).isTrue();
        assertThat(ada.renameGroup("design", "Product design").accepted()).isTrue();
        assertThat(ada.setGroupCap("research", 300).accepted()).isTrue();
        assertThat(acme.as("alice").consume(200).accepted()).isTrue();

        assertThat(acme.groups()).containsExactly(
                new TeamMetrics.GroupUsage(GroupId.of("design"), "Product design", GroupCap.of(1_000), 200, 1),
                new TeamMetrics.GroupUsage(GroupId.of("research"), "research", GroupCap.of(300), 0, 0));
        assertThat(acme.spendable("alice")).hasValue(new Spendable(800, Spendable.Bound.GROUP_CAP));
        assertThat(ada.setGroupCap("design", GroupCap.UNLIMITED).accepted()).isTrue();
        assertThat(acme.spendable("alice")).hasValue(new Spendable(1_800, Spendable.Bound.POOL));
        assertThat(ada.moveToGroup("alice", null).accepted()).isTrue();
        assertThat(ada.deleteGroup("design").accepted()).isTrue();
        assertThat(acme.groups()).extracting(TeamMetrics.GroupUsage::group).containsExactly(GroupId.of("research"));
        assertThat(acme.audit()).isEmpty();
    }

    @Test
    void aMemberMayNotManageGroupsButMayLowerHerOwnLimit() {
        acme.as("olivia").setLimit("alice", 300);
        ActingMember alice = acme.as("alice");

        Decision refused = alice.createGroup("mine");
        assertThat(refused.denial()).isEqualTo(DenialCode.NOT_ALLOWED);
        assertThat(refused.reasonForPeople()).isEqualTo("alice is a member and may not manage groups");
        assertThat(acme.groups()).isEmpty();

        assertThat(alice.setOwnLimit(120).accepted()).isTrue();
        Decision raised = alice.requestId("own-2").setOwnLimit(400);
        assertThat(raised.denial()).isEqualTo(DenialCode.NOT_ALLOWED);
        assertThat(raised.field()).isEqualTo("limit");
        TeamMetrics.MemberUsage row = acme.summary().orElseThrow().member(io.creditpool.kernel.domain.MemberId.of("alice"));
        assertThat(row.limit()).isEqualTo(MemberLimit.of(300));
        assertThat(row.ownLimit()).isEqualTo(MemberLimit.of(120));
        assertThat(acme.spendable("alice")).hasValue(new Spendable(120, Spendable.Bound.OWN_LIMIT));
        assertThat(alice.setOwnLimit(MemberLimit.UNLIMITED).accepted()).isTrue();
        assertThat(acme.spendable("alice")).hasValue(new Spendable(300, Spendable.Bound.MEMBER_LIMIT));
    }

    @Test
    void aWrongFieldIsNamedAsTheCallWroteItAndNothingChanges() {
        ActingMember olivia = acme.as("olivia");
        assertField("group", () -> olivia.createGroup("two words"));
        assertField("group", () -> olivia.createGroup(null));
        assertField("cap", () -> olivia.createGroup("design", "Design", -5));
        assertField("name", () -> olivia.createGroup("design", " ", 5));
        assertField("name", () -> olivia.renameGroup("design", null));
        assertField("cap", () -> olivia.setGroupCap("design", null));
        assertField("member", () -> olivia.moveToGroup("no one", "design"));
        assertField("group", () -> olivia.moveToGroup("alice", "no group"));
        assertField("limit", () -> acme.as("alice").setOwnLimit(-1));
        assertField("by", () -> acme.as("").createGroup("design"));
        assertThat(acme.groups()).isEmpty();
        assertThat(acme.ledger()).noneMatch(e -> e.toString().contains("group"));
    }

    @Test
    void anUnknownGroupIsDeniedNamingTheGroup() {
        Decision d = acme.as("olivia").moveToGroup("alice", "ops");
        assertThat(d.denial()).isEqualTo(DenialCode.INVALID_INPUT);
        assertThat(d.field()).isEqualTo("group");
        assertThat(acme.spendable("nobody")).isEmpty();
    }

    private static void assertField(String field, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).as(e.getMessage()).isEqualTo(field));
    }
}
