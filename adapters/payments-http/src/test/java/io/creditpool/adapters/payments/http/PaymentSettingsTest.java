package io.creditpool.adapters.payments.http;

import io.creditpool.adapters.payments.http.HttpCardProcessor.Settings;
import io.creditpool.adapters.payments.http.ProcessorImitation.Reply;
import io.creditpool.kernel.domain.Money;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.ChargeRequest;
import io.creditpool.kernel.port.out.PaymentGateway.ChargeOutcomeUnknownException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The http plugin's settings, after its URL ({@code http:URL?timeout=5s}) or in a properties file: each applied. */
class PaymentSettingsTest {
    private static final Function<String, String> NONE = name -> null;

    private final ProcessorImitation processor = ProcessorImitation.start();
    private final Function<String, String> key = name -> name.equals(HttpCardProcessor.KEY_VARIABLE)
            ? processor.secretKey() : null;

    @AfterEach
    void stop() {
        processor.close();
    }

    private HttpCardProcessor open(String settings) {
        return HttpCardProcessor.fromSettings(settings, NONE, key);
    }

    private static ChargeRequest topUp(String k) {
        return new ChargeRequest(TeamId.of("acme"), k, new Money(1999, "USD"), "top-up", "inst");
    }

    @Test
    void everySettingAfterTheUrlIsRead() {
        HttpCardProcessor plugin = open(processor.baseUrl() + "?timeout=5s&connect-timeout=750ms&attempts=2"
                + "&backoff=200ms&lookback=30d");

        assertThat(plugin.settings()).isEqualTo(new Settings(Duration.ofSeconds(5), Duration.ofMillis(750), 2,
                Duration.ofMillis(200), Duration.ofDays(30)));
        assertThat(plugin.backoff(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(plugin.toString()).doesNotContain("?");
        assertThat(plugin.charge(topUp("k-1")).succeeded()).as("the URL without its settings").isTrue();
    }

    @Test
    void aUrlWithoutSettingsKeepsTheDefaults() {
        assertThat(open(processor.baseUrl().toString()).settings()).isEqualTo(Settings.DEFAULTS);
        assertThat(open(processor.baseUrl() + "?attempts=4").settings())
                .isEqualTo(Settings.DEFAULTS.withAttempts(4));
    }

    @Test
    void aTimeoutOf200MillisecondsGivesUpOnAProcessorThatHangs() {
        processor.delayAfterCharge(Duration.ofSeconds(20));
        processor.script(Reply.TIMEOUT_AFTER_CHARGE);
        HttpCardProcessor plugin = open(processor.baseUrl() + "?timeout=200ms&attempts=1");

        assertThatThrownBy(() -> plugin.charge(topUp("k-1"))).isInstanceOf(ChargeOutcomeUnknownException.class)
                .hasMessageContaining("no answer within 200 ms").hasMessageContaining("1 attempts");
        assertThat(processor.requests()).isEqualTo(1);
    }

    @Test
    void theNumberOfAttemptsIsApplied() {
        processor.script(Reply.SERVER_ERROR, Reply.SERVER_ERROR, Reply.SERVER_ERROR);

        assertThatThrownBy(() -> open(processor.baseUrl() + "?attempts=2&backoff=0ms").charge(topUp("k-1")))
                .isInstanceOf(ChargeOutcomeUnknownException.class).hasMessageContaining("2 attempts");
        assertThat(processor.requests()).isEqualTo(2);
    }

    @Test
    void theSettingsMayComeFromAPropertiesFile(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("payments.properties");
        Files.writeString(file, "# the card processor\nurl=" + processor.baseUrl() + "\ntimeout=4s\nattempts=5\n"
                + "backoff=1s\n");

        HttpCardProcessor plugin = open("@" + file);

        assertThat(plugin.settings()).isEqualTo(Settings.DEFAULTS.withRequestTimeout(Duration.ofSeconds(4))
                .withAttempts(5).withFirstBackoff(Duration.ofSeconds(1)));
        assertThat(plugin.charge(topUp("k-1")).succeeded()).isTrue();
        assertThat(new HttpCardProcessor.Plugin().name()).isEqualTo("http");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "timeout=5 parsecs      | timeout",
            "timeout=0ms            | timeout",
            "timeout=               | timeout",
            "timeout=-5s            | timeout",
            "connect-timeout=fast   | connect-timeout",
            "attempts=0             | attempts",
            "attempts=11            | attempts",
            "attempts=two           | attempts",
            "backoff=3s             | backoff",
            "backoff=1.5s           | backoff",
            "lookback=0d            | lookback",
            "retries=3              | retries",
            "attempts=2&attempts=3  | attempts"})
    void aBadSettingIsRefusedNamingIt(String query, String setting) {
        assertThatThrownBy(() -> open(processor.baseUrl() + "?" + query))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(setting + ":");
    }

    @Test
    void aBadSettingsFileIsRefusedNamingWhatIsWrong(@TempDir Path folder) throws IOException {
        assertThatThrownBy(() -> open("@" + folder.resolve("missing.properties")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.properties");
        assertThatThrownBy(() -> open("@")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("settings file");
        Path noUrl = folder.resolve("no-url.properties");
        Files.writeString(noUrl, "timeout=5s\n");
        assertThatThrownBy(() -> open("@" + noUrl)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("url:");
        Path withKey = folder.resolve("with-key.properties");
        Files.writeString(withKey, "url=" + processor.baseUrl() + "\nkey=sk_live_123\n");
        assertThatThrownBy(() -> open("@" + withKey)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("key:").hasMessageContaining(HttpCardProcessor.KEY_VARIABLE)
                .hasMessageNotContaining("sk_live_123");
        Path badValue = folder.resolve("bad.properties");
        Files.writeString(badValue, "url=" + processor.baseUrl() + "\nbackoff=soon\n");
        assertThatThrownBy(() -> open("@" + badValue)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("backoff:");
    }

    @Test
    void aBadSettingIsRefusedThroughThePluginRegistryNamingTheSetting() {
        assertThatThrownBy(() -> io.creditpool.adapters.payments.PaymentPlugins.open("http:" + processor.baseUrl()
                + "?timeout=soon")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("creditpool.payments").hasMessageContaining("timeout:");
    }
}
