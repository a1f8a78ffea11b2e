package io.creditpool.adapters.review;

import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.InviteMemberCommand;
import io.creditpool.kernel.port.in.SetMemberLimitCommand;
import io.creditpool.kernel.port.in.TeamMetrics;
import io.creditpool.kernel.port.out.PaymentGateway;

import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Review test helper (a copy of the package-private Given pattern). */
final class Fixture {
    static final Instant JAN_1 = Instant.parse("2026-01-01T00:00:00Z");
    static final TeamId ACME = TeamId.of("acme");
    static final MemberId OLIVIA = MemberId.of("olivia");
    static final MemberId ALICE = MemberId.of("alice");
    static final Plan ENT = new Plan("ent", Tier.ENTERPRISE, 500, 2, "USD");
    static final Plan STD = new Plan("std", Tier.STANDARD, 500, 2, "USD");

    final ManualClock clock;
    final SandboxPaymentGateway sandbox;
    final Creditpool pool;

    Fixture(Instant start, SandboxPaymentGateway sandbox, PaymentGateway payments,
            UnaryOperator<Creditpool.Builder> setup) {
        this.clock = new ManualClock(start);
        this.sandbox = sandbox;
        this.pool = setup.apply(Creditpool.builder().clock(clock).payments(payments).plans(List.of(ENT, STD)))
                .build();
    }

    static Fixture creditpool() {
        SandboxPaymentGateway s = new SandboxPaymentGateway();
        return new Fixture(JAN_1, s, s, b -> b);
    }

    static Fixture creditpool(UnaryOperator<Creditpool.Builder> setup) {
        SandboxPaymentGateway s = new SandboxPaymentGateway();
        return new Fixture(JAN_1, s, s, setup);
    }

    Fixture team(Plan plan, int seats) {
        assertThat(pool.createTeam(new CreateTeamCommand(ACME, plan.name(), seats, OLIVIA, 1, null)).accepted())
                .isTrue();
        assertThat(pool.invite(new InviteMemberCommand(ACME, OLIVIA, ALICE, Role.MEMBER, null)).accepted()).isTrue();
        return this;
    }

    Fixture limit(MemberId member, long credits) {
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
}
