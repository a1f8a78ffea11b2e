package io.creditpool.kernel.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Unlimited by default and unlimited by choice are both unlimited, and the rules can tell them apart. */
class MemberLimitTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final MemberId OLIVIA = MemberId.of("olivia");
    private static final MemberId ALICE = MemberId.of("alice");

    private static Team teamWithAlice() {
        Team team = Team.create(TeamId.of("acme"), "team", 3, OLIVIA, 1, NOW,
                new Team.Creation("create acme", Decision.accept(List.of(), 0)));
        team.addMember(OLIVIA, ALICE, Role.MEMBER, NOW);
        return team;
    }

    @Test
    void aNewMemberIsUnlimitedByDefault() {
        MemberLimit limit = teamWithAlice().member(ALICE).orElseThrow().limit();
        assertThat(limit.unlimited()).isTrue();
        assertThat(limit.explicit()).isFalse();
    }

    @Test
    void aLimitSetToUnlimitedIsUnlimitedByChoice() {
        Team team = teamWithAlice();
        team.setLimit(OLIVIA, ALICE, MemberLimit.UNLIMITED, NOW);
        MemberLimit limit = team.member(ALICE).orElseThrow().limit();
        assertThat(limit.unlimited()).isTrue();
        assertThat(limit.explicit()).isTrue();
        assertThat(limit.credits()).isEqualTo(MemberLimit.UNLIMITED_BY_CHOICE.credits());
        // the same limit as the default one (what the HTTP API shows); only explicit() tells them apart
        assertThat(limit).isEqualTo(MemberLimit.UNLIMITED).hasToString("unlimited");
        assertThat(MemberLimit.UNLIMITED.explicit()).isFalse();
    }

    @Test
    void aNumberIsExplicitAndLimited() {
        Team team = teamWithAlice();
        team.setLimit(OLIVIA, ALICE, MemberLimit.of(300), NOW);
        MemberLimit limit = team.member(ALICE).orElseThrow().limit();
        assertThat(limit.unlimited()).isFalse();
        assertThat(limit.explicit()).isTrue();
        assertThat(limit.credits()).isEqualTo(300);
    }

    @Test
    void otherNegativeNumbersAreStillRefused() {
        assertThatThrownBy(() -> new MemberLimit(-3)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("limit");
    }
}
