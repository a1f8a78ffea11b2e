package io.creditpool.kernel.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A pending purchase's claims, leases and back-off, which decide who may charge it and whether to ask first. */
class PendingPurchaseTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);

    private static PendingPurchase recorded() {
        return PendingPurchase.start(TeamId.of("acme"), "acme:purchase:1", GrantSource.TOP_UP, 1000,
                new Money(2000, "USD"), new GrantTerms(1000, null, 0, List.of()), MemberId.of("olivia"), List.of(),
                null, null, T0);
    }

    @Test
    void aNewPurchaseIsDueAtOnceAndItsFirstClaimChargesWithoutAskingFirst() {
        PendingPurchase p = recorded();

        assertThat(p.dueBy(T0)).isTrue();
        PendingPurchase claimed = p.claimed(T0, LEASE);
        assertThat(claimed.claims()).isEqualTo(1);
        assertThat(claimed.triedBefore()).isFalse();
        assertThat(claimed.key()).isEqualTo(p.key());
    }

    @Test
    void aClaimHoldsThePurchaseForTheLeaseThenAnotherClaimAsksFirst() {
        PendingPurchase claimed = recorded().claimed(T0, LEASE);

        assertThat(claimed.dueBy(T0.plus(LEASE).minusSeconds(1))).isFalse();
        assertThat(claimed.heldByWorker(T0.plusSeconds(1))).isTrue();
        assertThat(claimed.dueBy(T0.plus(LEASE))).isTrue();
        assertThat(claimed.heldByWorker(T0.plus(LEASE))).isFalse();
        PendingPurchase again = claimed.claimed(T0.plus(LEASE), LEASE);
        assertThat(again.claims()).isEqualTo(2);
        assertThat(again.triedBefore()).as("the first worker may have charged before it stopped").isTrue();
    }

    @Test
    void anUnknownOutcomeBacksOffWithoutHoldingThePurchaseAndTheNextClaimAsksFirst() {
        PendingPurchase backedOff = recorded().claimed(T0, LEASE).afterUnknownOutcome(T0.plusSeconds(5));

        assertThat(backedOff.attempts()).isEqualTo(1);
        assertThat(backedOff.nextAttemptAt()).isEqualTo(T0.plusSeconds(5).plus(PendingPurchase.FIRST_BACKOFF));
        assertThat(backedOff.heldByWorker(T0.plusSeconds(6))).as("waiting, not held: a replay may cut it short")
                .isFalse();
        assertThat(backedOff.dueAt(T0.plusSeconds(6)).dueBy(T0.plusSeconds(6))).isTrue();
        assertThat(backedOff.claimed(T0.plusSeconds(6), LEASE).triedBefore()).isTrue();
        PendingPurchase twice = backedOff.claimed(T0.plusSeconds(70), LEASE).afterUnknownOutcome(T0.plusSeconds(70));
        assertThat(twice.nextAttemptAt()).as("backing off further").isEqualTo(T0.plusSeconds(70).plus(
                PendingPurchase.FIRST_BACKOFF.multipliedBy(2)));
    }

    @Test
    void aPurchaseRecordedBeforeWorkersClaimedIsLookedUpOnItsFirstClaim() {
        PendingPurchase old = new PendingPurchase(TeamId.of("acme"), "acme:purchase:1", GrantSource.TOP_UP, 1000,
                new Money(2000, "USD"), new GrantTerms(1000, null, 0, List.of()), MemberId.of("olivia"), List.of(),
                null, null, T0, 0, T0.plus(Duration.ofMinutes(1)), 0);

        assertThat(old.claimed(T0.plus(Duration.ofMinutes(1)), LEASE).triedBefore()).isTrue();
    }

    @Test
    void eachClaimTakesTheNextFencingTokenAndOnlyTheLatestClaimIsTheSame() {
        PendingPurchase first = recorded().claimed(T0, LEASE);
        PendingPurchase second = first.claimed(T0.plus(LEASE), LEASE);

        assertThat(second.claims()).isGreaterThan(first.claims());
        assertThat(second.sameClaimAs(second.dueAt(T0.plus(LEASE)))).as("cutting a back-off short is no new claim")
                .isTrue();
        assertThat(first.sameClaimAs(second)).as("the first worker's token is stale").isFalse();
        assertThat(second.sameClaimAs(second.afterUnknownOutcome(T0.plus(LEASE).plusSeconds(3))))
                .as("recording an outcome keeps the token").isTrue();
    }

    @Test
    void theLeaseRunsOnTheStoresClockWhateverTheTeamsTimeSays() {
        Instant store = T0.plusSeconds(3600);   // the database's clock, an hour ahead of the team's test time
        PendingPurchase claimed = recorded().claimed(T0, store, LEASE);

        assertThat(claimed.leaseUntil()).isEqualTo(store.plus(LEASE));
        assertThat(claimed.heldByWorker(store.plus(LEASE).minusMillis(1))).isTrue();
        assertThat(claimed.heldByWorker(store.plus(LEASE))).isFalse();
        assertThat(claimed.heldByWorker(T0.plus(LEASE).plusSeconds(1)))
                .as("a clock that is behind the store's sees the lease running").isTrue();
        assertThat(claimed.afterUnknownOutcome(T0.plusSeconds(5)).heldByWorker(store))
                .as("an outcome recorded ends the lease").isFalse();
    }

    @Test
    void aClaimLostThenAnUnknownOutcomeLeavesThePurchaseHeldByNobody() {
        Instant store = T0.minusSeconds(3600 * 24 * 365);   // a team whose test clock runs a year ahead of the store's
        PendingPurchase lost = recorded().claimed(T0, store, LEASE);             // a worker that stopped
        PendingPurchase second = lost.claimed(T0, store.plus(LEASE), LEASE);     // the next claim, after the lease
        PendingPurchase unknown = second.afterUnknownOutcome(T0.plusSeconds(1));

        assertThat(unknown.claims()).as("more claims than outcomes").isGreaterThan(unknown.attempts());
        assertThat(unknown.heldByWorker(store.plus(LEASE).plusSeconds(1))).isFalse();
        assertThat(unknown.leaseRanOut(store.plus(LEASE).plusSeconds(1))).as("no claim holds it").isFalse();
    }

    @Test
    void aLeaseThatRanOutWithoutAnOutcomeMayBeClaimedAtOnceAndItsOwnWorkerMayRenewIt() {
        Instant store = T0.plusSeconds(10);
        PendingPurchase claimed = recorded().claimed(T0, store, LEASE);

        assertThat(claimed.leaseRanOut(store.plus(LEASE).minusMillis(1))).isFalse();
        assertThat(claimed.leaseRanOut(store.plus(LEASE))).isTrue();
        PendingPurchase renewed = claimed.renewed(T0, store.plus(LEASE), LEASE);
        assertThat(renewed.sameClaimAs(claimed)).as("renewing keeps the fencing token").isTrue();
        assertThat(renewed.heldByWorker(store.plus(LEASE).plusSeconds(1))).isTrue();
    }
}
