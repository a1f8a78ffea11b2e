package io.creditpool.adapters.jdbc;

import io.creditpool.Creditpool;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.domain.GroupCap;
import io.creditpool.kernel.domain.GroupId;
import io.creditpool.kernel.port.in.ChangeGroupCommand;
import io.creditpool.kernel.port.in.CreateGroupCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.MoveMemberCommand;
import io.creditpool.kernel.port.in.SetOwnLimitCommand;
import io.creditpool.kernel.port.in.InviteMemberCommand;
import io.creditpool.kernel.port.in.SetMemberLimitCommand;
import io.creditpool.kernel.port.out.CreditStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a command writes follows what it changed, not the team's size: on PostgreSQL each row remembers the transaction
 * that last wrote it ({@code xmin}), so after one command on a team of 300 members the rows written with the team's
 * row are exactly the parts the command changed.
 */
class WritesFollowTheChangeTest {
    private static final TeamId BIG = TeamId.of("big");
    private static final MemberId OWNER = MemberId.of("owner");
    private StoreSettings store;
    private Creditpool pool;

    @BeforeEach
    void givenATeamOf300Members() {
        store = TestDatabases.postgres();
        pool = Creditpool.builder().store(store).build();
        pool.createTeam(new CreateTeamCommand(BIG, "team", 310, OWNER, 1, null));
        for (int i = 0; i < 300; i++) {
            pool.invite(new InviteMemberCommand(BIG, OWNER, MemberId.of("m" + i), Role.MEMBER, null));
        }
        assertThat(pool.consume("big", "m1", 1, "warm-up").accepted()).isTrue();
    }

    @AfterEach
    void discard() {
        ((JdbcCreditStore) pool.component(CreditStore.class)).closeAndDiscard();
    }

    @Test
    void aConsumptionWritesTheMembersUsageAndTheGrantItDrewFrom() throws Exception {
        assertThat(pool.consume("big", "m7", 5, "gen-1").accepted()).isTrue();
        assertThat(partsWrittenByTheTeamsLastWrite()).containsExactlyInAnyOrder("grant", "usage:m7");
        assertThat(ledgerRowsWrittenByTheTeamsLastWrite()).isEqualTo(1);
        assertThat(pool.audit(BIG)).isEmpty();
    }

    @Test
    void anInviteWritesItsMemberAndALimitTheMemberItLimits() throws Exception {
        assertThat(pool.invite(new InviteMemberCommand(BIG, OWNER, MemberId.of("new"), Role.MEMBER,
                RequestId.of("i-new"))).accepted()).isTrue();
        assertThat(partsWrittenByTheTeamsLastWrite()).containsExactly("member:new");
        assertThat(pool.setLimit(new SetMemberLimitCommand(BIG, OWNER, MemberId.of("m3"), MemberLimit.of(10), null))
                .accepted()).isTrue();
        assertThat(partsWrittenByTheTeamsLastWrite()).containsExactly("member:m3");
    }

    @Test
    void inAGroupAConsumptionWritesTheGroupsUsageTooAndGroupChangesWriteTheGroupOrTheMemberMoved() throws Exception {
        TeamId big = BIG;
        MemberId m7 = MemberId.of("m7");
        GroupId design = GroupId.of("design");
        assertThat(pool.createGroup(new CreateGroupCommand(big, OWNER, design, "Design", GroupCap.of(1_000), null))
                .accepted()).isTrue();
        assertThat(partsWrittenByTheTeamsLastWrite()).containsExactly("group:design");
        assertThat(pool.moveMember(new MoveMemberCommand(big, OWNER, m7, design, null)).accepted()).isTrue();
        assertThat(partsWrittenByTheTeamsLastWrite()).containsExactly("member:m7");

        assertThat(pool.consume("big", "m7", 5, "gen-g").accepted()).isTrue();
        assertThat(partsWrittenByTheTeamsLastWrite()).containsExactlyInAnyOrder("grant", "usage:m7",
                "group-usage:design");
        assertThat(pool.changeGroup(ChangeGroupCommand.cap(big, OWNER, design, GroupCap.of(900), null)).accepted())
                .isTrue();
        assertThat(partsWrittenByTheTeamsLastWrite()).containsExactly("group:design");
        assertThat(pool.setOwnLimit(new SetOwnLimitCommand(big, MemberId.of("m9"), MemberLimit.of(10), null))
                .accepted()).isTrue();
        assertThat(partsWrittenByTheTeamsLastWrite()).containsExactly("member:m9");
        assertThat(pool.audit(BIG)).isEmpty();
    }

    /** The parts whose row was written in the same transaction as the team's row was last. */
    private List<String> partsWrittenByTheTeamsLastWrite() throws Exception {
        List<String> parts = new ArrayList<>();
        try (Connection c = TestDatabases.connect(store); PreparedStatement s = c.prepareStatement(
                "SELECT p.kind, p.part_key FROM creditpool_team_part p JOIN creditpool_team t "
                        + "ON t.team_id = p.team_id AND t.xmin = p.xmin WHERE t.team_id = ?")) {
            s.setString(1, BIG.value());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    parts.add(r.getString(1).equals("grant") ? "grant" : r.getString(1) + ":" + r.getString(2));
                }
            }
        }
        return parts;
    }

    private long ledgerRowsWrittenByTheTeamsLastWrite() throws Exception {
        try (Connection c = TestDatabases.connect(store); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM creditpool_ledger l JOIN creditpool_team t "
                        + "ON t.team_id = l.team_id AND t.xmin = l.xmin WHERE t.team_id = ?")) {
            s.setString(1, BIG.value());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
