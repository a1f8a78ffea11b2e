package io.creditpool.rules;

import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.GroupCap;
import io.creditpool.kernel.domain.GroupId;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.port.out.ConsumptionFacts;
import io.creditpool.kernel.port.out.GroupFacts;
import io.creditpool.kernel.port.out.PolicyVerdict;
import io.creditpool.kernel.port.out.TeamFacts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped rules on group caps and members' own limits, one situation per test: facts in, decision out, the
 * refusals as carefully as what is accepted.
 */
class GroupCapRulesTest {
    private static final DroolsCreditPolicy POLICY = new DroolsCreditPolicy(RuleBase.of(RuleSource.shipped()));
    static final String OVER_CAP = "A consumption that takes the member's group past its monthly cap is over the cap";
    static final String CAP_DENIES = "A group may not spend past its monthly cap";
    static final String OVER_OWN = "A consumption that takes the member past the limit they set themselves is over "
            + "the limit";
    static final String LIMIT_DENIES = "A member may not spend past their monthly limit";
    static final String ACCEPTS = "A consumption the pool covers, within the member's limit, is accepted";

    /** alice consumes {@code credits} from a pool of {@code balance}, having used 100 this month. */
    private static PolicyVerdict consume(long credits, long balance, MemberLimit limit, MemberLimit ownLimit,
            GroupFacts group) {
        return POLICY.consumption(new ConsumptionFacts(Tier.STANDARD, credits, balance, 100, limit, AutoTopUp.OFF,
                1_500, new TeamFacts(TeamId.of("acme"), "team", 3, 3, MemberId.of("alice"), Role.MEMBER,
                        limit.explicit(), balance, 0), ownLimit, group)).verdict();
    }

    /** Group design with {@code cap}, whose members used {@code used} this month. */
    private static GroupFacts design(GroupCap cap, long used) {
        return new GroupFacts(GroupId.of("design"), "Design", cap, used);
    }

    @Test
    void aConsumptionThatTakesTheGroupPastItsCapIsDeniedGroupCap() {
        PolicyVerdict v = consume(101, 1_000, MemberLimit.UNLIMITED, MemberLimit.UNLIMITED, design(GroupCap.of(500), 400));

        assertThat(v.denial()).isEqualTo(DenialCode.GROUP_CAP);
        assertThat(v.rules()).contains(OVER_CAP, CAP_DENIES).doesNotContain(ACCEPTS);
    }

    @Test
    void exactlyTheCapIsAcceptedAndSoIsAGroupWithoutOne() {
        assertThat(consume(100, 1_000, MemberLimit.UNLIMITED, MemberLimit.UNLIMITED, design(GroupCap.of(500), 400))
                .accepted()).isTrue();
        assertThat(consume(900, 1_000, MemberLimit.UNLIMITED, MemberLimit.UNLIMITED, design(GroupCap.UNLIMITED, 400))
                .accepted()).isTrue();
        assertThat(consume(900, 1_000, MemberLimit.UNLIMITED, MemberLimit.UNLIMITED, null).accepted())
                .as("in no group").isTrue();
    }

    @Test
    void aCapOfZeroDeniesEveryCredit() {
        assertThat(consume(1, 1_000, MemberLimit.UNLIMITED, MemberLimit.UNLIMITED, design(GroupCap.of(0), 0))
                .denial()).isEqualTo(DenialCode.GROUP_CAP);
    }

    @Test
    void overHerOwnLimitAndTheGroupsCapTheMemberHearsOfHerLimitFirst() {
        PolicyVerdict v = consume(200, 1_000, MemberLimit.of(1_000), MemberLimit.of(250), design(GroupCap.of(200), 100));

        assertThat(v.denial()).isEqualTo(DenialCode.MEMBER_LIMIT);
        assertThat(v.rules()).contains(OVER_OWN, LIMIT_DENIES);
    }

    @Test
    void overTheGroupsCapWithThePoolShortTooTheGroupCapIsTold() {
        assertThat(consume(300, 200, MemberLimit.UNLIMITED, MemberLimit.UNLIMITED, design(GroupCap.of(300), 100))
                .denial()).isEqualTo(DenialCode.GROUP_CAP);
    }

    @Test
    void aLimitTheMemberSetThemselvesDeniesPastItAndAllowsUpToIt() {
        assertThat(consume(151, 1_000, MemberLimit.of(300), MemberLimit.of(250), null).denial())
                .isEqualTo(DenialCode.MEMBER_LIMIT);
        assertThat(consume(150, 1_000, MemberLimit.of(300), MemberLimit.of(250), null).accepted()).isTrue();
        assertThat(consume(150, 1_000, MemberLimit.UNLIMITED, MemberLimit.of(250), null).accepted()).isTrue();
        assertThat(consume(151, 1_000, MemberLimit.UNLIMITED, MemberLimit.of(250), null).rules()).contains(OVER_OWN);
    }
}
