package io.creditpool.adapters.jdbc;

import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.port.in.ConsumeCreditsCommand;
import io.creditpool.kernel.port.in.ReleaseReservationCommand;
import io.creditpool.kernel.port.in.ReserveCreditsCommand;
import io.creditpool.kernel.port.in.SettleReservationCommand;
import io.creditpool.kernel.port.out.CreditStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;






import static io.creditpool.adapters.jdbc.DesignGroup.ACME;
import static io.creditpool.adapters.jdbc.DesignGroup.DESIGN;
import static io.creditpool.adapters.jdbc.DesignGroup.OLIVIA;
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

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T00:00:00Z"));
    private final SandboxPaymentGateway processor = new SandboxPaymentGateway();

    private Creditpool instance(StoreSettings store) {
        return DesignGroup.instance(store, clock, processor);
    }

    private static MemberId member(int i) {
        return DesignGroup.member(i, MEMBERS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void sixtyFourCallersOnOneGroupNeverTakeItPastItsCap(String kind) throws Exception {
        StoreSettings store = TestDatabases.of(kind);
        Creditpool a = instance(store);
        Creditpool b = instance(store);
        // a pool of 10 x 1000 = 10,000: only the group's cap of 1,000 stops its members
        DesignGroup.given(a, MEMBERS + 2, MEMBERS, CAP, null);
        Set<String> denials = ConcurrentHashMap.newKeySet();

        List<Long> spent = Race.of(CALLERS, caller -> {
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
}
