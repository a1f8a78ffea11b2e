package io.creditpool.adapters.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.keys.InMemoryApiKeys;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.adapters.store.StoreSettings;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Stopping the service: a request in flight (a slow charge) finishes, then it stops and says so in one line. */
class StopTest {
    @Test
    void aTopUpInFlightFinishesBeforeTheServiceStopsAndTheStopIsLogged() throws Exception {
        SandboxPaymentGateway sandbox = new SandboxPaymentGateway();
        CountDownLatch charging = new CountDownLatch(1);
        InMemoryApiKeys keys = new InMemoryApiKeys();
        String key = keys.create("shop").key();
        Creditpool pool = Creditpool.builder().clock(new ManualClock(Instant.parse("2026-01-05T10:00:00Z")))
                .payments(request -> {
                    charging.countDown();
                    return sandbox.charge(request);
                }).store(StoreSettings.MEMORY).build();
        HttpService service = HttpService.start(pool, keys, 0);
        Map<String, String> auth = Map.of("Authorization", "Bearer " + key, "Content-Type", "application/json",
                "Creditpool-Member", "olivia");
        assertThat(RawHttp.send(service.port(), "POST", "/v1/teams", auth, ("{\"team\":\"acme\",\"plan\":\"team\","
                + "\"seats\":1,\"owner\":\"olivia\"}").getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(201);
        sandbox.answerAfter(Duration.ofSeconds(2));

        Logger logger = (Logger) LoggerFactory.getLogger("io.creditpool.http");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.addAppender(lines);
        try {
            CompletableFuture<RawHttp.Answer> topUp = CompletableFuture.supplyAsync(() -> RawHttp.send(
                    service.port(), "POST", "/v1/teams/acme/top-ups", auth,
                    "{\"credits\":100}".getBytes(StandardCharsets.UTF_8)));
            assertThat(charging.await(30, TimeUnit.SECONDS)).as("the charge started").isTrue();
            service.close();
            RawHttp.Answer answer = topUp.get(30, TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().path("balance").asLong()).isEqualTo(600);
        } finally {
            logger.detachAppender(lines);
            logger.setLevel(level);
            pool.close();
        }
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(line -> line.startsWith("stopped ") && line.contains("requests_cut=0"));
    }
}
