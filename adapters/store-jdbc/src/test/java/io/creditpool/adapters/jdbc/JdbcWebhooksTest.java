package io.creditpool.adapters.jdbc;

import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.events.Webhooks;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.out.CreditStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook state in the store's database, on H2 and PostgreSQL: deliveries are made once per endpoint and event,
 * claimed by one worker at a time, kept across a restart, retried when due and failed for good when told.
 */
class JdbcWebhooksTest {
    private static final MemberId OLIVIA = MemberId.of("olivia");
    private static final Plan ENT = new Plan("ent", Tier.ENTERPRISE, 500, 2, "USD");
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static Creditpool open(StoreSettings store) {
        return Creditpool.builder().store(store).clock(new ManualClock(START)).payments(new SandboxPaymentGateway())
                .plans(List.of(ENT)).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void deliveriesAreMadeOnceClaimedByOneWorkerAndKeptAcrossARestart(String kind) {
        StoreSettings settings = TestDatabases.of(kind);
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        String endpoint;
        try (Creditpool pool = open(settings)) {
            Webhooks webhooks = pool.component(Webhooks.class);
            assertThat(webhooks.getClass().getSimpleName()).isEqualTo("JdbcWebhooks");
            CreditStore store = pool.component(CreditStore.class);
            pool.createTeam(new CreateTeamCommand(TeamId.of("shop:acme"), "ent", 2, OLIVIA, 1, null));
            pool.createTeam(new CreateTeamCommand(TeamId.of("other:beta"), "ent", 2, OLIVIA, 1, null));
            pool.buyTopUp(new BuyTopUpCommand(TeamId.of("shop:acme"), OLIVIA, 100, null));     // event 1: before
            Webhooks.Created created = webhooks.create("shop", URI.create("https://shop.example/hooks"),
                    List.of("top-up-succeeded"), store.lastEventId(), now);
            endpoint = created.endpoint().id();
            assertThat(webhooks.list("shop")).extracting(Webhooks.Endpoint::id).containsExactly(endpoint);
            assertThat(webhooks.list("other")).isEmpty();
            pool.buyTopUp(new BuyTopUpCommand(TeamId.of("shop:acme"), OLIVIA, 200, null));     // event 2
            pool.buyTopUp(new BuyTopUpCommand(TeamId.of("other:beta"), OLIVIA, 300, null));    // event 3

            assertThat(webhooks.fanOut(store, 100, now)).isEqualTo(3);
            assertThat(webhooks.fanOut(store, 100, now)).as("fanned out once").isZero();
            assertThat(webhooks.counts()).isEqualTo(new Webhooks.Counts(1, 0));

            List<Webhooks.Claimed> first = webhooks.claim(10, now, Duration.ofMinutes(1));
            assertThat(first).extracting(Webhooks.Claimed::eventId).containsExactly(2L);
            assertThat(first.get(0).secret()).isEqualTo(created.secret());
            assertThat(webhooks.claim(10, now, Duration.ofMinutes(1))).as("claimed by the first worker").isEmpty();
            webhooks.failed(first.get(0), 500, null, now, now.plusSeconds(30));
        }
        try (Creditpool pool = open(settings)) {
            Webhooks webhooks = pool.component(Webhooks.class);
            assertThat(webhooks.claim(10, now.plusSeconds(29), Duration.ofMinutes(1))).as("not due yet").isEmpty();
            List<Webhooks.Claimed> again = webhooks.claim(10, now.plusSeconds(30), Duration.ofMinutes(1));
            assertThat(again).extracting(Webhooks.Claimed::eventId).containsExactly(2L);
            assertThat(again.get(0).attempts()).isEqualTo(1);
            assertThat(again.get(0).firstAt()).isEqualTo(now);
            webhooks.delivered(again.get(0), 200, now.plusSeconds(31));
            assertThat(webhooks.counts()).isEqualTo(new Webhooks.Counts(0, 0));
            assertThat(webhooks.deliveries("shop", endpoint, 10)).singleElement().satisfies(d -> {
                assertThat(d.state()).isEqualTo("delivered");
                assertThat(d.attempts()).isEqualTo(2);
                assertThat(d.lastStatus()).isEqualTo(200);
            });
            assertThat(webhooks.deliveries("other", endpoint, 10)).as("another product's endpoint").isEmpty();

            pool.buyTopUp(new BuyTopUpCommand(TeamId.of("shop:acme"), OLIVIA, 400, null));     // event 4
            webhooks.fanOut(pool.component(CreditStore.class), 100, now);
            Webhooks.Claimed last = webhooks.claim(10, now, Duration.ofMinutes(1)).get(0);
            webhooks.failed(last, null, "connection refused", now, null);
            assertThat(webhooks.counts()).isEqualTo(new Webhooks.Counts(0, 1));

            assertThat(webhooks.delete("other", endpoint, now)).as("not the other product's to delete").isFalse();
            assertThat(webhooks.delete("shop", endpoint, now)).isTrue();
            assertThat(webhooks.list("shop")).isEmpty();
        }
    }

    /** An endpoint of product shop with one delivery fanned out to it; answers the webhooks. */
    private static Webhooks oneDelivery(Creditpool pool, Instant now) {
        Webhooks webhooks = pool.component(Webhooks.class);
        CreditStore store = pool.component(CreditStore.class);
        pool.createTeam(new CreateTeamCommand(TeamId.of("shop:acme"), "ent", 2, OLIVIA, 1, null));
        webhooks.create("shop", URI.create("https://shop.example/hooks"), List.of("top-up-succeeded"),
                store.lastEventId(), now);
        pool.buyTopUp(new BuyTopUpCommand(TeamId.of("shop:acme"), OLIVIA, 100, null));
        assertThat(webhooks.fanOut(store, 100, now)).isEqualTo(1);
        return webhooks;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void aWorkerWhoseLeaseRanOutAndWasReplacedRecordsNothing(String kind) {
        // to the millisecond: H2 rounds a time to the microsecond, which may put it after the one it was given
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        try (Creditpool pool = open(TestDatabases.of(kind))) {
            Webhooks webhooks = oneDelivery(pool, now);
            Webhooks.Claimed stale = webhooks.claim(10, now, Duration.ofMillis(1)).get(0);
            // the first worker pauses past its lease; another claims the delivery and sends it
            List<Webhooks.Claimed> again = List.of();
            for (int i = 0; i < 1000 && again.isEmpty(); i++) {
                again = webhooks.claim(10, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                        Duration.ofMinutes(1));
            }
            Webhooks.Claimed current = again.get(0);
            assertThat(current.token()).as("the second claim's fencing token").isGreaterThan(stale.token());

            assertThat(webhooks.failed(stale, 500, null, now, now.plusSeconds(30)))
                    .as("the stale worker's failure is refused").isFalse();
            assertThat(webhooks.delivered(stale, 200, now)).as("and so is its success").isFalse();
            assertThat(webhooks.deliveries("shop", current.endpointId(), 10)).singleElement().satisfies(d -> {
                assertThat(d.state()).isEqualTo("pending");
                assertThat(d.attempts()).as("nothing the stale worker said was written").isZero();
            });
            assertThat(webhooks.delivered(current, 200, Instant.now())).isTrue();
            assertThat(webhooks.deliveries("shop", current.endpointId(), 10)).singleElement()
                    .satisfies(d -> assertThat(d.state()).isEqualTo("delivered"));
            assertThat(webhooks.delivered(current, 200, Instant.now())).as("recorded once").isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres"})
    void anInstanceWhoseClockRunsAheadTakesNoLeaseBeforeItRunsOutOnTheDatabasesClock(String kind) {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        try (Creditpool pool = open(TestDatabases.of(kind))) {
            Webhooks webhooks = oneDelivery(pool, now);
            assertThat(webhooks.claim(10, now, Duration.ofMinutes(10))).hasSize(1);

            Instant anHourAhead = now.plus(Duration.ofHours(1));
            assertThat(webhooks.claim(10, anHourAhead, Duration.ofMinutes(10)))
                    .as("by the database server's clock the first lease runs for ten minutes more").isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void aRotatedSecretIsClaimedBesideTheOldOneUntilTheOverlapEnds(String kind) {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        try (Creditpool pool = open(TestDatabases.of(kind))) {
            Webhooks webhooks = oneDelivery(pool, now);
            String id = webhooks.list("shop").get(0).id();
            Webhooks.Claimed before = webhooks.claim(10, now, Duration.ofSeconds(1)).get(0);
            assertThat(before.previousSecret()).isNull();
            webhooks.failed(before, 500, null, now, now);

            Webhooks.Rotated rotated = webhooks.rotateSecret("shop", id, Duration.ofHours(1), now).orElseThrow();
            assertThat(rotated.secret()).isNotEqualTo(before.secret());
            assertThat(webhooks.rotateSecret("other", id, Duration.ofHours(1), now)).as("another product's").isEmpty();
            Webhooks.Claimed during = webhooks.claim(10, now.plusSeconds(2), Duration.ofSeconds(1)).get(0);
            assertThat(during.secret()).isEqualTo(rotated.secret());
            assertThat(during.previousSecret()).isEqualTo(before.secret());
            webhooks.failed(during, 500, null, now, now);
            Webhooks.Claimed after = webhooks.claim(10, now.plus(Duration.ofHours(1)), Duration.ofSeconds(1)).get(0);
            assertThat(after.previousSecret()).as("the overlap is over").isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void resendingMakesADeliveryPendingAgainWithANewTokenAndOnlyForTheEndpointsEvents(String kind) {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        try (Creditpool pool = open(TestDatabases.of(kind))) {
            Webhooks webhooks = oneDelivery(pool, now);
            CreditStore store = pool.component(CreditStore.class);
            String id = webhooks.list("shop").get(0).id();
            Webhooks.Claimed sent = webhooks.claim(10, now, Duration.ofMinutes(1)).get(0);
            assertThat(webhooks.delivered(sent, 200, now)).isTrue();
            long event = sent.eventId();

            Webhooks.Resent again = webhooks.resend(store, "shop", id, 0, event, 100, now.plusSeconds(5))
                    .orElseThrow();
            assertThat(again.queued()).isEqualTo(1);
            assertThat(webhooks.delivered(sent, 200, now)).as("the earlier claim's token is stale").isFalse();
            Webhooks.Claimed resent = webhooks.claim(10, now.plusSeconds(5), Duration.ofMinutes(1)).get(0);
            assertThat(resent.eventId()).isEqualTo(event);
            assertThat(resent.firstAt()).as("a new retry window").isNull();
            assertThat(webhooks.delivered(resent, 200, now.plusSeconds(6))).isTrue();

            assertThat(webhooks.resend(store, "shop", id, event, null, 100, now).orElseThrow().queued())
                    .as("nothing after the last event").isZero();
            assertThat(webhooks.resend(store, "other", id, 0, null, 100, now)).as("another product's endpoint")
                    .isEmpty();
            assertThat(webhooks.resend(store, "shop", id, 0, event + 100, 100, now).orElseThrow().queued())
                    .as("an event that is not there").isZero();
            assertThat(webhooks.resend(store, "shop", id, 0, null, 100, now).orElseThrow().queued()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void retentionRemovesDeliveriesDoneBeforeItAndEventsNoPendingDeliveryWaitsOn(String kind) {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        try (Creditpool pool = open(TestDatabases.of(kind))) {
            Webhooks webhooks = oneDelivery(pool, now);
            CreditStore store = pool.component(CreditStore.class);
            pool.buyTopUp(new BuyTopUpCommand(TeamId.of("shop:acme"), OLIVIA, 200, null));   // a second event
            webhooks.fanOut(store, 100, now);
            List<Webhooks.Claimed> claimed = webhooks.claim(10, now, Duration.ofMinutes(1));
            assertThat(claimed).hasSize(2);
            webhooks.delivered(claimed.get(0), 200, now);    // the first delivered; the second still pending

            Webhooks.Purged none = webhooks.purge(now, Instant.EPOCH);
            assertThat(none.deliveries()).as("delivered at the cut-off itself: kept").isZero();
            long events = store.events(0, 100, null).size();
            Webhooks.Purged purged = webhooks.purge(now.plusSeconds(1), Instant.now().plusSeconds(60));
            assertThat(purged.deliveries()).isEqualTo(1);
            assertThat(webhooks.counts().pending()).as("the pending delivery stays").isEqualTo(1);
            List<Long> left = store.events(0, 100, null).stream().map(e -> e.id()).toList();
            assertThat(left).as("the pending delivery's event stays").contains(claimed.get(1).eventId())
                    .doesNotContain(claimed.get(0).eventId());
            assertThat(purged.events()).isEqualTo(events - left.size());
        }
    }
}
