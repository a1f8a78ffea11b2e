package io.creditpool.adapters;

import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.GroupCap;
import io.creditpool.kernel.domain.GroupId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.port.in.CreateGroupCommand;
import io.creditpool.kernel.port.in.MoveMemberCommand;
import io.creditpool.kernel.port.in.SetOwnLimitCommand;
import io.creditpool.kernel.service.KernelRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static io.creditpool.adapters.Given.ACME;
import static io.creditpool.adapters.Given.ALICE;
import static io.creditpool.adapters.Given.OLIVIA;
import static io.creditpool.adapters.Given.STD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group caps and members' own limits in both layers: the shipped rules deny {@code group-cap} and name their rules;
 * a rule set without those rules (one exported before groups existed) still cannot take a group past its cap or a
 * member past the limit they set themselves, because the kernel checks both.
 */
class GroupCapGuaranteeTest {
    private static final GroupId DESIGN = GroupId.of("design");

    @TempDir
    Path rules;

    private static Given inDesignCappedAt(Given given, long cap) {
        assertThat(given.pool.createGroup(new CreateGroupCommand(ACME, OLIVIA, DESIGN, "Design", GroupCap.of(cap),
                null)).accepted()).isTrue();
        assertThat(given.pool.moveMember(new MoveMemberCommand(ACME, OLIVIA, ALICE, DESIGN, null)).accepted())
                .isTrue();
        return given;
    }

    @Test
    void theShippedRulesDenyAConsumptionPastTheGroupsCapNamingTheirRules() {
        Given given = inDesignCappedAt(Given.creditpool().team(STD, 3), 200);
        assertThat(given.consume(ALICE, 150, null).accepted()).isTrue();

        Decision over = given.consume(ALICE, 51, null);

        assertThat(over.denial()).isEqualTo(DenialCode.GROUP_CAP);
        assertThat(over.rules()).containsExactly(
                "A consumption that takes the member's group past its monthly cap is over the cap",
                "A group may not spend past its monthly cap");
        assertThat(over.reason()).isEqualTo("alice is in group design, which has used 150 of its monthly cap of 200 "
                + "this month: 50 left, 51 asked for");
        assertThat(given.metrics().group(DESIGN).usageThisMonth()).isEqualTo(150);
        given.assertGuaranteesHold();
    }

    @Test
    void rulesWithoutGroupCapsStillCannotTakeAGroupPastItsCap() throws IOException {
        Given given = inDesignCappedAt(Given.withRules(rules, Map.of("group-caps.drl",
                "package io.creditpool.rules;\n")).team(STD, 3), 200);
        assertThat(given.consume(ALICE, 200, null).accepted()).isTrue();

        Decision over = given.consume(ALICE, 1, null);

        assertThat(over.denial()).isEqualTo(DenialCode.GROUP_CAP);
        assertThat(over.rules()).endsWith(KernelRules.GROUP_CAP_HOLDS);
        assertThat(given.metrics().group(DESIGN).usageThisMonth()).isEqualTo(200);
        assertThat(given.metrics().balance()).isEqualTo(1_300);
        given.assertGuaranteesHold();
    }

    @Test
    void rulesWithoutOwnLimitsStillCannotTakeAMemberPastTheLimitTheySetThemselves() throws IOException {
        String withoutOwnLimits = io.creditpool.rules.RuleSource.shipped().files().get("member-limits.drl")
                .replace("Consumption( ownLimited, usageAfter > ownLimit )", "Consumption( false )");
        Given given = Given.withRules(rules, Map.of("member-limits.drl", withoutOwnLimits)).team(STD, 3)
                .limit(ALICE, 300);
        assertThat(given.pool.setOwnLimit(new SetOwnLimitCommand(ACME, ALICE, MemberLimit.of(100), null))
                .accepted()).isTrue();
        assertThat(given.consume(ALICE, 100, null).accepted()).isTrue();

        Decision over = given.consume(ALICE, 1, null);

        assertThat(over.denial()).isEqualTo(DenialCode.MEMBER_LIMIT);
        assertThat(over.rules()).endsWith(KernelRules.LIMIT_HOLDS);
        given.assertGuaranteesHold();
    }
}
