package io.creditpool.adapters.jdbc;

import io.creditpool.adapters.sessions.InMemoryPageSessions;
import io.creditpool.adapters.sessions.PageSessions;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.TeamId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page's links and sessions as each store keeps them: a link is taken once and not after it expired, a session
 * ends at its expiry or when ended, a message is shown once, and expired rows are purged.
 */
class PageSessionsTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final PageSessions.Who OLIVIA = new PageSessions.Who("shop", TeamId.of("shop:acme"), "acme",
            MemberId.of("olivia"), "https://shop.example/account");

    private static void with(String kind, Consumer<PageSessions> check) {
        if (kind.equals("memory")) {
            check.accept(new InMemoryPageSessions());
            return;
        }
        try (JdbcCreditStore store = JdbcCreditStore.open(TestDatabases.of(kind))) {
            check.accept(store.pageSessions());
            store.closeAndDiscard();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "sqlite", "h2", "postgres"})
    void aLinkIsTakenOnceAndNotAfterItExpired(String kind) {
        with(kind, sessions -> {
            sessions.saveLink("h1", OLIVIA, NOW.plus(Duration.ofMinutes(5)));
            sessions.saveLink("h2", OLIVIA, NOW.plus(Duration.ofMinutes(5)));

            assertThat(sessions.takeLink("h1", NOW)).contains(OLIVIA);
            assertThat(sessions.takeLink("h1", NOW)).as("taken once").isEmpty();
            assertThat(sessions.takeLink("h2", NOW.plus(Duration.ofMinutes(5)))).as("expired").isEmpty();
            assertThat(sessions.takeLink("h2", NOW)).as("an expired link is used up too").isEmpty();
            assertThat(sessions.takeLink("never-made", NOW)).isEmpty();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "sqlite", "h2", "postgres"})
    void aSessionLastsUntilItExpiresOrEndsAndItsMessageIsShownOnce(String kind) {
        with(kind, sessions -> {
            Instant end = NOW.plus(Duration.ofHours(1));
            sessions.saveSession("s1", new PageSessions.Session(OLIVIA, "csrf-1", end));
            sessions.saveSession("s2", new PageSessions.Session(OLIVIA, "csrf-2", end));

            assertThat(sessions.session("s1", NOW)).hasValueSatisfying(s -> {
                assertThat(s.who()).isEqualTo(OLIVIA);
                assertThat(s.csrf()).isEqualTo("csrf-1");
            });
            assertThat(sessions.takeFlash("s1")).isEmpty();
            sessions.flash("s1", new PageSessions.Flash(false, "Not done: the pool is empty"));
            assertThat(sessions.takeFlash("s1")).contains(new PageSessions.Flash(false, "Not done: the pool is empty"));
            assertThat(sessions.takeFlash("s1")).as("shown once").isEmpty();
            assertThat(sessions.takeFlash("s2")).as("another session's message").isEmpty();
            assertThat(sessions.session("s1", end)).as("expired").isEmpty();

            sessions.endSession("s2");
            assertThat(sessions.session("s2", NOW)).isEmpty();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "sqlite", "h2", "postgres"})
    void expiredLinksAndSessionsArePurgedAndLiveOnesKept(String kind) {
        with(kind, sessions -> {
            sessions.saveLink("old-link", OLIVIA, NOW.minusSeconds(1));
            sessions.saveLink("live-link", OLIVIA, NOW.plusSeconds(60));
            sessions.saveSession("old-session", new PageSessions.Session(OLIVIA, "c1", NOW));
            sessions.saveSession("live-session", new PageSessions.Session(OLIVIA, "c2", NOW.plusSeconds(60)));

            assertThat(sessions.purge(NOW)).isEqualTo(2);
            assertThat(sessions.purge(NOW)).isZero();
            assertThat(sessions.session("live-session", NOW)).isPresent();
            assertThat(sessions.takeLink("live-link", NOW)).contains(OLIVIA);
        });
    }
}
