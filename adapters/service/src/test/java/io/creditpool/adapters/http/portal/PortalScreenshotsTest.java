package io.creditpool.adapters.http.portal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.http.HttpService;
import io.creditpool.adapters.keys.InMemoryApiKeys;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.InviteMemberCommand;
import io.creditpool.kernel.port.in.SetMemberLimitCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page as people see it: the owner's and a member's view on a desktop and the owner's on a phone (390 px wide),
 * with a branded product (logo, accent colour, return link). Checks that nothing runs off the side of a phone screen
 * and that every form field has a label. With {@code -Dcreditpool.screenshots=DIR} it saves {@code owner.png},
 * {@code member.png} and {@code mobile.png} in {@code DIR} (the README's pictures; see the README for the command).
 */
class PortalScreenshotsTest {
    static final String PRODUCT = "studio";
    static final TeamId TEAM = TeamId.of(PRODUCT + ":acme");
    static final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T09:00:00Z"));
    static Creditpool pool;
    static HttpService service;
    static HttpServer host;
    static String key;
    static ChromeDriver browser;

    @BeforeAll
    static void start() throws IOException {
        host = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        host.createContext("/logo.svg", exchange -> {
            byte[] logo = ("<svg xmlns='http://www.w3.org/2000/svg' width='120' height='36' viewBox='0 0 120 36'>"
                    + "<rect width='36' height='36' rx='8' fill='#6a2cc9'/><text x='9' y='26' font-size='22' "
                    + "font-family='sans-serif' fill='#fff' font-weight='700'>S</text><text x='44' y='25' "
                    + "font-size='18' font-family='sans-serif' fill='#222' font-weight='700'>Studio</text></svg>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "image/svg+xml");
            exchange.sendResponseHeaders(200, logo.length);
            exchange.getResponseBody().write(logo);
            exchange.close();
        });
        host.start();
        System.setProperty("creditpool.portal." + PRODUCT + ".logo", "http://localhost:" + host.getAddress().getPort()
                + "/logo.svg");
        System.setProperty("creditpool.portal." + PRODUCT + ".accent", "#6a2cc9");
        System.setProperty("creditpool.portal." + PRODUCT + ".return-url", "https://studio.example.com/settings");
        pool = Creditpool.builder().clock(clock).payments(new SandboxPaymentGateway()).store(StoreSettings.MEMORY)
                .build();
        InMemoryApiKeys keys = new InMemoryApiKeys();
        key = keys.create(PRODUCT).key();
        service = HttpService.start(pool, keys, 0);
        aMonthOfWork();
        browser = Browser.start(1200, 900);
    }

    /** An enterprise team of five seats: four members working through twelve days, a top-up, auto top-up on. */
    static void aMonthOfWork() {
        MemberId olivia = MemberId.of("olivia");
        pool.createTeam(new CreateTeamCommand(TEAM, "enterprise", 5, olivia, 1, null));
        for (String[] m : new String[][] {{"ada", "admin"}, {"alice", "member"}, {"bob", "member"}}) {
            pool.invite(new InviteMemberCommand(TEAM, olivia, MemberId.of(m[0]),
                    m[1].equals("admin") ? Role.ADMIN : Role.MEMBER, null));
        }
        pool.setLimit(new SetMemberLimitCommand(TEAM, olivia, MemberId.of("alice"), MemberLimit.of(1500), null));
        pool.setLimit(new SetMemberLimitCommand(TEAM, olivia, MemberId.of("bob"), MemberLimit.of(600), null));
        pool.createGroup(new io.creditpool.kernel.port.in.CreateGroupCommand(TEAM, olivia,
                io.creditpool.kernel.domain.GroupId.of("design"), "Design", io.creditpool.kernel.domain.GroupCap.of(2_000),
                null));
        for (String m : new String[] {"alice", "bob"}) {
            pool.moveMember(new io.creditpool.kernel.port.in.MoveMemberCommand(TEAM, olivia, MemberId.of(m),
                    io.creditpool.kernel.domain.GroupId.of("design"), null));
        }
        String[] who = {"olivia", "ada", "alice", "bob"};
        for (int day = 0; day < 12; day++) {
            for (int i = 0; i < who.length; i++) {
                long credits = 20 + ((day * 37L + i * 53L) % 90);
                pool.consume(TEAM.value(), who[i], credits, null);
            }
            clock.advance(Duration.ofDays(1));
        }
        pool.buyTopUp(new BuyTopUpCommand(TEAM, olivia, 2000, null));
        pool.configureAutoTopUp(new ConfigureAutoTopUpCommand(TEAM, olivia, true, 1000, 2000, 10_000L, null));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        service.close();
        pool.close();
        host.stop(0);
    }

    @Test
    void theOwnersPageOnADesktop() throws Exception {
        open("olivia", 1200);
        assertThat(browser.findElement(By.cssSelector("img.logo")).getAttribute("naturalWidth"))
                .as("the product's logo loads").isNotEqualTo("0");
        assertThat(browser.findElements(By.cssSelector("svg.chart rect"))).hasSizeGreaterThan(12);
        everyFieldIsLabelled();
        save("owner.png");
    }

    @Test
    void aMembersPage() throws Exception {
        open("alice", 1200);
        assertThat(browser.findElement(By.id("my-limit")).getText()).isEqualTo("1,500 credits");
        save("member.png");
    }

    @Test
    void theOwnersPageOnAPhoneFitsItsWidth() throws Exception {
        open("olivia", 390);
        long overflow = (Long) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow).as("pixels running off the side of the screen").isLessThanOrEqualTo(0);
        save("mobile.png");
    }

    static void everyFieldIsLabelled() {
        Object unlabelled = ((JavascriptExecutor) browser).executeScript("""
                return Array.from(document.querySelectorAll('input:not([type=hidden]), select'))
                  .filter(f => !(f.labels && f.labels.length) && !f.getAttribute('aria-label'))
                  .map(f => f.name);""");
        assertThat((java.util.List<?>) unlabelled).isEmpty();
    }

    static void open(String member, int width) throws Exception {
        HttpResponse<String> link = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + service.port() + "/v1/portal-sessions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"team\":\"acme\",\"member\":\"" + member + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        browser.manage().deleteAllCookies();
        browser.manage().window().setSize(new Dimension(width, 900));
        browser.get(new ObjectMapper().readTree(link.body()).path("url").asText());
        assertThat(browser.findElement(By.id("balance")).getText()).isNotBlank();
    }

    /** The whole page as a PNG in the folder {@code creditpool.screenshots} names, when it names one. */
    static void save(String name) throws IOException {
        String folder = System.getProperty("creditpool.screenshots");
        if (folder == null) {
            return;
        }
        // the whole page, beyond the window, through the DevTools protocol Chromium speaks
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> metrics = (java.util.Map<String, Object>) browser.executeCdpCommand(
                "Page.getLayoutMetrics", java.util.Map.of()).get("cssContentSize");
        java.util.Map<String, Object> clip = java.util.Map.of("x", 0, "y", 0, "width", metrics.get("width"),
                "height", metrics.get("height"), "scale", 1);
        String png = (String) browser.executeCdpCommand("Page.captureScreenshot", java.util.Map.of("format", "png",
                "captureBeyondViewport", true, "clip", clip)).get("data");
        Path target = Path.of(folder).resolve(name);
        Files.createDirectories(target.getParent());
        Files.write(target, java.util.Base64.getDecoder().decode(png));
    }
}
