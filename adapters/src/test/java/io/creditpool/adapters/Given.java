package io.creditpool.adapters;

import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.InviteMemberCommand;
import io.creditpool.kernel.port.in.SetMemberLimitCommand;
import io.creditpool.kernel.port.in.TeamMetrics;

import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Test helpers: a wired Creditpool with a manual clock and the sandbox, and a team on it. */
final class Given {
    static final Instant JAN_1 = Instant.parse("2026-01-01T00:00:00Z");
    static final TeamId ACME = TeamId.of("acme");
    static final MemberId OLIVIA = MemberId.of("olivia");
    static final MemberId ALICE = MemberId.of("alice");
    static final Plan ENT = new Plan("ent", Tier.ENTERPRISE, 500, 2, "USD");
    static final Plan STD = new Plan("std", Tier.STANDARD, 500, 2, "USD");

    final ManualClock clock = new ManualClock(JAN_1);
    final SandboxPaymentGateway sandbox;
    final Creditpool pool;

    private Given(SandboxPaymentGateway sandbox, UnaryOperator<Creditpool.Builder> setup) {
        this.sandbox = sandbox;
        this.pool = setup.apply(Creditpool.builder().clock(clock).payments(sandbox).plans(List.of(ENT, STD))).build();
    }

    static Given creditpool() {
        return new Given(new SandboxPaymentGateway(), b -> b);
    }

    static Given creditpool(SandboxPaymentGateway sandbox) {
        return new Given(sandbox, b -> b);
    }

    static Given creditpool(UnaryOperator<Creditpool.Builder> setup) {
        return new Given(new SandboxPaymentGateway(), setup);
    }

    /** Team acme on {@code plan} with {@code seats} seats (500 credits each), owner olivia, member alice. */
    Given team(Plan plan, int seats) {
        assertThat(pool.createTeam(new CreateTeamCommand(ACME, plan.name(), seats, OLIVIA, 1, null)).accepted())
                .isTrue();
        assertThat(pool.invite(new InviteMemberCommand(ACME, OLIVIA, ALICE, Role.MEMBER, null)).accepted()).isTrue();
        return this;
    }

    Given limit(MemberId member, long credits) {
        assertThat(pool.setLimit(new SetMemberLimitCommand(ACME, OLIVIA, member, MemberLimit.of(credits), null))
                .accepted()).isTrue();
        return this;
    }

    Decision consume(MemberId member, long credits, String id) {
        return pool.consume(ACME.value(), member.value(), credits, id);
    }

    TeamMetrics metrics() {
        return pool.metrics(ACME).orElseThrow();
    }

    void assertGuaranteesHold() {
        assertThat(pool.audit(ACME)).as("audit of team acme").isEmpty();
    }

    static RequestId id(String value) {
        return RequestId.of(value);
    }
}
