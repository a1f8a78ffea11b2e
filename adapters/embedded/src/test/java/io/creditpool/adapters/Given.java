package io.creditpool.adapters;

import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.LedgerEntry;
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
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.PaymentGateway;

import io.creditpool.rules.RuleSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test helpers: a wired Creditpool with a manual clock and the sandbox, without purchase worker threads (purchases
 * are settled on the test's thread: {@link Creditpool#settlePurchases()}), and a team on it.
 */
public final class Given {
    public static final Instant JAN_1 = Instant.parse("2026-01-01T00:00:00Z");
    public static final TeamId ACME = TeamId.of("acme");
    public static final MemberId OLIVIA = MemberId.of("olivia");
    public static final MemberId ALICE = MemberId.of("alice");
    public static final Plan ENT = new Plan("ent", Tier.ENTERPRISE, 500, 2, "USD");
    public static final Plan STD = new Plan("std", Tier.STANDARD, 500, 2, "USD");

    public final ManualClock clock = new ManualClock(JAN_1);
    public final SandboxPaymentGateway sandbox;
    public final Creditpool pool;

    private Given(SandboxPaymentGateway sandbox, PaymentGateway payments, UnaryOperator<Creditpool.Builder> setup) {
        this.sandbox = sandbox;
        this.pool = setup.apply(Creditpool.builder().synchronousPurchases().clock(clock).payments(payments).plans(List.of(ENT, STD)))
                .build();
    }

    public static Given creditpool() {
        return creditpool(new SandboxPaymentGateway());
    }

    public static Given creditpool(SandboxPaymentGateway sandbox) {
        return new Given(sandbox, sandbox, b -> b);
    }

    public static Given creditpool(UnaryOperator<Creditpool.Builder> setup) {
        SandboxPaymentGateway sandbox = new SandboxPaymentGateway();
        return new Given(sandbox, sandbox, setup);
    }

    /** Payments go to {@code payments} (a processor a test scripts), which may hand on to {@code sandbox}. */
    public static Given creditpool(SandboxPaymentGateway sandbox, PaymentGateway payments) {
        return new Given(sandbox, payments, b -> b);
    }

    /** Payments go to {@code payments}, and {@code setup} chooses other parts. */
    public static Given creditpool(SandboxPaymentGateway sandbox, PaymentGateway payments,
            UnaryOperator<Creditpool.Builder> setup) {
        return new Given(sandbox, payments, setup);
    }

    /** A Creditpool on the shipped rules with some files replaced, written to {@code folder}. */
    public static Given withRules(Path folder, Map<String, String> replaced) throws IOException {
        for (Map.Entry<String, String> file : RuleSource.shipped().files().entrySet()) {
            Files.writeString(folder.resolve(file.getKey()), replaced.getOrDefault(file.getKey(), file.getValue()));
        }
        return creditpool(b -> b.rules(folder));
    }

    /** Team acme on {@code plan} with {@code seats} seats (500 credits each), owner olivia, member alice. */
    public Given team(Plan plan, int seats) {
        assertThat(pool.createTeam(new CreateTeamCommand(ACME, plan.name(), seats, OLIVIA, 1, null)).accepted())
                .isTrue();
        assertThat(pool.invite(new InviteMemberCommand(ACME, OLIVIA, ALICE, Role.MEMBER, null)).accepted()).isTrue();
        return this;
    }

    public Given limit(MemberId member, long credits) {
        assertThat(pool.setLimit(new SetMemberLimitCommand(ACME, OLIVIA, member, MemberLimit.of(credits), null))
                .accepted()).isTrue();
        return this;
    }

    /**
     * The consumption, then a round of the purchase workers on this thread (the pool runs without worker threads, so
     * the auto top-up it ordered, if any, is settled before the test looks).
     */
    public Decision consume(MemberId member, long credits, String id) {
        Decision decision = pool.consume(ACME.value(), member.value(), credits, id);
        pool.settlePurchases();
        return decision;
    }

    public TeamMetrics metrics() {
        return pool.metrics(ACME).orElseThrow();
    }

    public void assertGuaranteesHold() {
        assertThat(pool.audit(ACME)).as("audit of team acme").isEmpty();
    }

    static RequestId id(String value) {
        return RequestId.of(value);
    }

    /**
     * The team's ledger with this store's installation id taken out of its purchase keys: two stores that went
     * through the same steps hold equal ledgers once each store's own id is out of them.
     */
    public List<LedgerEntry> ledgerOfAnyStore(TeamId team) {
        String prefix = pool.component(CreditStore.class).installationId() + ":";
        return pool.ledger(team).stream().map(e -> e instanceof LedgerEntry.ChargeAttempted c
                && c.idempotencyKey().startsWith(prefix)
                ? new LedgerEntry.ChargeAttempted(c.at(),
                        c.idempotencyKey().substring(prefix.length()), c.source(), c.credits(), c.price(),
                        c.succeeded(), c.reference())
                : e).toList();
    }
}
