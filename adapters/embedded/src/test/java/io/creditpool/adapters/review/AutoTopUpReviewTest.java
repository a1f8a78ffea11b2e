package io.creditpool.adapters.review;

import io.creditpool.adapters.Given;

import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpCommand;
import org.junit.jupiter.api.Test;

import static io.creditpool.adapters.Given.ACME;
import static io.creditpool.adapters.Given.ALICE;
import static io.creditpool.adapters.Given.ENT;
import static io.creditpool.adapters.Given.OLIVIA;
import static org.assertj.core.api.Assertions.assertThat;

class AutoTopUpReviewTest {
    /**
     * AutoTopUp.keepingStateOf promises to keep the run-time state (armed, in flight) of the previous settings but
     * keeps only inFlight: saving the settings again re-arms auto top-up while the pool is still below the
     * threshold, so one crossing buys twice (Guarantee 7, issue 2 behaviour 6).
     */
    @Test
    void savingTheSameSettingsAgainDoesNotReArmWhileThePoolStaysBelowTheThreshold() {
        Given f = Given.creditpool().team(ENT, 2);      // pool 1000
        ConfigureAutoTopUpCommand settings = new ConfigureAutoTopUpCommand(ACME, OLIVIA, true, 900, 50, null);
        assertThat(f.pool.configureAutoTopUp(settings).accepted()).isTrue();

        f.consume(ALICE, 200, null);       // 1000 -> 800 < 900: buys 50 -> 850, still below; disarmed
        assertThat(f.metrics().charges()).isEqualTo(1);
        assertThat(f.metrics().autoTopUp().armed()).isFalse();

        // the owner opens the settings page and saves without changing anything
        Decision saved = f.pool.configureAutoTopUp(settings);
        assertThat(saved.accepted()).isTrue();

        f.consume(ALICE, 10, null);        // 850 -> 840: below all along, the same crossing
        assertThat(f.metrics().charges()).as("purchases for one crossing of the threshold").isEqualTo(1);
    }
}
