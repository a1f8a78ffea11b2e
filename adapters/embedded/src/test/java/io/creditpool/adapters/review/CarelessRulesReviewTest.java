package io.creditpool.adapters.review;

import io.creditpool.adapters.Given;

import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpCommand;
import io.creditpool.rules.RuleSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.creditpool.adapters.Given.ACME;
import static io.creditpool.adapters.Given.ALICE;
import static io.creditpool.adapters.Given.ENT;
import static io.creditpool.adapters.Given.OLIVIA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DESIGN.md: "each [guarantee] is a test, and the kernel checks them whatever the rules say". These analyst
 * mistakes in the DRL files break Guarantees 6 and 7 because the kernel takes the rules' word for them.
 */
class CarelessRulesReviewTest {
    @TempDir
    Path rules;

    private Given withRules(Map<String, String> replaced) throws IOException {
        return Given.withRules(rules, replaced);
    }

    /** The shipped auto-top-up.drl with the "armed" condition forgotten in the firing rule. */
    private static String autoTopUpWithoutArming() {
        String shipped = RuleSource.shipped().files().get("auto-top-up.drl");
        String careless = shipped.replace("AutoTopUpState( enabled, armed, $threshold", "AutoTopUpState( enabled, $threshold");
        assertThat(careless).isNotEqualTo(shipped);
        return careless;
    }

    @Test
    void oneCrossingOfTheThresholdBuysAtMostOnceWhateverTheRulesSay() throws IOException {
        Given f = withRules(Map.of("auto-top-up.drl", autoTopUpWithoutArming())).team(ENT, 2);   // pool 1000
        assertThat(f.pool.configureAutoTopUp(new ConfigureAutoTopUpCommand(ACME, OLIVIA, true, 900, 10, null))
                .accepted()).isTrue();

        f.consume(ALICE, 200, null);   // 1000 -> 800: crosses 900, buys 10 -> 810
        f.consume(ALICE, 10, null);    // 810 -> 800: still below, same crossing
        f.consume(ALICE, 10, null);    // 800 -> 790: still below, same crossing

        assertThat(f.sandbox.charged()).as("charges for one crossing (Guarantee 7)").hasSize(1);
    }

    @Test
    void aPaidTopUpGrantsTheCreditsThatWereBoughtWhateverTheRulesSay() throws IOException {
        Given f = withRules(Map.of("top-ups.drl", """
                package io.creditpool.rules;
                import io.creditpool.rules.facts.TopUpPurchase;
                rule "A top-up costs the plan's price per credit"
                when
                    $purchase : TopUpPurchase( $credits : credits, $pricePerCredit : pricePerCredit )
                then
                    $purchase.setPrice( $credits * $pricePerCredit );
                    $purchase.setCredits( 0 );     // an analyst's slip
                end
                rule "Top-up credits never expire"
                when
                    $purchase : TopUpPurchase( source == "top-up" )
                then
                    $purchase.neverExpires();
                end
                """)).team(ENT, 2);

        assertThatThrownBy(() -> f.pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 1000, null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("A top-up grants exactly the credits that were bought");

        assertThat(f.sandbox.charged()).as("the customer is not charged for a purchase the kernel refuses").isEmpty();
        assertThat(f.metrics().topUpCredits()).isZero();
        assertThat(f.metrics().pendingPurchases()).isZero();
    }
}
