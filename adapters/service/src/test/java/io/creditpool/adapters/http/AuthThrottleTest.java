package io.creditpool.adapters.http;

import io.creditpool.Creditpool;
import io.creditpool.adapters.keys.InMemoryApiKeys;
import io.creditpool.adapters.store.StoreSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The brake on guessing keys: per client address, failures within a minute, 429 with Retry-After. */
class AuthThrottleTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void anAddressIsBrakedAfterTheLimitOfFailuresAndFreedWhenTheyAreAMinuteOld() {
        AuthThrottle throttle = new AuthThrottle(3, nanos::get);
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.retryAfterSeconds("10.0.0.1")).isEmpty();
            throttle.failed("10.0.0.1");
            nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        }
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).hasValue(30);
        assertThat(throttle.retryAfterSeconds("10.0.0.2")).as("another address").isEmpty();
        nanos.addAndGet(Duration.ofSeconds(30).toNanos());
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).as("the first failure is a minute old").isEmpty();
    }

    @Test
    void zeroTurnsTheBrakeOffAndANegativeLimitIsRefused() {
        AuthThrottle off = new AuthThrottle(0, nanos::get);
        for (int i = 0; i < 1000; i++) {
            off.failed("10.0.0.1");
        }
        assertThat(off.retryAfterSeconds("10.0.0.1")).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AuthThrottle(-1, nanos::get))
                .hasMessageContaining(AuthThrottle.SETTING);
    }

    @Test
    void theServiceAnswers429WithRetryAfterOnceAnAddressFailedTooOften() {
        InMemoryApiKeys keys = new InMemoryApiKeys();
        String key = keys.create("shop").key();
        System.setProperty(AuthThrottle.SETTING, "5");
        HttpService service;
        Creditpool pool = Creditpool.builder().store(StoreSettings.MEMORY).build();
        try {
            service = HttpService.start(pool, keys, 0);
        } finally {
            System.clearProperty(AuthThrottle.SETTING);
        }
        try {
            for (int i = 0; i < 5; i++) {
                RawHttp.Answer wrong = RawHttp.send(service.port(), "GET", "/v1/plans",
                        Map.of("Authorization", "Bearer guess-" + i), null);
                assertThat(wrong.status()).isEqualTo(401);
            }
            RawHttp.Answer braked = RawHttp.send(service.port(), "GET", "/v1/plans",
                    Map.of("Authorization", "Bearer guess-5"), null);
            assertThat(braked.status()).isEqualTo(429);
            assertThat(braked.isProblem()).isTrue();
            assertThat(braked.json().path("code").asText()).isEqualTo("too-many-failed-keys");
            assertThat(Long.parseLong(braked.headers().get("retry-after"))).isBetween(1L, 60L);
            // while braked, the address's keys are not even looked at
            assertThat(RawHttp.send(service.port(), "GET", "/v1/plans", Map.of("Authorization", "Bearer " + key),
                    null).status()).isEqualTo(429);
            // what needs no key is not braked
            assertThat(RawHttp.send(service.port(), "GET", "/health", Map.of(), null).status()).isEqualTo(200);
        } finally {
            service.close();
            pool.close();
        }
    }
}
