package io.creditpool.adapters.http.portal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.http.HttpService;
import io.creditpool.adapters.keys.InMemoryApiKeys;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.TeamId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The page's guards seen from HTTP, without a browser: the session cookie's attributes over plain HTTP and behind TLS,
 * the headers that say who may frame the page, forms without a session or token, and the product settings.
 */
class PortalHttpTest {
    static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    static Creditpool pool;
    static HttpService service;
    static String key;

    @BeforeAll
    static void start() {
        pool = Creditpool.builder().clock(new ManualClock(Instant.parse("2026-01-05T10:00:00Z")))
                .payments(new SandboxPaymentGateway()).store(StoreSettings.MEMORY).build();
        InMemoryApiKeys keys = new InMemoryApiKeys();
        key = keys.create("plain-product").key();
        service = HttpService.start(pool, keys, 0);
        post("/v1/teams", "{\"team\":\"acme\",\"plan\":\"team\",\"seats\":2,\"owner\":\"olivia\"}");
    }

    @AfterAll
    static void stop() {
        service.close();
        pool.close();
    }

    @Test
    void overPlainHttpTheCookieIsHttpOnlyAndSameSiteLaxAndThePageMayNotBeFramed() throws Exception {
        HttpResponse<String> opened = get(link(), null);

        assertThat(opened.statusCode()).isEqualTo(303);
        String cookie = opened.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith(Portal.COOKIE + "=").contains("HttpOnly", "SameSite=Lax", "Path=/portal")
                .doesNotContain("Secure");
        assertThat(opened.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("frame-ancestors 'none'", "form-action 'self'");
        assertThat(opened.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(opened.headers().firstValue("Referrer-Policy")).contains("no-referrer");

        HttpResponse<String> page = get("http://127.0.0.1:" + service.port() + "/portal",
                cookie.substring(0, cookie.indexOf(';')));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(page.body()).contains("Credits &amp; Billing", "olivia");
    }

    @Test
    void behindTlsTheCookieIsSecureAndSameSiteNoneSoThatAFrameOnTheHostsSiteKeepsIt() throws Exception {
        HttpResponse<String> opened = CLIENT.send(HttpRequest.newBuilder(URI.create(link()))
                .header("X-Forwarded-Proto", "https").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(opened.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure", "HttpOnly",
                "SameSite=None");
    }

    @Test
    void aFormWithoutASessionOrWithAWrongTokenChangesNothing() throws Exception {
        int entries = pool.ledger(TeamId.of("plain-product:acme")).size();
        HttpResponse<String> noSession = postForm(null, "member=mallory&role=admin&request_id=x1&csrf=guess");
        assertThat(noSession.statusCode()).isEqualTo(401);
        assertThat(noSession.body()).contains("Your session has ended");

        String cookie = get(link(), null).headers().firstValue("Set-Cookie").orElseThrow();
        HttpResponse<String> wrong = postForm(cookie.substring(0, cookie.indexOf(';')),
                "member=mallory&role=admin&request_id=x2&csrf=guess");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).contains("This form was refused");
        HttpResponse<String> none = postForm(cookie.substring(0, cookie.indexOf(';')),
                "member=mallory&role=admin&request_id=x3");
        assertThat(none.statusCode()).isEqualTo(403);

        assertThat(pool.ledger(TeamId.of("plain-product:acme"))).hasSize(entries);
    }

    @Test
    void aLinkTokenThatWasNeverMadeOpensNothing() throws Exception {
        HttpResponse<String> reply = get("http://127.0.0.1:" + service.port() + "/portal/sessions/made-up", null);

        assertThat(reply.statusCode()).isEqualTo(410);
        assertThat(reply.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void productSettingsAreReadFromPropertiesAndBadOnesAreRefusedNamingTheProperty() {
        Properties p = new Properties();
        p.setProperty("creditpool.portal.shop.frame-ancestors", "https://app.shop.example, https://admin.shop.example");
        p.setProperty("creditpool.portal.shop.accent", "#112233");
        p.setProperty("creditpool.portal.shop.logo", "https://cdn.shop.example/logo.svg");
        p.setProperty("creditpool.portal.link-ttl", "PT2M");
        PortalSettings settings = PortalSettings.fromProperties(p);

        assertThat(settings.branding("shop").frameAncestors()).containsExactly("https://app.shop.example",
                "https://admin.shop.example");
        assertThat(settings.branding("shop").accent()).isEqualTo("#112233");
        assertThat(settings.branding("other").frameAncestors()).isEmpty();
        assertThat(settings.linkTtl()).hasMinutes(2);

        p.setProperty("creditpool.portal.shop.accent", "red;}body{display:none");
        assertThatThrownBy(() -> PortalSettings.fromProperties(p)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("creditpool.portal.shop.accent");
        p.setProperty("creditpool.portal.shop.accent", "#ffd700");
        assertThatThrownBy(() -> PortalSettings.fromProperties(p)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("creditpool.portal.shop.accent").hasMessageContaining("contrast of 1.4:1");
        p.setProperty("creditpool.portal.shop.accent", "#112233");
        p.setProperty("creditpool.portal.shop.frame-ancestors", "https://ok.example; script-src *");
        assertThatThrownBy(() -> PortalSettings.fromProperties(p)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("frame-ancestors");
        assertThat(PortalSettings.contrastWithWhite(PortalSettings.DEFAULT_ACCENT))
                .isGreaterThanOrEqualTo(PortalSettings.MIN_CONTRAST);
    }

    static String link() throws Exception {
        String body = post("/v1/portal-sessions", "{\"team\":\"acme\",\"member\":\"olivia\"}");
        return new ObjectMapper().readTree(body).path("url").asText();
    }

    static HttpResponse<String> get(String url, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postForm(String cookie, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port()
                + "/portal/members")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String post(String path, String json) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
