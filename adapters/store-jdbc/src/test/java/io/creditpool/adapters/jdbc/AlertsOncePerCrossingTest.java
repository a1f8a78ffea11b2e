package io.creditpool.adapters.jdbc;

import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.port.in.ConsumeCreditsCommand;
import io.creditpool.kernel.port.in.ReleaseReservationCommand;
import io.creditpool.kernel.port.in.ReserveCreditsCommand;
import io.creditpool.kernel.port.out.CreditEvent;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.StoredEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;






import static io.creditpool.adapters.jdbc.DesignGroup.ACME;
import static io.creditpool.adapters.jdbc.DesignGroup.DESIGN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every alert is told once per crossing, through races, replays and restarts, on each durable store: 32 callers on two
 * instances sharing one database consume (each request sent twice, the second a replay of the first) and reserve and
 * release (held credits given back and spent again) until every member's limit and the group's cap are reached; then
 * both instances stop and a new one on the same store goes on. The store's outbox holds exactly one
 * {@code limit-approaching} and one {@code limit-reached} per member, and one {@code group-cap-approaching} and one
 * {@code group-cap-reached}, each at the share it names; a new month tells them again, once.
 */
class AlertsOncePerCrossingTest {
    private static final int CALLERS = 32;
    private static final int MEMBERS = 4;
    private static final long LIMIT = 200;
    private static final long CAP = 700;

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
    void everyAlertIsToldOncePerCrossingThroughRacesReplaysAndARestart(String kind) throws Exception {
        StoreSettings store = TestDatabases.of(kind);
        Creditpool a = instance(store);
        Creditpool b = instance(store);
        DesignGroup.given(a, MEMBERS + 1, MEMBERS, CAP, MemberLimit.of(LIMIT));

        // 32 callers x 4 consumptions x 7 = 896 asked, over a cap of 700 and 4 limits of 200: the race passes 80% of
        // the cap and of most limits; each request goes twice, and every third holds credits then gives them back
        Race.of(CALLERS, caller -> {
            Creditpool pool = caller % 2 == 0 ? a : b;
            MemberId m = member(caller);
            for (int call = 0; call < 6; call++) {
                RequestId id = RequestId.of("c-" + caller + "-" + call);
                if (call % 3 == 2) {
                    Decision held = pool.reserve(new ReserveCreditsCommand(ACME, m, 5, null, id));
                    if (held.accepted()) {
                        pool.release(new ReleaseReservationCommand(ACME, m, id, null));
                    }
                    continue;
                }
                Decision first = pool.consume(new ConsumeCreditsCommand(ACME, m, 7, id));
                Decision replay = (caller % 2 == 0 ? b : a).consume(new ConsumeCreditsCommand(ACME, m, 7, id));
                assertThat(replay.outcome()).isEqualTo(first.outcome());
            }
            return null;
        });
        b.close();
        ((JdbcCreditStore) a.component(CreditStore.class)).close();

        // a new instance on the same store: the peaks were stored with the usage, so nothing is told twice
        Creditpool c = instance(store);
        for (int i = 0; i < MEMBERS; i++) {
            while (c.consume(new ConsumeCreditsCommand(ACME, member(i), 1, null)).accepted()) {
                // until her limit or the group's cap stops her
            }
        }
        assertThat(c.metrics(ACME).orElseThrow().group(DESIGN).usageThisMonth()).isEqualTo(CAP);
        Map<String, Integer> told = alerts(c);
        assertThat(told).containsEntry("group design group-cap-approaching 80", 1)
                .containsEntry("group design group-cap-reached 100", 1);
        // the cap of 700 stops the members before all reach their limits of 200: a member is told 80% (160) and
        // 100% exactly when her usage got there this month (held credits count while held, so a hold given back
        // after it took her to 160 leaves her told below it: what the store kept as her peak), and nobody is told a
        // share twice
        assertThat(told.values()).allMatch(n -> n == 1);
        java.time.YearMonth january = java.time.YearMonth.of(2026, 1);
        Map<MemberId, Long> peaks = c.component(CreditStore.class).inTransaction(ACME, unit -> {
            Map<MemberId, Long> p = new TreeMap<>(java.util.Comparator.comparing(MemberId::value));
            unit.team().orElseThrow().usage().forEach((m, u) -> p.put(m, u.peakIn(january)));
            return p;
        });
        for (int i = 0; i < MEMBERS; i++) {
            MemberId m = member(i);
            long peak = peaks.getOrDefault(m, 0L);
            String who = "member " + m.value();
            assertThat(peak).as(who).isGreaterThanOrEqualTo(c.metrics(ACME).orElseThrow().member(m).usageThisMonth());
            assertThat(told.containsKey(who + " limit-approaching 80")).as(who + ", peak " + peak)
                    .isEqualTo(peak >= 160);
            assertThat(told.containsKey(who + " limit-reached 100")).as(who + ", peak " + peak).isEqualTo(peak >= 200);
        }
        assertThat(told.keySet().stream().filter(k -> k.endsWith("limit-approaching 80")).count()).isPositive();

        // a new month tells them again, once
        clock.advanceTo(Instant.parse("2026-02-02T00:00:00Z"));
        assertThat(c.consume(new ConsumeCreditsCommand(ACME, member(0), 160, null)).accepted()).isTrue();
        assertThat(c.consume(new ConsumeCreditsCommand(ACME, member(0), 1, RequestId.of("feb"))).accepted()).isTrue();
        assertThat(c.consume(new ConsumeCreditsCommand(ACME, member(0), 1, RequestId.of("feb"))).accepted()).isTrue();
        Map<String, Integer> after = alerts(c);
        assertThat(after).containsEntry("member m0 limit-approaching 80", told.getOrDefault(
                "member m0 limit-approaching 80", 0) + 1);
        assertThat(after.values()).allMatch(n -> n <= 2);
        c.close();
    }

    /** The alerts in the store's outbox, each as what it is about, its type and share, with how often it was told. */
    private static Map<String, Integer> alerts(Creditpool pool) {
        Map<String, Integer> told = new TreeMap<>();
        long after = 0;
        while (true) {
            List<StoredEvent> page = pool.events(after, 500);
            if (page.isEmpty()) {
                return told;
            }
            for (StoredEvent s : page) {
                after = s.id();
                CreditEvent e = s.event();
                if (e instanceof CreditEvent.LimitAlert l) {
                    told.merge("member " + l.member().value() + " " + e.type() + " " + l.percent(), 1, Integer::sum);
                } else if (e instanceof CreditEvent.GroupCapAlert g) {
                    told.merge("group " + g.group().value() + " " + e.type() + " " + g.percent(), 1, Integer::sum);
                }
            }
        }
    }
}
