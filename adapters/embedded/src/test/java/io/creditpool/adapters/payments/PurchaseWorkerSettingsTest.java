package io.creditpool.adapters.payments;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The purchase workers' settings: read from system properties, durations in several spellings, bad ones named. */
class PurchaseWorkerSettingsTest {
    @AfterEach
    void clear() {
        System.clearProperty(PurchaseWorker.WORKERS);
        System.clearProperty(PurchaseWorker.WAIT);
        System.clearProperty(PurchaseWorker.POLL);
        System.clearProperty(PurchaseWorker.LEASE);
    }

    @Test
    void withNothingSetTheDefaultsHold() {
        assertThat(PurchaseWorker.Settings.configured()).isEqualTo(PurchaseWorker.Settings.DEFAULT);
        assertThat(PurchaseWorker.Settings.DEFAULT.workers()).isEqualTo(16);
        assertThat(PurchaseWorker.Settings.DEFAULT.waitForCharge()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void settingsAreReadInEverySpellingOfADuration() {
        System.setProperty(PurchaseWorker.WORKERS, "0");
        System.setProperty(PurchaseWorker.WAIT, "0");
        System.setProperty(PurchaseWorker.POLL, "500ms");
        System.setProperty(PurchaseWorker.LEASE, "PT90S");

        PurchaseWorker.Settings s = PurchaseWorker.Settings.configured();

        assertThat(s.workers()).isZero();
        assertThat(s.waitForCharge()).isZero();
        assertThat(s.poll()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.lease()).isEqualTo(Duration.ofSeconds(90));
        assertThat(PurchaseWorker.Settings.duration("x", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(PurchaseWorker.Settings.duration("x", "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(PurchaseWorker.Settings.duration("x", "7s")).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void aWrongSettingIsRefusedNamingIt() {
        System.setProperty(PurchaseWorker.WAIT, "soon");
        assertThatThrownBy(PurchaseWorker.Settings::configured).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("creditpool.payments.wait").hasMessageContaining("soon");
        System.setProperty(PurchaseWorker.WAIT, "-5s");
        assertThatThrownBy(PurchaseWorker.Settings::configured).hasMessageContaining("creditpool.payments.wait");
        System.clearProperty(PurchaseWorker.WAIT);
        System.setProperty(PurchaseWorker.WORKERS, "many");
        assertThatThrownBy(PurchaseWorker.Settings::configured).hasMessageContaining("creditpool.payments.workers");
        System.setProperty(PurchaseWorker.WORKERS, "-1");
        assertThatThrownBy(PurchaseWorker.Settings::configured).hasMessageContaining("creditpool.payments.workers");
        System.clearProperty(PurchaseWorker.WORKERS);
        System.setProperty(PurchaseWorker.LEASE, "0");
        assertThatThrownBy(PurchaseWorker.Settings::configured).hasMessageContaining("creditpool.payments.lease");
    }
}
