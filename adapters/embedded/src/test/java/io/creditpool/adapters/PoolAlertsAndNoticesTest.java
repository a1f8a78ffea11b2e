package io.creditpool.adapters;

import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.out.CreditEvent;
import io.creditpool.rules.RuleSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.creditpool.adapters.Given.ACME;
import static io.creditpool.adapters.Given.ALICE;
import static io.creditpool.adapters.Given.OLIVIA;
import static io.creditpool.adapters.Given.STD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through the Java API, on rules an analyst changed: the pool tells its owner {@code pool-low} at the shares of the
 * monthly plan credits the plan's row of alert-levels.csv names, once per crossing, the highest share first; a rule's
 * notice reaches the host beside an accepted consumption, never beside a denied one, and a replay tells nothing.
 */
class PoolAlertsAndNoticesTest {
    private final List<CreditEvent> events = new ArrayList<>();

    private Given givenPoolAlertsAt30And10PercentAndANoticeOnBigSpends(Path folder) throws IOException {
        String levels = RuleSource.shipped().files().get("alert-levels.csv");
        String standard = "Standard plans' alert levels,plan-parameters,standard,\"80, 100\",,true";
        assertThat(levels).contains(standard);
        Files.writeString(folder.resolve("big-spends.drl"), """
                rule "A consumption of 300 credits or more is noted for the member"
                    ruleflow-group "follow-up"
                when
                    $c : Consumption( credits >= 300 )
                    $verdict : Verdict( accepted )
                then
                    $verdict.notice( "big-spend", $c.getMemberId() + " used " + $c.getCredits() + " credits at once" );
                end
                """);
        Given given = Given.withRules(folder, Map.of("alert-levels.csv", levels.replace(standard,
                "Standard plans' alert levels,plan-parameters,standard,\"80, 100\",\"10, 30\",true"))).team(STD, 2);
        given.pool.subscribe(events::add);
        return given;
    }

    private <T extends CreditEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void thePoolTellsItsOwnerEachShareOncePerCrossing(@TempDir Path folder) throws IOException {
        Given given = givenPoolAlertsAt30And10PercentAndANoticeOnBigSpends(folder);   // 1,000 plan credits a month

        given.consume(ALICE, 690, null);    // 1000 -> 310: above 30 percent
        assertThat(events(CreditEvent.PoolLow.class)).isEmpty();
        given.consume(ALICE, 10, "at-300");  // 310 -> 300: at 30 percent
        given.consume(ALICE, 10, "at-300");  // the replay tells nothing
        given.consume(ALICE, 10, null);      // 300 -> 290: still under, not told again
        assertThat(events(CreditEvent.PoolLow.class)).singleElement().satisfies(e -> {
            assertThat(e.owner()).isEqualTo(OLIVIA);
            assertThat(e.percent()).isEqualTo(30);
            assertThat(e.balance()).isEqualTo(300);
            assertThat(e.level()).isEqualTo(300);
        });

        events.clear();
        given.consume(ALICE, 290, null);     // 290 -> 0: past 10 percent
        assertThat(events(CreditEvent.PoolLow.class)).extracting(CreditEvent.PoolLow::percent).containsExactly(10);

        events.clear();
        given.pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 1_000, null));   // 0 -> 1,000
        given.pool.settlePurchases();
        given.consume(ALICE, 950, null);     // 1,000 -> 50: past both again, the highest share first
        assertThat(events(CreditEvent.PoolLow.class)).extracting(CreditEvent.PoolLow::percent)
                .containsExactly(30, 10);
    }

    @Test
    void aRulesNoticeIsToldBesideAnAcceptedConsumptionOnly(@TempDir Path folder) throws IOException {
        Given given = givenPoolAlertsAt30And10PercentAndANoticeOnBigSpends(folder);

        given.consume(ALICE, 100, null);
        assertThat(events(CreditEvent.Notice.class)).isEmpty();
        Decision big = given.consume(ALICE, 300, "big");
        assertThat(big.accepted()).isTrue();
        given.consume(ALICE, 300, "big");    // the replay tells nothing
        assertThat(events(CreditEvent.Notice.class)).singleElement().satisfies(n -> {
            assertThat(n.member()).isEqualTo(ALICE);
            assertThat(n.code()).isEqualTo("big-spend");
            assertThat(n.message()).isEqualTo("alice used 300 credits at once");
        });

        events.clear();
        Decision over = given.consume(ALICE, 5_000, null);
        assertThat(over.accepted()).isFalse();
        assertThat(events(CreditEvent.Notice.class)).as("a denied consumption tells no notice").isEmpty();
    }
}
