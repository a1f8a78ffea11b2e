package io.creditpool.adapters.jdbc;

import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.GroupCap;
import io.creditpool.kernel.domain.GroupId;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.port.in.CreateGroupCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.InviteMemberCommand;
import io.creditpool.kernel.port.in.MoveMemberCommand;
import io.creditpool.kernel.port.in.SetMemberLimitCommand;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The team the group tests race on: acme, on an enterprise plan of 1,000 credits a seat, owned by olivia, with a
 * group design whose members are m0, m1, ...
 */
final class DesignGroup {
    static final TeamId ACME = TeamId.of("acme");
    static final MemberId OLIVIA = MemberId.of("olivia");
    static final GroupId DESIGN = GroupId.of("design");
    static final Plan ENT = new Plan("ent", Tier.ENTERPRISE, 1_000, 1, "USD");

    private DesignGroup() {
    }

    /** An instance on {@code store}, on the test's clock and processor. */
    static Creditpool instance(StoreSettings store, ManualClock clock, SandboxPaymentGateway processor) {
        return Creditpool.builder().store(store).clock(clock).payments(processor).plans(List.of(ENT)).build();
    }

    /** Caller {@code i}'s member among {@code members}: m0 to m(members - 1), in turn. */
    static MemberId member(int i, int members) {
        return MemberId.of("m" + (i % members));
    }

    /**
     * Makes acme with {@code seats} seats and design capped at {@code cap}, and moves {@code members} members into it,
     * each limited to {@code limit} (null: no limit of their own).
     */
    static void given(Creditpool pool, int seats, int members, long cap, MemberLimit limit) {
        assertThat(pool.createTeam(new CreateTeamCommand(ACME, ENT.name(), seats, OLIVIA, 1, null)).accepted())
                .isTrue();
        assertThat(pool.createGroup(new CreateGroupCommand(ACME, OLIVIA, DESIGN, "Design", GroupCap.of(cap), null))
                .accepted()).isTrue();
        for (int i = 0; i < members; i++) {
            MemberId m = member(i, members);
            assertThat(pool.invite(new InviteMemberCommand(ACME, OLIVIA, m, Role.MEMBER, null)).accepted()).isTrue();
            if (limit != null) {
                assertThat(pool.setLimit(new SetMemberLimitCommand(ACME, OLIVIA, m, limit, null)).accepted()).isTrue();
            }
            assertThat(pool.moveMember(new MoveMemberCommand(ACME, OLIVIA, m, DESIGN, null)).accepted()).isTrue();
        }
    }
}
