package io.creditpool.adapters.jdbc;

import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.GroupCap;
import io.creditpool.kernel.domain.GroupId;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.port.in.ConsumeCreditsCommand;
import io.creditpool.kernel.port.in.CreateGroupCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.InviteMemberCommand;
import io.creditpool.kernel.port.in.MoveMemberCommand;
import io.creditpool.kernel.port.in.ReleaseReservationCommand;
import io.creditpool.kernel.port.in.ReserveCreditsCommand;
import io.creditpool.kernel.port.in.SettleReservationCommand;
import io.creditpool.kernel.port.out.CreditStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code usage(group, month) <= cap(group)} under 64 callers at once on one group, through two Creditpool instances
 * sharing one database, with consumptions and reservations (held credits count) mixed: the group's members together
 * never pass its cap, whatever order the commits land in; a third instance started cold afterwards (as after a crash of
 * the others) reads the group's usage back from the store and refuses past the cap.
 */
class GroupCapConcurrencyTest {
    private static final int CALLERS = 64;
    private static final int CALLS = 10;
    private static final long CREDITS = 7;
    private static final long CAP = 1_000;
    private static final int MEMBERS = 8;
    private static final TeamId ACME = TeamId.of("acme");
    private static final MemberId OLIVIA = MemberId.of("olivia");
    private static final GroupId DESIGN = GroupId.of("design");
    private static final Plan ENT = new Plan("ent", Tier.ENTERPRISE, 1_000, 1, "USD");

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T00:00:00Z"));
    private final SandboxPaymentGateway processor = new SandboxPaymentGateway();

    private Creditpool instance(StoreSettings store) {
        return Creditpool.builder().store(store).clock(clock).payments(processor).plans(List.of(ENT)).build();
    }

    private static MemberId member(int i) {
        return MemberId.of("m" + (i % MEMBERS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void sixtyFourCallersOnOneGroupNeverTakeItPastItsCap(String kind) throws Exception {
        StoreSettings store = TestDatabases.of(kind);
        Creditpool a = instance(store);
        Creditpool b = instance(store);
        // a pool of 10 x 1000 = 10,000: only the group's cap of 1,000 stops its members
        assertThat(a.createTeam(new CreateTeamCommand(ACME, "ent", MEMBERS + 2, OLIVIA, 1, null)).accepted()).isTrue();
        a.createGroup(new CreateGroupCommand(ACME, OLIVIA, DESIGN, "Design", GroupCap.of(CAP), null));
        for (int i = 0; i < MEMBERS; i++) {
            a.invite(new InviteMemberCommand(ACME, OLIVIA, member(i), Role.MEMBER, null));
            assertThat(a.moveMember(new MoveMemberCommand(ACME, OLIVIA, member(i), DESIGN, null)).accepted()).isTrue();
        }
        Set<String> denials = ConcurrentHashMap.newKeySet();

        List<Long> spent = race(caller -> {
            Creditpool pool = caller % 2 == 0 ? a : b;
            MemberId m = member(caller);
            long sum = 0;
            for (int call = 0; call < CALLS; call++) {
                Decision d;
                if (call % 3 == 2) {
                    // held credits count against the cap while held; settled at their full cost, or released
                    RequestId r = RequestId.of("r-" + caller + "-" + call);
                    d = pool.reserve(new ReserveCreditsCommand(ACME, m, CREDITS, null, r));
                    if (d.accepted() && caller % 4 == 0) {
                        assertThat(pool.release(new ReleaseReservationCommand(ACME, m, r, null)).accepted()).isTrue();
                        continue;
                    }
                    if (d.accepted()) {
                        assertThat(pool.settle(new SettleReservationCommand(ACME, m, r, CREDITS, null)).accepted())
                                .isTrue();
                    }
                } else {
                    d = pool.consume(new ConsumeCreditsCommand(ACME, m, CREDITS, null));
                }
                if (d.accepted()) {
                    sum += CREDITS;
                } else {
                    denials.add(d.outcome());
                }
            }
            return sum;
        });

        long total = spent.stream().mapToLong(Long::longValue).sum();
        // 64 x 10 x 7 = 4,480 asked for; the cap lets through at most 1,000, and 7 at a time fills it to 994 at least
        assertThat(total).isBetween(CAP - CREDITS + 1, CAP);
        assertThat(denials).containsExactly(DenialCode.GROUP_CAP.code());
        Creditpool cold = instance(store);
        long usage = cold.metrics(ACME).orElseThrow().group(DESIGN).usageThisMonth();
        assertThat(usage).isEqualTo(total).isLessThanOrEqualTo(CAP);
        long fromLedger = 0;
        for (LedgerEntry e : cold.ledger(ACME)) {
            if (e instanceof LedgerEntry.CreditsConsumed c && DESIGN.equals(c.group())) {
                fromLedger += c.credits();
            } else if (e instanceof LedgerEntry.ReservationSettled s) {
                fromLedger += s.consumed();
            }
        }
        assertThat(fromLedger).isEqualTo(total);
        assertThat(cold.metrics(ACME).orElseThrow().balance()).isEqualTo(10_000 - total);
        // the audit replays the ledger in commit order: at no point did the group's usage pass its cap
        assertThat(cold.audit(ACME)).isEmpty();
        Decision past = cold.consume(new ConsumeCreditsCommand(ACME, member(0), CAP - usage + 1, null));
        assertThat(past.denial()).isEqualTo(DenialCode.GROUP_CAP);
        assertThat(cold.metrics(ACME).orElseThrow().member(member(0)).spendable().credits()).isEqualTo(CAP - usage);
        assertThat(YearMonth.from(clock.now().atZone(java.time.ZoneOffset.UTC))).isEqualTo(YearMonth.of(2026, 1));
        cold.close();
        b.close();
        ((JdbcCreditStore) a.component(CreditStore.class)).closeAndDiscard();
    }

    /** Runs {@code perCaller} on {@link #CALLERS} threads started together; returns their results. */
    private static <T> List<T> race(java.util.function.IntFunction<T> perCaller) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(CALLERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int t = 0; t < CALLERS; t++) {
            int caller = t;
            futures.add(threads.submit(() -> {
                start.await();
                return perCaller.apply(caller);
            }));
        }
        start.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(300, TimeUnit.SECONDS));
        }
        threads.shutdown();
        return results;
    }
}
