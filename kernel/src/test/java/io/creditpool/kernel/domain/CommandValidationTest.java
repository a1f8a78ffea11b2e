package io.creditpool.kernel.domain;

import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpCommand;
import io.creditpool.kernel.port.in.ConsumeCreditsCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.InviteMemberCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Commands validate themselves: bad input names the field and never reaches a use case. */
class CommandValidationTest {
    private static final TeamId ACME = TeamId.of("acme");
    private static final MemberId ALICE = MemberId.of("alice");

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE, Credits.MAX + 1, Long.MAX_VALUE})
    void aConsumptionOfNoneNegativeOrTooManyCreditsIsRefusedNamingAmount(long amount) {
        assertThatThrownBy(() -> new ConsumeCreditsCommand(ACME, ALICE, amount, null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("amount"));
    }

    @Test
    void theLargestAmountIsAccepted() {
        assertThat(new ConsumeCreditsCommand(ACME, ALICE, Credits.MAX, null).credits()).isEqualTo(Credits.MAX);
        assertThat(new BuyTopUpCommand(ACME, ALICE, 1, RequestId.of("r-1")).credits()).isEqualTo(1);
    }

    @Test
    void aTopUpOfZeroIsRefused() {
        assertThatThrownBy(() -> new BuyTopUpCommand(ACME, ALICE, 0, null)).hasMessageStartingWith("amount:");
    }

    @Test
    void autoTopUpNeedsAPositiveThresholdAndAmountWhenEnabled() {
        assertThatThrownBy(() -> new ConfigureAutoTopUpCommand(ACME, ALICE, true, 0, 10, null))
                .hasMessageStartingWith("threshold:");
        assertThatThrownBy(() -> new ConfigureAutoTopUpCommand(ACME, ALICE, true, 10, -1, null))
                .hasMessageStartingWith("amount:");
        assertThat(new ConfigureAutoTopUpCommand(ACME, ALICE, false, 0, 0, null).settings()).isEqualTo(AutoTopUp.OFF);
    }

    @Test
    void missingPartsAreNamed() {
        assertThatThrownBy(() -> new ConsumeCreditsCommand(null, ALICE, 1, null)).hasMessage("team: is required");
        assertThatThrownBy(() -> new ConsumeCreditsCommand(ACME, null, 1, null)).hasMessage("member: is required");
        assertThatThrownBy(() -> new CreateTeamCommand(ACME, " ", 1, ALICE, null, null)).hasMessage("plan: is required");
    }

    @Test
    void aTeamNeedsAtLeastOneSeatAndAnAnchorDayInTheMonth() {
        assertThatThrownBy(() -> new CreateTeamCommand(ACME, "team", 0, ALICE, null, null))
                .hasMessageStartingWith("seats:");
        assertThatThrownBy(() -> new CreateTeamCommand(ACME, "team", 1, ALICE, 32, null))
                .hasMessageStartingWith("billing-anchor-day:");
    }

    @Test
    void nobodyIsInvitedAsASecondOwner() {
        assertThatThrownBy(() -> new InviteMemberCommand(ACME, ALICE, MemberId.of("bob"), Role.OWNER, null))
                .hasMessageStartingWith("role:");
        assertThatThrownBy(() -> Role.assignable("role", "owner")).hasMessageStartingWith("role:");
    }

    @Test
    void identifiersMustBePlainText() {
        assertThatThrownBy(() -> TeamId.of("")).hasMessage("team: is required");
        assertThatThrownBy(() -> MemberId.of("al ice")).hasMessageStartingWith("member:");
        assertThatThrownBy(() -> RequestId.of("x".repeat(200))).hasMessageStartingWith("id:");
    }

    @Test
    void aMemberLimitIsZeroOrMoreOrUnlimited() {
        assertThat(MemberLimit.of(0).unlimited()).isFalse();
        assertThat(MemberLimit.UNLIMITED.unlimited()).isTrue();
        assertThatThrownBy(() -> MemberLimit.of(-3)).hasMessageStartingWith("limit:");
    }
}
