package io.creditpool.adapters.jdbc;

import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.out.CreditEvent;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.StoredEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The outbox on H2 and PostgreSQL: an event is stored if and only if the change it tells of committed, with an id
 * that grows in commit order, and events of purchases finished after a restart are stored like any other.
 */
class EventOutboxTest {
    private static final TeamId ACME = TeamId.of("shop:acme");
    private static final TeamId OTHER = TeamId.of("other:beta");
    private static final MemberId OLIVIA = MemberId.of("olivia");
    private static final Plan ENT = new Plan("ent", Tier.ENTERPRISE, 500, 2, "USD");
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static Creditpool open(StoreSettings store, SandboxPaymentGateway sandbox) {
        // purchases are charged on the calling thread: each test sees their outcome when the command answers
        return Creditpool.builder().store(store).clock(new ManualClock(START)).payments(sandbox)
                .plans(List.of(ENT)).synchronousPurchases().build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void anEventIsInTheOutboxIfAndOnlyIfItsChangeCommitted(String kind) throws Exception {
        StoreSettings settings = TestDatabases.of(kind);
        SandboxPaymentGateway sandbox = new SandboxPaymentGateway();
        try (Creditpool pool = open(settings, sandbox)) {
            List<CreditEvent> heard = new ArrayList<>();
            pool.subscribe(heard::add);
            pool.createTeam(new CreateTeamCommand(ACME, "ent", 2, OLIVIA, 1, null));
            pool.createTeam(new CreateTeamCommand(OTHER, "ent", 2, OLIVIA, 1, null));
            CreditStore store = pool.component(CreditStore.class);
            assertThat(store.lastEventId()).isZero();

            assertThat(pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 100, null)).accepted()).isTrue();
            assertThat(pool.buyTopUp(new BuyTopUpCommand(OTHER, OLIVIA, 200, null)).accepted()).isTrue();

            List<StoredEvent> stored = store.events(0, 10, null);
            assertThat(stored).extracting(StoredEvent::id).containsExactly(1L, 2L);
            assertThat(stored.get(0).event()).isEqualTo(new CreditEvent.TopUpSucceeded(ACME, GrantSource.TOP_UP,
                    100, ((CreditEvent.TopUpSucceeded) stored.get(0).event()).price(), START));
            assertThat(stored.get(1).event().team()).isEqualTo(OTHER);
            assertThat(store.events(0, 10, "shop")).extracting(StoredEvent::id).containsExactly(1L);
            assertThat(store.events(1, 10, null)).extracting(StoredEvent::id).containsExactly(2L);
            assertThat(heard).as("listeners are fed from the outbox before the command answers")
                    .containsExactlyElementsOf(stored.stream().map(StoredEvent::event).toList());

            // work that publishes an event and then fails writes neither its change nor its event
            long ledger = pool.ledger(ACME).size();
            long balance = pool.metrics(ACME).orElseThrow().balance();
            assertThatThrownBy(() -> store.inTransaction(ACME, unit -> {
                unit.team().orElseThrow().consume(unit.team().get().member(OLIVIA).orElseThrow(), 10, START, null);
                unit.publish(new CreditEvent.LowBalance(ACME, OLIVIA, 5, 10, START));
                throw new IllegalStateException("the work fails after publishing");
            })).hasMessageContaining("the work fails");
            assertThat(store.events(0, 10, null)).hasSize(2);
            assertThat(pool.metrics(ACME).orElseThrow().balance()).isEqualTo(balance);

            // a transaction the database refuses (the outbox's next id is taken) stores neither the grant nor the event
            try (Connection c = TestDatabases.connect(settings);
                    PreparedStatement s = c.prepareStatement("INSERT INTO creditpool_event (id, team_id, product, kind, "
                            + "at, data) VALUES (3, 'x', 'x', 'low-balance', ?, '{}')")) {
                s.setObject(1, START.atOffset(ZoneOffset.UTC));
                s.executeUpdate();
                if (!c.getAutoCommit()) {
                    c.commit();
                }
            }
            // the purchase is recorded; the transaction recording its charge and grant is the one refused, so the
            // purchase stays pending: nothing granted, no event
            Decision refused = pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 300, null));
            assertThat(refused.denial()).isEqualTo(DenialCode.PAYMENT_PENDING);
            assertThat(store.pendingPurchases()).hasSize(1);
            assertThat(pool.ledger(ACME)).hasSize((int) ledger);
            assertThat(pool.metrics(ACME).orElseThrow().balance()).isEqualTo(balance);
            assertThat(store.lastEventId()).isEqualTo(2);
            assertThat(heard).hasSize(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void aPurchaseRecoveredAfterARestartTellsItsEvents(String kind) {
        StoreSettings settings = TestDatabases.of(kind);
        SandboxPaymentGateway sandbox = new SandboxPaymentGateway();
        try (Creditpool pool = open(settings, sandbox)) {
            pool.createTeam(new CreateTeamCommand(ACME, "ent", 2, OLIVIA, 1, null));
            sandbox.behave(SandboxPaymentGateway.Behaviour.TIMEOUT);
            Decision pending = pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 100, RequestId.of("buy-1")));
            assertThat(pending.denial()).isEqualTo(DenialCode.PAYMENT_PENDING);
            assertThat(pool.component(CreditStore.class).pendingPurchases()).hasSize(1);
            assertThat(pool.events(0, 10)).extracting(e -> e.event().type()).containsExactly("top-up-pending");
        }
        sandbox.behave(SandboxPaymentGateway.Behaviour.ACCEPT);
        try (Creditpool pool = open(settings, sandbox)) {
            List<CreditEvent> heard = new ArrayList<>();
            pool.subscribe(heard::add);

            var recovery = pool.recoverPurchases();

            assertThat(recovery.granted()).isEqualTo(1);
            assertThat(pool.component(CreditStore.class).pendingPurchases()).isEmpty();
            List<StoredEvent> events = pool.events(0, 10);
            assertThat(events).extracting(e -> e.event().type())
                    .containsExactly("top-up-pending", "top-up-recovered", "top-up-succeeded");
            CreditEvent.TopUpRecovered recovered = (CreditEvent.TopUpRecovered) events.get(1).event();
            assertThat(recovered.granted()).isTrue();
            assertThat(recovered.attempts()).isEqualTo(1);
            assertThat(recovered.key()).isEqualTo(((CreditEvent.TopUpPending) events.get(0).event()).key());
            assertThat(recovered.price().currency()).isEqualTo("USD");
            assertThat(heard).extracting(CreditEvent::type).containsExactly("top-up-recovered", "top-up-succeeded");
            assertThat(sandbox.charged()).hasSize(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void concurrentChangesGetIdsInCommitOrderSoAPollerMissesNone(String kind) throws Exception {
        StoreSettings settings = TestDatabases.of(kind);
        int teams = 6;
        int topUpsEach = 15;
        try (Creditpool pool = open(settings, new SandboxPaymentGateway())) {
            for (int t = 0; t < teams; t++) {
                pool.createTeam(new CreateTeamCommand(TeamId.of("shop:t" + t), "ent", 2, OLIVIA, 1, null));
            }
            CreditStore store = pool.component(CreditStore.class);
            List<Long> polled = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread poller = new Thread(() -> {
                long after = 0;
                while (true) {
                    boolean last = !writing.get();
                    List<StoredEvent> page = store.events(after, 7, "shop");
                    for (StoredEvent e : page) {
                        polled.add(e.id());
                        after = e.id();
                    }
                    if (last && page.isEmpty()) {
                        return;
                    }
                }
            });
            poller.start();
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < teams; t++) {
                TeamId team = TeamId.of("shop:t" + t);
                Thread w = new Thread(() -> {
                    for (int i = 0; i < topUpsEach; i++) {
                        pool.buyTopUp(new BuyTopUpCommand(team, OLIVIA, 10 + i, null));
                    }
                });
                writers.add(w);
                w.start();
            }
            for (Thread w : writers) {
                w.join();
            }
            writing.set(false);
            poller.join(60_000);
            assertThat(poller.isAlive()).isFalse();

            int total = teams * topUpsEach;
            List<StoredEvent> all = store.events(0, total + 10, null);
            assertThat(all).extracting(StoredEvent::id).as("ids 1..N, no gap, no repeat")
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, total).boxed().toList());
            assertThat(polled).as("a poller reading while changes committed, from the last id it saw, missed none")
                    .containsExactlyElementsOf(all.stream().map(StoredEvent::id).toList());
            for (int t = 0; t < teams; t++) {
                TeamId team = TeamId.of("shop:t" + t);
                assertThat(all.stream().filter(e -> e.event().team().equals(team))
                        .map(e -> ((CreditEvent.TopUpSucceeded) e.event()).credits()).toList())
                        .as("a team's events in the order its changes were made")
                        .containsExactlyElementsOf(java.util.stream.LongStream.range(10, 10 + topUpsEach).boxed()
                                .toList());
            }
        }
    }
}
