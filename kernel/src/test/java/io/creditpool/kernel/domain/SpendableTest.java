package io.creditpool.kernel.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a member can spend is the least of the pool, their limit left and their group's cap left; it says which. */
class SpendableTest {
    private static final long NO_GROUP = Long.MAX_VALUE;

    @Test
    void thePoolBindsAMemberWithoutLimitsOrGroup() {
        assertThat(Spendable.of(1_500, 0, MemberLimit.UNLIMITED, MemberLimit.UNLIMITED, NO_GROUP))
                .isEqualTo(new Spendable(1_500, Spendable.Bound.POOL));
    }

    @Test
    void theMonthlyLimitBindsWhenLessIsLeftOfItThanThePoolHolds() {
        assertThat(Spendable.of(1_500, 120, MemberLimit.of(300), MemberLimit.UNLIMITED, NO_GROUP))
                .isEqualTo(new Spendable(180, Spendable.Bound.MEMBER_LIMIT));
    }

    @Test
    void aLowerLimitTheMemberSetThemselvesBindsAndAnEqualOneLeavesTheAdminsLimitBinding() {
        assertThat(Spendable.of(1_500, 100, MemberLimit.of(300), MemberLimit.of(150), NO_GROUP))
                .isEqualTo(new Spendable(50, Spendable.Bound.OWN_LIMIT));
        assertThat(Spendable.of(1_500, 100, MemberLimit.of(300), MemberLimit.of(300), NO_GROUP))
                .isEqualTo(new Spendable(200, Spendable.Bound.MEMBER_LIMIT));
        assertThat(Spendable.of(1_500, 100, MemberLimit.UNLIMITED, MemberLimit.of(300), NO_GROUP))
                .isEqualTo(new Spendable(200, Spendable.Bound.OWN_LIMIT));
    }

    @Test
    void theGroupsCapBindsWhenLessIsLeftOfItAndThePoolWhenItHoldsLeast() {
        assertThat(Spendable.of(1_500, 100, MemberLimit.of(300), MemberLimit.UNLIMITED, 90))
                .isEqualTo(new Spendable(90, Spendable.Bound.GROUP_CAP));
        assertThat(Spendable.of(40, 100, MemberLimit.of(300), MemberLimit.UNLIMITED, 90))
                .isEqualTo(new Spendable(40, Spendable.Bound.POOL));
    }

    @Test
    void aTieGoesToTheLimitThenTheGroupThenThePool() {
        assertThat(Spendable.of(200, 100, MemberLimit.of(300), MemberLimit.UNLIMITED, 200).bound())
                .isEqualTo(Spendable.Bound.MEMBER_LIMIT);
        assertThat(Spendable.of(200, 0, MemberLimit.UNLIMITED, MemberLimit.UNLIMITED, 200).bound())
                .isEqualTo(Spendable.Bound.GROUP_CAP);
    }

    @Test
    void aMemberPastALimitLoweredBelowTheirUsageCanSpendNothing() {
        assertThat(Spendable.of(1_500, 400, MemberLimit.of(300), MemberLimit.UNLIMITED, NO_GROUP))
                .isEqualTo(new Spendable(0, Spendable.Bound.MEMBER_LIMIT));
        assertThat(Spendable.Bound.GROUP_CAP.word()).isEqualTo("group-cap");
    }

    @Test
    void theLowerOfTheAdminsLimitAndTheMembersOwnApplies() {
        MemberId alice = MemberId.of("alice");
        assertThat(new Member(alice, Role.MEMBER, MemberLimit.of(300), MemberLimit.of(150), null).effectiveLimit())
                .isEqualTo(MemberLimit.of(150));
        assertThat(new Member(alice, Role.MEMBER, MemberLimit.of(100), MemberLimit.of(150), null).effectiveLimit())
                .isEqualTo(MemberLimit.of(100));
        assertThat(new Member(alice, Role.MEMBER, MemberLimit.UNLIMITED, MemberLimit.of(150), null).effectiveLimit())
                .isEqualTo(MemberLimit.of(150));
        assertThat(new Member(alice, Role.MEMBER, MemberLimit.of(100), null, null).ownLimit())
                .as("a member stored before own limits has none").isEqualTo(MemberLimit.UNLIMITED);
    }
}
