package io.creditpool.adapters.http.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.http.HttpService;
import io.creditpool.adapters.keys.InMemoryApiKeys;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.adapters.payments.SandboxPaymentGateway.Behaviour;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.InviteMemberCommand;
import io.creditpool.kernel.port.in.ChangeRoleCommand;
import io.creditpool.kernel.port.in.TeamMetrics;
import io.creditpool.rules.RuleSource;
import io.creditpool.RulesReload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Credits &amp; Billing page in headless Chromium against a real {@link HttpService} on a loopback port: links made
 * through the API with a product key, every action as the owner, an admin and a member, what each may not do, expired
 * and reused links, a CSRF attempt, framing by an allowed and a refused host, and a rules change seen after a reload.
 * Browsers reach the service as {@code localhost}; the host product's pages are served from another port.
 */
class PortalBrowserTest {
    static final Instant START = Instant.parse("2026-01-05T10:00:00Z");
    static final String PRODUCT = "portal-shop";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final AtomicInteger TEAMS = new AtomicInteger();

    static final ManualClock clock = new ManualClock(START);
    static final SandboxPaymentGateway sandbox = new SandboxPaymentGateway();
    static Path rules;
    static Creditpool pool;
    static HttpService service;
    static String key;
    static HttpServer host;
    static ChromeDriver browser;

    @BeforeAll
    static void start() throws IOException {
        host = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        host.createContext("/", exchange -> {
            Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
            String page = switch (exchange.getRequestURI().getPath()) {
                case "/host.html" -> "<!doctype html><title>Host product</title><h1>Workspace settings</h1>"
                        + "<iframe id=\"portal\" title=\"Credits &amp; Billing\" width=\"1000\" height=\"900\" src=\""
                        + q.get("src") + "\"></iframe>";
                // a page of another site that tries to make the member's browser invite someone
                case "/attack.html" -> "<!doctype html><title>Win a prize</title><form id=\"f\" method=\"post\" "
                        + "action=\"" + q.get("target") + "/portal/members\"><input name=\"member\" value=\"mallory\">"
                        + "<input name=\"role\" value=\"admin\"><input name=\"request_id\" value=\"forged-1\">"
                        + "<button id=\"go\">Claim</button></form>";
                default -> "";
            };
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(page.isEmpty() ? 404 : 200, page.isEmpty() ? -1 : body.length);
            if (!page.isEmpty()) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        host.start();
        // the product may be framed by its own pages on localhost, not by the same pages reached as 127.0.0.1
        System.setProperty("creditpool.portal." + PRODUCT + ".frame-ancestors",
                "http://localhost:" + host.getAddress().getPort());
        System.setProperty("creditpool.portal." + PRODUCT + ".accent", "#0b6e4f");
        System.setProperty("creditpool.portal." + PRODUCT + ".return-url", "https://shop.example.com/settings");
        rules = Files.createTempDirectory("portal-rules-");
        for (Map.Entry<String, String> file : RuleSource.shipped().files().entrySet()) {
            Files.writeString(rules.resolve(file.getKey()), file.getValue());
        }
        try (InputStream plans = RuleSource.class.getResourceAsStream("/io/creditpool/rules/plans.csv")) {
            Files.write(rules.resolve("plans.csv"), plans.readAllBytes());
        }
        pool = Creditpool.builder().clock(clock).payments(sandbox).store(StoreSettings.MEMORY).rules(rules)
                .planTable(rules.resolve("plans.csv")).build();
        InMemoryApiKeys keys = new InMemoryApiKeys();
        key = keys.create(PRODUCT).key();
        service = HttpService.start(pool, keys, 0);
        browser = Browser.start(1100, 1400);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.close();
        }
        if (pool != null) {
            pool.close();
        }
        if (host != null) {
            host.stop(0);
        }
    }

    @BeforeEach
    void freshBrowser() {
        if (browser != null) {
            browser.manage().deleteAllCookies();
        }
    }

    // ---- the owner

    @Test
    void theOwnerSeesCreditsSeatsAndMembersAndInvitesAMember() {
        String team = team("team", 3, "olivia");
        consume(team, "olivia", 120);
        open(link(team, "olivia"));

        assertThat(text("balance")).isEqualTo("1,380");
        assertThat(text("plan-credits")).isEqualTo("1,380");
        assertThat(text("top-up-credits")).isEqualTo("0");
        assertThat(text("seats")).isEqualTo("1 of 3 used");
        assertThat(text("activity")).contains("olivia used 120 credits");
        assertThat(browser.findElement(By.cssSelector("svg.chart rect")).getAttribute("fill")).isNotBlank();

        browser.findElement(By.id("invite-member")).sendKeys("bob");
        new Select(browser.findElement(By.id("invite-role"))).selectByValue("admin");
        submit(By.cssSelector("#invite button"));

        assertThat(text("flash")).isEqualTo("bob was invited as admin.");
        assertThat(browser.switchTo().activeElement().getAttribute("id")).as("the outcome has the focus")
                .isEqualTo("flash");
        assertThat(text("member-bob")).contains("admin");
        assertThat(text("seats-available")).isEqualTo("1");
        assertThat(metrics(team).member(MemberId.of("bob")).role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void whenNoSeatIsLeftThePageSaysSoInsteadOfOfferingAnInvite() {
        String team = team("team", 1, "olivia");
        open(link(team, "olivia"));

        assertThat(text("no-seats")).startsWith("No seats left");
        assertThat(browser.findElements(By.id("invite"))).isEmpty();
    }

    @Test
    void theOwnerSetsALimitThenUnlimitedChangesARoleAndRemovesAMember() {
        String team = team("team", 3, "olivia");
        invite(team, "olivia", "alice", Role.MEMBER);
        open(link(team, "olivia"));

        browser.findElement(By.cssSelector("#member-alice summary")).click();
        browser.findElement(By.cssSelector("#member-alice input[name=unlimited]")).click();
        WebElement limit = browser.findElement(By.id("limit-alice"));
        limit.clear();
        limit.sendKeys("300");
        submit(By.cssSelector("#member-alice .limit-form button"));
        assertThat(text("flash")).isEqualTo("alice's monthly limit is now 300 credits.");
        assertThat(browser.findElement(By.cssSelector("#member-alice .limit")).getText()).isEqualTo("300 credits");
        assertThat(metrics(team).member(MemberId.of("alice")).limit().credits()).isEqualTo(300);

        browser.findElement(By.cssSelector("#member-alice summary")).click();
        browser.findElement(By.cssSelector("#member-alice input[name=unlimited]")).click();
        assertThat(browser.findElement(By.id("limit-alice")).isEnabled()).as("unlimited disables the number")
                .isFalse();
        submit(By.cssSelector("#member-alice .limit-form button"));
        assertThat(text("flash")).isEqualTo("alice may now use unlimited credits.");
        assertThat(metrics(team).member(MemberId.of("alice")).limit().unlimited()).isTrue();

        openMenu("member-alice");
        new Select(browser.findElement(By.id("role-alice"))).selectByValue("admin");
        submit(By.cssSelector("#member-alice form[action$='/role'] button"));
        assertThat(text("flash")).isEqualTo("alice is now an admin.");
        assertThat(metrics(team).member(MemberId.of("alice")).role()).isEqualTo(Role.ADMIN);

        openMenu("member-alice");
        navigating(() -> {
            browser.findElement(By.cssSelector("#member-alice form[action$='/remove'] button")).click();
            browser.switchTo().alert().accept();
        });
        assertThat(text("flash")).isEqualTo("alice was removed; their seat is free.");
        assertThat(browser.findElements(By.id("member-alice"))).isEmpty();
        assertThat(metrics(team).member(MemberId.of("alice"))).isNull();
        assertThat(text("activity")).contains("olivia removed alice", "olivia made alice an admin",
                "olivia let alice use unlimited credits", "olivia set alice's monthly limit to 300 credits");
    }

    @Test
    void aLimitThatIsNotANumberIsRefusedNamingTheFieldAndChangesNothing() {
        String team = team("team", 3, "olivia");
        invite(team, "olivia", "alice", Role.MEMBER);
        open(link(team, "olivia"));
        int entries = pool.ledger(TeamId.of(PRODUCT + ":" + team)).size();

        browser.findElement(By.cssSelector("#member-alice summary")).click();
        browser.findElement(By.cssSelector("#member-alice input[name=unlimited]")).click();
        ((JavascriptExecutor) browser).executeScript(
                "var f = document.getElementById('limit-alice'); f.type = 'text'; f.value = 'lots';");
        submit(By.cssSelector("#member-alice .limit-form button"));

        assertThat(text("flash")).startsWith("Not changed: limit").contains("'lots'");
        assertThat(pool.ledger(TeamId.of(PRODUCT + ":" + team))).hasSize(entries);
    }

    @Test
    void theOwnerSeesThePriceBeforeBuyingATopUpAndAPendingPaymentShowsAsPending() {
        String team = team("team", 2, "olivia");
        open(link(team, "olivia"));

        browser.findElement(By.id("top-up-credits-input")).sendKeys("1000");
        submit(By.cssSelector("#top-up button"));
        assertThat(text("quote")).contains("1,000 credits", "$20.00");
        assertThat(text("balance")).as("nothing bought before confirming").isEqualTo("1,000");
        assertThat(metrics(team).charges()).isZero();

        submit(By.cssSelector("#confirm-top-up button"));
        assertThat(text("flash")).isEqualTo("Bought 1,000 top-up credits; they never expire.");
        assertThat(text("balance")).isEqualTo("2,000");
        assertThat(text("top-up-credits")).isEqualTo("1,000");
        assertThat(text("activity")).contains("a top-up bought 1,000 credits for $20.00");

        sandbox.behave(TeamId.of(PRODUCT + ":" + team), Behaviour.TIMEOUT);
        browser.findElement(By.id("top-up-credits-input")).sendKeys("500");
        submit(By.cssSelector("#top-up button"));
        submit(By.cssSelector("#confirm-top-up button"));
        assertThat(text("flash")).startsWith("Payment pending");
        assertThat(text("pending")).startsWith("A top-up payment is pending");
        assertThat(text("top-up-credits")).isEqualTo("1,000");
    }

    @Test
    void postingTheSameFormTwiceAppliesItOnce() throws Exception {
        String team = team("team", 2, "olivia");
        open(link(team, "olivia"));
        browser.findElement(By.id("top-up-credits-input")).sendKeys("100");
        submit(By.cssSelector("#top-up button"));
        // the confirmation form as the browser would post it, twice (a double click, a resend): one request id
        String form = "csrf=" + browser.findElement(By.cssSelector("#confirm-top-up input[name=csrf]"))
                .getAttribute("value") + "&request_id=" + browser.findElement(By.cssSelector(
                        "#confirm-top-up input[name=request_id]")).getAttribute("value") + "&credits=100";
        String cookie = Portal.COOKIE + "=" + browser.manage().getCookieNamed(Portal.COOKIE).getValue();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> reply = CLIENT.send(HttpRequest.newBuilder(URI.create(base() + "/portal/top-ups"))
                    .header("Cookie", cookie).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).isEqualTo(303);
        }

        assertThat(metrics(team).topUps()).isEqualTo(1);
        assertThat(metrics(team).topUpCredits()).isEqualTo(100);
        browser.navigate().to(base() + "/portal");
        assertThat(text("flash")).startsWith("Bought 100");
    }

    // ---- auto top-up

    @Test
    void anAdminTurnsOnAutoTopUpOnAnEnterprisePlanAndSeesItPausedAfterDeclines() {
        String team = team("enterprise", 3, "olivia");
        invite(team, "olivia", "ada", Role.ADMIN);
        open(link(team, "ada"));
        assertThat(text("auto-advice")).contains("threshold high enough");
        assertThat(text("auto-state")).isEqualTo("Off.");

        browser.findElement(By.id("auto-enabled")).click();
        browser.findElement(By.id("auto-threshold")).sendKeys("2990");
        browser.findElement(By.id("auto-amount")).sendKeys("2000");
        browser.findElement(By.id("auto-cap")).sendKeys("100.00");
        submit(By.cssSelector("#auto-top-up button"));

        assertThat(text("flash")).isEqualTo("Auto top-up is on.");
        assertThat(text("auto-state")).contains("below 2,990 credits", "2,000 credits are bought for $20.00",
                "at most $100.00 a month");
        assertThat(metrics(team).autoTopUp().monthlyCap()).isEqualTo(10_000L);

        sandbox.behave(TeamId.of(PRODUCT + ":" + team), Behaviour.DECLINE);
        for (int i = 1; i <= 3; i++) {
            consume(team, "ada", 50);
            int declines = i;
            // each consumption below the threshold tries again; the charge runs off the member's request
            waitUntil(() -> metrics(team).autoTopUp().declines() >= declines || metrics(team).autoTopUp().paused());
        }
        browser.navigate().refresh();
        assertThat(text("auto-paused")).startsWith("Paused").contains("save these settings again");
        assertThat(text("activity")).contains("auto top-up of 2,000 credits for $20.00 was declined");

        sandbox.behave(TeamId.of(PRODUCT + ":" + team), Behaviour.ACCEPT);
        submit(By.cssSelector("#auto-top-up button"));
        assertThat(browser.findElements(By.id("auto-paused"))).as("saving again resumes it").isEmpty();
        assertThat(metrics(team).autoTopUp().paused()).isFalse();
    }

    @Test
    void onAPlanWithoutAutoTopUpThePageSaysWhy() {
        String team = team("team", 2, "olivia");
        open(link(team, "olivia"));

        assertThat(text("auto-unavailable")).isEqualTo("Auto top-up is not available on the team plan; it comes "
                + "with enterprise plans. The owner can still buy top-ups by hand.");
        assertThat(browser.findElements(By.id("auto-top-up"))).isEmpty();
    }

    // ---- an admin, a member, denials

    @Test
    void anAdminManagesMembersButDoesNotBuyTopUps() {
        String team = team("team", 3, "olivia");
        invite(team, "olivia", "ada", Role.ADMIN);
        open(link(team, "ada"));

        assertThat(text("my-role")).isEqualTo("admin");
        assertThat(browser.findElements(By.id("members"))).hasSize(1);
        assertThat(browser.findElements(By.id("top-up"))).isEmpty();
        assertThat(text("top-ups-h")).isEqualTo("Top-ups");
        assertThat(browser.findElement(By.cssSelector("section[aria-labelledby=top-ups-h]")).getText())
                .contains("Only the owner, olivia, buys top-ups.");
    }

    @Test
    void aMemberSeesTheirOwnUsageAndLimitAndTheBalanceAndNothingTheyMayNotChange() {
        String team = team("team", 3, "olivia");
        invite(team, "olivia", "alice", Role.MEMBER);
        invite(team, "olivia", "bob", Role.MEMBER);
        pool.setLimit(new io.creditpool.kernel.port.in.SetMemberLimitCommand(TeamId.of(PRODUCT + ":" + team),
                MemberId.of("olivia"), MemberId.of("alice"), io.creditpool.kernel.domain.MemberLimit.of(400), null));
        consume(team, "alice", 150);
        consume(team, "bob", 70);
        open(link(team, "alice"));

        assertThat(text("balance")).isEqualTo("1,280");
        assertThat(text("my-usage")).isEqualTo("150");
        assertThat(text("my-limit")).isEqualTo("400 credits");
        assertThat(browser.findElements(By.tagName("form"))).as("no form a member may not use: only her own limit's")
                .extracting(f -> f.getAttribute("id")).containsExactly("own-limit");
        assertThat(browser.findElements(By.id("members"))).isEmpty();
        assertThat(browser.findElements(By.id("seats"))).isEmpty();
        assertThat(text("activity")).contains("alice used 150 credits").doesNotContain("bob");
        assertThat(browser.getPageSource()).doesNotContain("bob");
    }

    // ---- what a member can spend, her own limit, groups

    @Test
    void aMembersPageLeadsWithWhatSheCanSpendWhatBindsItAndWhoCanRaiseIt() {
        String team = team("team", 3, "olivia");
        invite(team, "olivia", "ada", Role.ADMIN);
        invite(team, "olivia", "alice", Role.MEMBER);
        pool.setLimit(new io.creditpool.kernel.port.in.SetMemberLimitCommand(TeamId.of(PRODUCT + ":" + team),
                MemberId.of("olivia"), MemberId.of("alice"), io.creditpool.kernel.domain.MemberLimit.of(300), null));
        consume(team, "alice", 120);
        open(link(team, "alice"));

        WebElement lead = browser.findElement(By.cssSelector("main > section"));
        assertThat(lead.getAttribute("id")).as("the page leads with it").isEqualTo("spendable");
        assertThat(text("spendable-h")).isEqualTo("You can use 180 more credits this month: your monthly limit");
        assertThat(text("spendable-who")).isEqualTo("Your monthly limit is 300 credits. The owner and admins can "
                + "raise it: olivia (owner), ada (admin).");
    }

    @Test
    void aMemberLowersHerOwnLimitOnThePageButCannotRaiseItAboveTheAdminsAndBothAreShown() {
        String team = team("team", 3, "olivia");
        invite(team, "olivia", "alice", Role.MEMBER);
        pool.setLimit(new io.creditpool.kernel.port.in.SetMemberLimitCommand(TeamId.of(PRODUCT + ":" + team),
                MemberId.of("olivia"), MemberId.of("alice"), io.creditpool.kernel.domain.MemberLimit.of(300), null));
        open(link(team, "alice"));

        browser.findElement(By.cssSelector("#own-limit-details summary")).click();
        browser.findElement(By.cssSelector("#own-limit input[name=unlimited]")).click();
        WebElement own = browser.findElement(By.id("own-limit-input"));
        own.clear();
        own.sendKeys("100");
        submit(By.cssSelector("#own-limit button"));

        assertThat(text("flash")).isEqualTo("Your own monthly limit is now 100 credits.");
        assertThat(text("spendable-h")).isEqualTo("You can use 100 more credits this month: the limit you set "
                + "yourself");
        assertThat(text("my-limit")).isEqualTo("300 credits");
        assertThat(text("my-own-limit")).isEqualTo("100 credits");
        int entries = pool.ledger(TeamId.of(PRODUCT + ":" + team)).size();

        browser.findElement(By.cssSelector("#own-limit-details summary")).click();
        ((JavascriptExecutor) browser).executeScript(
                "var f = document.getElementById('own-limit-input'); f.removeAttribute('max'); f.value = '301';");
        submit(By.cssSelector("#own-limit button"));

        assertThat(text("flash")).startsWith("Not done: alice may lower their own limit, not raise it");
        assertThat(browser.findElement(By.id("flash")).getAttribute("role")).isEqualTo("alert");
        assertThat(pool.ledger(TeamId.of(PRODUCT + ":" + team))).hasSize(entries);
        assertThat(metrics(team).member(MemberId.of("alice")).ownLimit().credits()).isEqualTo(100);
    }

    @Test
    void theOwnerMakesAGroupMovesAMemberIntoItCapsItAndTheMemberSeesTheCapBind() {
        String team = team("team", 3, "olivia");
        invite(team, "olivia", "alice", Role.MEMBER);
        open(link(team, "olivia"));

        browser.findElement(By.id("new-group-id")).sendKeys("design");
        browser.findElement(By.id("new-group-name")).sendKeys("Design");
        browser.findElement(By.id("new-group-cap")).sendKeys("500");
        submit(By.cssSelector("#new-group button"));
        assertThat(text("flash")).isEqualTo("Group design was made.");
        assertThat(browser.findElement(By.cssSelector("#group-design .cap")).getText()).isEqualTo("500 credits a month");

        openMenu("member-alice");
        new Select(browser.findElement(By.id("group-alice"))).selectByValue("design");
        submit(By.cssSelector("#member-alice form[action$='/group'] button"));
        assertThat(text("flash")).startsWith("alice is in group design now");
        assertThat(browser.findElement(By.cssSelector("#member-alice .group")).getText()).isEqualTo("Design");

        browser.findElement(By.cssSelector("#group-design summary")).click();
        WebElement cap = browser.findElement(By.id("group-cap-design"));
        cap.clear();
        cap.sendKeys("200");
        submit(By.cssSelector("#group-design .limit-form button"));
        assertThat(text("flash")).isEqualTo("Group design now has 200 credits a month.");
        consume(team, "alice", 150);
        open(link(team, "olivia"));
        assertThat(browser.findElement(By.cssSelector("#group-design .usage .amount")).getText()).isEqualTo("150");
        assertThat(browser.findElement(By.cssSelector("#group-design .left")).getText()).isEqualTo("50");
        assertThat(text("activity")).contains("olivia moved alice into group design", "olivia made group design");

        browser.manage().deleteAllCookies();
        open(link(team, "alice"));
        assertThat(text("spendable-h")).isEqualTo("You can use 50 more credits this month: the monthly cap of your "
                + "group, Design");
        assertThat(text("spendable-who")).isEqualTo("Your group has used 150 of 200 credits a month. The owner and "
                + "admins can raise its cap: olivia (owner).");
        assertThat(text("my-group")).isEqualTo("Design");

        browser.manage().deleteAllCookies();
        open(link(team, "olivia"));
        openMenu("group-design");
        navigating(() -> {
            browser.findElement(By.cssSelector("#group-design form[action$='/delete'] button")).click();
            browser.switchTo().alert().accept();
        });
        assertThat(text("flash")).startsWith("Group design was deleted");
        assertThat(metrics(team).groups()).isEmpty();
        assertThat(metrics(team).member(MemberId.of("alice")).group()).isNull();
    }

    @Test
    void eachReaderSeesTheAlertsThatConcernHerAndAReachedLimitSaysSo() {
        String team = team("team", 3, "olivia");
        invite(team, "olivia", "alice", Role.MEMBER);
        invite(team, "olivia", "bob", Role.MEMBER);
        io.creditpool.ActingMember olivia = pool.team(PRODUCT + ":" + team).as("olivia");
        assertThat(olivia.setLimit("alice", 100).accepted()).isTrue();
        assertThat(olivia.createGroup("design", "Design", 200).accepted()).isTrue();
        assertThat(olivia.moveToGroup("alice", "design").accepted()).isTrue();
        assertThat(olivia.moveToGroup("bob", "design").accepted()).isTrue();
        open(link(team, "olivia"));
        assertThat(browser.findElements(By.id("alerts"))).as("nothing reached yet: no alerts").isEmpty();

        consume(team, "alice", 85);
        consume(team, "bob", 100);
        browser.manage().deleteAllCookies();
        open(link(team, "alice"));
        assertThat(alerts()).containsExactly(
                "limit-approaching: You have used 80% of your monthly limit: 85 of 100 credits.",
                "group-cap-approaching: Design has used 80% of its monthly cap: 185 of 200 credits.");

        browser.manage().deleteAllCookies();
        open(link(team, "bob"));
        assertThat(alerts()).as("bob has no limit; alice's is not his to see").containsExactly(
                "group-cap-approaching: Design has used 80% of its monthly cap: 185 of 200 credits.");

        consume(team, "alice", 15);
        browser.manage().deleteAllCookies();
        open(link(team, "olivia"));
        assertThat(alerts()).containsExactly(
                "limit-reached: alice has used 100% of their monthly limit: 100 of 100 credits, nothing more until "
                        + "the month ends.",
                "group-cap-reached: Design has used 100% of its monthly cap: 200 of 200 credits.");
    }

    /** The alerts on the page, each as its type and its words. */
    static List<String> alerts() {
        return browser.findElements(By.cssSelector("#alerts li")).stream()
                .map(li -> li.getAttribute("data-type") + ": " + li.getText().trim()).toList();
    }

    @Test
    void aGroupWithABadCapIsRefusedNamingTheFieldAndChangesNothing() {
        String team = team("team", 3, "olivia");
        open(link(team, "olivia"));
        int entries = pool.ledger(TeamId.of(PRODUCT + ":" + team)).size();

        browser.findElement(By.id("new-group-id")).sendKeys("design");
        ((JavascriptExecutor) browser).executeScript(
                "var f = document.getElementById('new-group-cap'); f.removeAttribute('min'); f.value = '-5';");
        submit(By.cssSelector("#new-group button"));

        assertThat(text("flash")).startsWith("Not changed: cap");
        assertThat(pool.ledger(TeamId.of(PRODUCT + ":" + team))).hasSize(entries);
        assertThat(metrics(team).groups()).isEmpty();
    }

    @Test
    void aMemberWhoForgesAnInviteGetsTheRulesMessageAndNothingChanges() {
        String team = team("team", 3, "olivia");
        invite(team, "olivia", "alice", Role.MEMBER);
        open(link(team, "alice"));
        String csrf = csrfOf(team, "alice");

        // the member's own session and token, a form the page never offered them
        ((JavascriptExecutor) browser).executeScript("""
                var f = document.createElement('form'); f.method = 'post'; f.action = '/portal/members';
                f.innerHTML = '<input name="csrf" value="' + arguments[0] + '"><input name="member" value="mallory">'
                    + '<input name="role" value="admin"><input name="request_id" value="forged-by-alice">'
                    + '<button id="forged">go</button>';
                document.body.appendChild(f);""", csrf);
        submit(By.id("forged"));

        assertThat(text("flash")).startsWith("Not done: alice is a member and may not invite members").contains(
                "Only the owner and admins manage members");
        assertThat(browser.findElement(By.id("flash")).getAttribute("role")).isEqualTo("alert");
        assertThat(metrics(team).member(MemberId.of("mallory"))).isNull();
    }

    @Test
    void anAdminDemotedMeanwhileIsRefusedByTheKernelNotByThePage() {
        String team = team("team", 3, "olivia");
        invite(team, "olivia", "ada", Role.ADMIN);
        open(link(team, "ada"));
        pool.changeRole(new ChangeRoleCommand(TeamId.of(PRODUCT + ":" + team), MemberId.of("olivia"),
                MemberId.of("ada"), Role.MEMBER, null));

        browser.findElement(By.id("invite-member")).sendKeys("carol");
        submit(By.cssSelector("#invite button"));

        assertThat(text("flash")).startsWith("Not done: ada is a member and may not invite members").contains(
                "Only the owner and admins manage members");
        assertThat(metrics(team).member(MemberId.of("carol"))).isNull();
        assertThat(browser.findElements(By.id("members"))).as("the page now shows ada as a member").isEmpty();
    }

    // ---- for owners and admins: the cycle, bars against limits and caps, packs, receipts, row menus

    @Test
    void theOwnerSeesHowManyOfTheCyclesPlanCreditsAreUsedAndInHowManyDaysTheyRefresh() {
        String team = team("team", 3, "olivia");
        invite(team, "olivia", "alice", Role.MEMBER);
        consume(team, "olivia", 120);
        consume(team, "alice", 30);
        open(link(team, "olivia"));

        // 3 seats of 500 plan credits; the cycle ends on the 1st, 27 days after Jan 5
        assertThat(metrics(team).cycle().end()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        WebElement bar = browser.findElement(By.id("cycle-meter"));
        assertThat(bar.getTagName()).isEqualTo("meter");
        assertThat(bar.getAttribute("value")).isEqualTo("150");
        assertThat(bar.getAttribute("max")).isEqualTo("1500");
        assertThat(text("cycle-used")).isEqualTo("150 of 1,500 plan credits used this cycle");
        assertThat(text("cycle-refresh")).isEqualTo("in 27 days, on Feb 1, 2026");
        assertThat(bar.getAccessibleName()).as("the bar is named by its words")
                .isEqualTo("150 of 1,500 plan credits used this cycle · refreshes in 27 days, on Feb 1, 2026");
        assertThat(text("refreshes")).isEqualTo("in 27 days, on Feb 1, 2026");

        browser.manage().deleteAllCookies();
        open(link(team, "alice"));
        assertThat(browser.findElements(By.id("cycle"))).as("a member sees what she saw before, not the team's use")
                .isEmpty();
        assertThat(text("refreshes")).isEqualTo("in 27 days, on Feb 1, 2026");
    }

    @Test
    void membersAndGroupsShowTheirUsageAsBarsAgainstTheirLimitsAndCaps() {
        String team = team("team", 4, "olivia");
        invite(team, "olivia", "alice", Role.MEMBER);
        invite(team, "olivia", "bob", Role.MEMBER);
        invite(team, "olivia", "carol", Role.MEMBER);
        TeamId id = TeamId.of(PRODUCT + ":" + team);
        pool.setLimit(new io.creditpool.kernel.port.in.SetMemberLimitCommand(id, MemberId.of("olivia"),
                MemberId.of("alice"), io.creditpool.kernel.domain.MemberLimit.of(400), null));
        pool.setLimit(new io.creditpool.kernel.port.in.SetMemberLimitCommand(id, MemberId.of("olivia"),
                MemberId.of("carol"), io.creditpool.kernel.domain.MemberLimit.of(500), null));
        pool.setOwnLimit(new io.creditpool.kernel.port.in.SetOwnLimitCommand(id, MemberId.of("carol"),
                io.creditpool.kernel.domain.MemberLimit.of(200), null));
        pool.createGroup(new io.creditpool.kernel.port.in.CreateGroupCommand(id, MemberId.of("olivia"),
                io.creditpool.kernel.domain.GroupId.of("design"), "Design", io.creditpool.kernel.domain.GroupCap.of(
                        1_000), null));
        pool.createGroup(new io.creditpool.kernel.port.in.CreateGroupCommand(id, MemberId.of("olivia"),
                io.creditpool.kernel.domain.GroupId.of("ops"), "Ops", io.creditpool.kernel.domain.GroupCap.UNLIMITED,
                null));
        pool.moveMember(new io.creditpool.kernel.port.in.MoveMemberCommand(id, MemberId.of("olivia"),
                MemberId.of("alice"), io.creditpool.kernel.domain.GroupId.of("design"), null));
        consume(team, "alice", 150);
        consume(team, "bob", 70);
        consume(team, "carol", 50);
        open(link(team, "olivia"));

        WebElement alice = browser.findElement(By.id("usage-meter-alice"));
        assertThat(alice.getAttribute("value")).isEqualTo("150");
        assertThat(alice.getAttribute("max")).isEqualTo("400");
        assertThat(alice.getAccessibleName()).isEqualTo("150 of 400 credits used this month (37%)");
        assertThat(browser.findElement(By.cssSelector("#member-alice .usage")).getText())
                .contains("150 of 400 credits used this month (37%)");
        assertThat(browser.findElement(By.id("usage-meter-carol")).getAttribute("max"))
                .as("the limit that applies: the one she set herself, below the admin's").isEqualTo("200");
        assertThat(browser.findElement(By.id("usage-meter-carol")).getAccessibleName())
                .isEqualTo("50 of 200 credits used this month (25%)");
        assertThat(browser.findElements(By.cssSelector("#member-bob meter"))).as("unlimited: no bar").isEmpty();
        assertThat(browser.findElement(By.cssSelector("#member-bob .limit")).getText()).isEqualTo("unlimited");

        WebElement design = browser.findElement(By.id("group-meter-design"));
        assertThat(design.getAttribute("value")).isEqualTo("150");
        assertThat(design.getAttribute("max")).isEqualTo("1000");
        assertThat(design.getAccessibleName()).isEqualTo("150 of 1,000 credits used this month (15%)");
        assertThat(browser.findElements(By.cssSelector("#group-ops meter"))).as("no cap: no bar").isEmpty();
        assertThat(browser.findElement(By.cssSelector("#group-ops .cap")).getText()).isEqualTo("no cap");

        browser.manage().deleteAllCookies();
        open(link(team, "alice"));
        assertThat(browser.findElement(By.id("usage-meter-alice")).getAttribute("value")).isEqualTo("150");
        assertThat(text("my-group-usage")).isEqualTo("150 of 1,000 credits used this month (15%)");
        assertThat(browser.findElements(By.tagName("meter"))).as("her own bars only").hasSize(2);
        assertThat(browser.getPageSource()).doesNotContain("carol").doesNotContain("bob");
    }

    @Test
    void eachPackShowsThePriceTheConfirmStepAsksAndNothingIsChargedBeforeConfirming() {
        String team = team("team", 2, "olivia");
        open(link(team, "olivia"));

        List<WebElement> packs = browser.findElements(By.cssSelector("#packs form"));
        assertThat(packs).extracting(p -> p.findElement(By.cssSelector(".pack-credits")).getText())
                .containsExactly("500 credits", "1,000 credits", "5,000 credits");
        Map<String, String> shown = new java.util.LinkedHashMap<>();
        for (WebElement pack : packs) {
            shown.put(pack.findElement(By.name("credits")).getAttribute("value"),
                    pack.findElement(By.cssSelector(".pack-price")).getText());
        }
        assertThat(shown).containsExactly(Map.entry("500", "$10.00"), Map.entry("1000", "$20.00"),
                Map.entry("5000", "$100.00"));
        for (Map.Entry<String, String> pack : shown.entrySet()) {
            submit(By.cssSelector("#pack-" + pack.getKey() + " button"));
            assertThat(text("quote-price")).as("the confirm step's price of " + pack.getKey())
                    .isEqualTo(pack.getValue());
            navigating(() -> browser.findElement(By.linkText("Cancel")).click());
        }
        assertThat(metrics(team).charges()).as("nothing charged without confirming").isZero();

        submit(By.cssSelector("#pack-1000 button"));
        assertThat(text("quote")).contains("1,000 credits", "$20.00");
        submit(By.cssSelector("#confirm-top-up button"));
        assertThat(text("flash")).isEqualTo("Bought 1,000 top-up credits; they never expire.");
        assertThat(text("top-up-credits")).isEqualTo("1,000");
        assertThat(browser.findElement(By.id("top-up-credits-input")).isDisplayed())
                .as("any amount can still be typed").isTrue();
    }

    @Test
    void aPackWhoseCreditsAreNotANumberIsRefusedNamingTheField() {
        String team = team("team", 2, "olivia");
        open(link(team, "olivia"));
        ((JavascriptExecutor) browser).executeScript(
                "document.querySelector('#pack-500 input[name=credits]').value = 'lots';");
        submit(By.cssSelector("#pack-500 button"));

        assertThat(text("flash")).startsWith("Not changed: credits").contains("'lots'");
        assertThat(browser.findElements(By.id("confirm-top-up"))).isEmpty();
        assertThat(metrics(team).charges()).isZero();
    }

    @Test
    void anAdminSeesNoPacksAndAMemberNoTopUpsAtAll() {
        String team = team("team", 3, "olivia");
        invite(team, "olivia", "ada", Role.ADMIN);
        invite(team, "olivia", "alice", Role.MEMBER);
        open(link(team, "ada"));
        assertThat(browser.findElements(By.id("packs"))).isEmpty();

        browser.manage().deleteAllCookies();
        open(link(team, "alice"));
        assertThat(browser.findElements(By.id("packs"))).isEmpty();
        assertThat(browser.findElements(By.id("top-ups-h"))).isEmpty();
    }

    @Test
    void receiptsListPaidDeclinedAndPendingTopUpsAndTheCsvHoldsThemAll() throws Exception {
        String team = team("team", 3, "olivia");
        invite(team, "olivia", "ada", Role.ADMIN);
        TeamId id = TeamId.of(PRODUCT + ":" + team);
        buy(team, 1000);
        sandbox.behave(id, Behaviour.DECLINE);
        buy(team, 200);
        sandbox.behave(id, Behaviour.TIMEOUT);
        buy(team, 300);
        List<LedgerEntry.ChargeAttempted> charges = ledger(team).stream()
                .filter(e -> e instanceof LedgerEntry.ChargeAttempted).map(e -> (LedgerEntry.ChargeAttempted) e)
                .toList();
        assertThat(charges).hasSize(2);
        assertThat(metrics(team).pendingPurchases()).isEqualTo(1);
        open(link(team, "olivia"));

        List<WebElement> rows = browser.findElements(By.cssSelector("#receipts tbody tr"));
        assertThat(rows).hasSize(3);
        assertThat(cells(rows.get(0))).containsExactly(Words.when(clock.now()), "300 top-up", "$6.00", "pending",
                "none yet");
        assertThat(cells(rows.get(1))).containsExactly(Words.when(charges.get(1).at()), "200 top-up", "$4.00",
                "declined", "card_declined (sandbox)");
        assertThat(cells(rows.get(2))).containsExactly(Words.when(charges.get(0).at()), "1,000 top-up", "$20.00",
                "paid", charges.get(0).reference());
        assertThat(rows.get(2).findElement(By.tagName("time")).getAttribute("datetime"))
                .isEqualTo(charges.get(0).at().toString());
        assertThat(browser.findElement(By.id("receipts-csv")).getAttribute("href")).endsWith("/portal/receipts.csv");

        HttpResponse<String> csv = receiptsCsv();
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment")
                .contains("receipts-" + team + ".csv");
        assertThat(csv.body()).as("RFC 4180 ends lines with CRLF").contains("\r\n").doesNotContain("\n\n");
        List<List<String>> records = parseCsv(csv.body());
        assertThat(records).containsExactly(
                List.of("date", "kind", "credits", "amount", "currency", "status", "reference"),
                List.of(records.get(1).get(0), "top-up", "300", "6.00", "USD", "pending", ""),
                List.of(charges.get(1).at().toString(), "top-up", "200", "4.00", "USD", "declined",
                        "card_declined (sandbox)"),
                List.of(charges.get(0).at().toString(), "top-up", "1000", "20.00", "USD", "paid",
                        charges.get(0).reference()));
        assertThat(Instant.parse(records.get(1).get(0))).isEqualTo(clock.now());

        // an admin sees them too (only the owner buys)
        browser.manage().deleteAllCookies();
        open(link(team, "ada"));
        assertThat(browser.findElements(By.cssSelector("#receipts tbody tr"))).hasSize(3);
        assertThat(parseCsv(receiptsCsv().body())).hasSize(4);
    }

    @Test
    void theCsvHoldsEveryReceiptWhileThePageShowsTheNewest() throws Exception {
        String team = team("team", 2, "olivia");
        for (int i = 1; i <= Portal.RECEIPTS_SHOWN + 3; i++) {
            buy(team, i);
        }
        open(link(team, "olivia"));

        List<WebElement> rows = browser.findElements(By.cssSelector("#receipts tbody tr"));
        assertThat(rows).hasSize(Portal.RECEIPTS_SHOWN);
        assertThat(cells(rows.get(0)).get(1)).as("newest first").isEqualTo("13 top-up");
        List<List<String>> records = parseCsv(receiptsCsv().body());
        assertThat(records).hasSize(Portal.RECEIPTS_SHOWN + 3 + 1);
        assertThat(records.subList(1, records.size())).extracting(r -> r.get(2))
                .containsExactly("13", "12", "11", "10", "9", "8", "7", "6", "5", "4", "3", "2", "1");
    }

    @Test
    void aMemberSeesNoReceiptsAndCannotDownloadThem() throws Exception {
        String team = team("team", 3, "olivia");
        invite(team, "olivia", "alice", Role.MEMBER);
        buy(team, 1000);
        open(link(team, "alice"));
        assertThat(browser.findElements(By.id("receipts"))).isEmpty();
        assertThat(browser.findElements(By.id("receipts-csv"))).isEmpty();

        HttpResponse<String> refused = receiptsCsv();
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(refused.body()).doesNotContain("sandbox-charge").doesNotContain("20.00");
        browser.navigate().to(base() + "/portal/receipts.csv");
        assertThat(text("message-title")).isEqualTo("Receipts are for the owner and admins");

        browser.manage().deleteAllCookies();
        assertThat(receiptsCsv(null).statusCode()).as("no session, nothing").isEqualTo(401);
    }

    @Test
    void everyRowHasOneMenuOfItsActionsThatTheKeyboardOpensAndClosesAndItsActionsWork() {
        String team = team("team", 3, "olivia");
        invite(team, "olivia", "alice", Role.MEMBER);
        pool.createGroup(new io.creditpool.kernel.port.in.CreateGroupCommand(TeamId.of(PRODUCT + ":" + team),
                MemberId.of("olivia"), io.creditpool.kernel.domain.GroupId.of("design"), "Design",
                io.creditpool.kernel.domain.GroupCap.UNLIMITED, null));
        open(link(team, "olivia"));

        for (String row : List.of("member-olivia", "member-alice", "group-design")) {
            assertThat(browser.findElements(By.cssSelector("#" + row + " details.menu"))).as(row).hasSize(1);
            assertThat(browser.findElements(By.cssSelector("#" + row + " button"))).as(row + ": closed, no action")
                    .allMatch(b -> !b.isDisplayed());
        }
        assertThat(browser.findElements(By.cssSelector("#member-olivia form[action$='/role']")))
                .as("the owner's role is not for changing").isEmpty();

        WebElement summary = browser.findElement(By.cssSelector("#member-alice details.menu summary"));
        assertThat(summary.getText()).startsWith("Manage");
        assertThat(summary.getAccessibleName()).isEqualTo("Manage alice");
        summary.sendKeys(org.openqa.selenium.Keys.ENTER);
        waitUntil(() -> browser.findElement(By.id("role-alice")).isDisplayed());
        assertThat(browser.findElement(By.cssSelector("#member-alice form[action$='/limit'] legend")).getText())
                .isEqualTo("Edit limit");
        assertThat(browser.findElements(By.cssSelector("#member-alice legend"))).extracting(WebElement::getText)
                .containsExactly("Edit limit", "Move", "Change role");

        // one menu open at a time; Escape closes it and gives the focus back to its button
        WebElement group = browser.findElement(By.cssSelector("#group-design details.menu summary"));
        group.click();
        waitUntil(() -> browser.findElement(By.cssSelector("#member-alice details.menu")).getAttribute("open") == null);
        browser.findElement(By.id("group-name-design")).sendKeys(org.openqa.selenium.Keys.ESCAPE);
        waitUntil(() -> browser.findElement(By.cssSelector("#group-design details.menu")).getAttribute("open") == null);
        assertThat(browser.switchTo().activeElement()).isEqualTo(group);

        summary = browser.findElement(By.cssSelector("#member-alice details.menu summary"));
        summary.sendKeys(org.openqa.selenium.Keys.SPACE);
        waitUntil(() -> browser.findElement(By.id("role-alice")).isDisplayed());
        new Select(browser.findElement(By.id("role-alice"))).selectByValue("admin");
        submit(By.cssSelector("#member-alice form[action$='/role'] button"));
        assertThat(text("flash")).isEqualTo("alice is now an admin.");
        assertThat(metrics(team).member(MemberId.of("alice")).role()).isEqualTo(Role.ADMIN);
        assertThat(browser.findElement(By.cssSelector("#member-alice details.menu")).getAttribute("open"))
                .as("the page after the action starts with every menu closed").isNull();
    }

    @Test
    void theMenusAndTheirFormsWorkWithoutJavaScript() {
        String team = team("team", 3, "olivia");
        invite(team, "olivia", "alice", Role.MEMBER);
        pool.createGroup(new io.creditpool.kernel.port.in.CreateGroupCommand(TeamId.of(PRODUCT + ":" + team),
                MemberId.of("olivia"), io.creditpool.kernel.domain.GroupId.of("design"), "Design",
                io.creditpool.kernel.domain.GroupCap.UNLIMITED, null));
        ChromeDriver plain = Browser.start(1100, 1400, false);
        try {
            plain.get(link(team, "olivia"));
            WebElement row = plain.findElement(By.id("member-alice"));
            row.findElement(By.cssSelector("details.menu summary")).click();
            new Select(plain.findElement(By.id("group-alice"))).selectByValue("design");
            WebElement move = row.findElement(By.cssSelector("form[action$='/group'] button"));
            move.click();
            new WebDriverWait(plain, Duration.ofSeconds(30)).until(ExpectedConditions.stalenessOf(move));
            assertThat(plain.findElement(By.id("flash")).getText()).startsWith("alice is in group design now");
            assertThat(metrics(team).member(MemberId.of("alice")).group().value()).isEqualTo("design");

            // the pack, the confirm step and the price shown, all plain forms
            WebElement pack = plain.findElement(By.cssSelector("#pack-500 button"));
            pack.click();
            new WebDriverWait(plain, Duration.ofSeconds(30)).until(ExpectedConditions.stalenessOf(pack));
            assertThat(plain.findElement(By.id("quote-price")).getText()).isEqualTo("$10.00");
        } finally {
            plain.quit();
        }
    }

    // ---- links, sessions, CSRF, framing

    @Test
    void anExpiredLinkAndAReusedLinkOpenNothing() {
        String team = team("team", 2, "olivia");
        String used = link(team, "olivia");
        open(used);
        assertThat(text("balance")).isEqualTo("1,000");

        browser.manage().deleteAllCookies();
        browser.get(used);
        assertThat(text("message-title")).isEqualTo("This link has expired or was already used");
        browser.get(base() + "/portal");
        assertThat(text("message-title")).isEqualTo("Your session has ended");

        String late = link(team, "olivia");
        clock.advance(Duration.ofMinutes(6));
        browser.get(late);
        assertThat(text("message-title")).isEqualTo("This link has expired or was already used");
        assertThat(browser.findElements(By.id("balance"))).isEmpty();
    }

    @Test
    void aFormFromAnotherPageWithoutTheTokenIsRefusedAndChangesNothing() {
        String team = team("team", 3, "olivia");
        open(link(team, "olivia"));
        int entries = pool.ledger(TeamId.of(PRODUCT + ":" + team)).size();

        // the host's origin is same-site with the service (both localhost), so the cookie goes along: only the
        // CSRF token stops it
        browser.get("http://localhost:" + host.getAddress().getPort() + "/attack.html?target=" + base());
        submit(By.id("go"));

        assertThat(text("message-title")).isEqualTo("This form was refused");
        assertThat(metrics(team).member(MemberId.of("mallory"))).isNull();
        assertThat(pool.ledger(TeamId.of(PRODUCT + ":" + team))).hasSize(entries);
    }

    @Test
    void anAllowedHostFramesThePageAndAnotherHostCannot() {
        String team = team("team", 2, "olivia");
        String hostPort = Integer.toString(host.getAddress().getPort());

        browser.get("http://localhost:" + hostPort + "/host.html?src=" + link(team, "olivia"));
        browser.switchTo().frame("portal");
        waitFor(By.id("balance"));
        assertThat(text("balance")).isEqualTo("1,000");
        browser.switchTo().defaultContent();

        browser.manage().deleteAllCookies();
        browser.get("http://127.0.0.1:" + hostPort + "/host.html?src=" + link(team, "olivia"));
        browser.switchTo().frame("portal");
        assertThat(browser.findElements(By.id("balance"))).as("frame-ancestors refuses 127.0.0.1").isEmpty();
        assertThat(browser.getPageSource()).doesNotContain("Credits remaining");
        browser.switchTo().defaultContent();
    }

    @Test
    void theApiRefusesALinkForAStrangerOrAnUnknownTeamOrABadReturnUrl() throws Exception {
        String team = team("team", 2, "olivia");

        assertThat(post("/v1/portal-sessions", "{\"team\":\"" + team + "\",\"member\":\"zed\"}").path("code")
                .asText()).isEqualTo("unknown-member");
        assertThat(post("/v1/portal-sessions", "{\"team\":\"nowhere\",\"member\":\"olivia\"}").path("code")
                .asText()).isEqualTo("unknown-team");
        JsonNode bad = post("/v1/portal-sessions", "{\"team\":\"" + team
                + "\",\"member\":\"olivia\",\"return_url\":\"javascript:alert(1)\"}");
        assertThat(bad.path("code").asText()).isEqualTo("invalid-input");
        assertThat(bad.path("field").asText()).isEqualTo("return_url");
        JsonNode good = post("/v1/portal-sessions", "{\"team\":\"" + team + "\",\"member\":\"olivia\"}");
        assertThat(good.path("url").asText()).startsWith(base() + "/portal/sessions/");
        assertThat(Instant.parse(good.path("expires_at").asText())).isEqualTo(clock.now().plus(Duration.ofMinutes(5)));
    }

    // ---- rules decide

    @Test
    void aRulesChangeShowsOnThePageAfterAReload() throws Exception {
        String team = team("team", 2, "olivia");
        open(link(team, "olivia"));
        browser.findElement(By.id("top-up-credits-input")).sendKeys("1000");
        submit(By.cssSelector("#top-up button"));
        assertThat(text("quote-price")).isEqualTo("$20.00");

        Path plans = rules.resolve("plans.csv");
        String before = Files.readString(plans);
        Files.writeString(plans, before.replace("team,standard,500,2,USD", "team,standard,500,3,USD"));
        try {
            assertThat(pool.reloadRules().outcome()).isEqualTo(RulesReload.Outcome.RELOADED);
            browser.navigate().to(base() + "/portal");
            browser.findElement(By.id("top-up-credits-input")).sendKeys("1000");
            submit(By.cssSelector("#top-up button"));
            assertThat(text("quote-price")).isEqualTo("$30.00");
            submit(By.cssSelector("#confirm-top-up button"));
            assertThat(text("activity")).contains("a top-up bought 1,000 credits for $30.00");
        } finally {
            Files.writeString(plans, before);
            assertThat(pool.reloadRules().outcome()).isEqualTo(RulesReload.Outcome.RELOADED);
        }
    }

    // ---- helpers

    static String base() {
        return "http://localhost:" + service.port();
    }

    /** A new team of this product, created through the API as the host product does. */
    static String team(String plan, int seats, String owner) {
        String team = "team-" + TEAMS.incrementAndGet();
        JsonNode created = post("/v1/teams", "{\"team\":\"" + team + "\",\"plan\":\"" + plan + "\",\"seats\":" + seats
                + ",\"owner\":\"" + owner + "\",\"billing_anchor_day\":1}");
        assertThat(created.path("accepted").asBoolean()).as(created.toString()).isTrue();
        return team;
    }

    static void invite(String team, String by, String member, Role role) {
        assertThat(pool.invite(new InviteMemberCommand(TeamId.of(PRODUCT + ":" + team), MemberId.of(by),
                MemberId.of(member), role, null)).accepted()).isTrue();
    }

    static void consume(String team, String member, long credits) {
        pool.consume(PRODUCT + ":" + team, member, credits, null);
    }

    static TeamMetrics metrics(String team) {
        return pool.metrics(TeamId.of(PRODUCT + ":" + team)).orElseThrow();
    }

    /** A single-use link for {@code member}, made through {@code POST /v1/portal-sessions} with the product key. */
    static String link(String team, String member) {
        JsonNode link = post("/v1/portal-sessions", "{\"team\":\"" + team + "\",\"member\":\"" + member + "\"}");
        assertThat(link.path("url").asText()).as(link.toString()).startsWith(base());
        return link.path("url").asText();
    }

    static JsonNode post(String path, String body) {
        try {
            HttpResponse<String> reply = CLIENT.send(HttpRequest.newBuilder(URI.create(base() + path))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(reply.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void open(String url) {
        browser.get(url);
        waitFor(By.id("balance"));
    }

    /** The session's CSRF token, which every page carries (a member's page has no form to hold it). */
    static String csrfOf(String team, String member) {
        return browser.findElement(By.cssSelector("meta[name=csrf-token]")).getAttribute("content");
    }

    /** Clicks a submit button and waits for the page it leads to. */
    static void submit(By button) {
        navigating(() -> browser.findElement(button).click());
    }

    /** Does what leads to another page, and waits for that page. */
    static void navigating(Runnable action) {
        // the page before carries a mark; the page the form leads to does not
        ((JavascriptExecutor) browser).executeScript(
                "document.documentElement.setAttribute('data-before-submit', '1');");
        action.run();
        new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(org.openqa.selenium.WebDriverException.class)
                .until(d -> (Boolean) ((JavascriptExecutor) d).executeScript("return document.readyState === "
                        + "'complete' && !document.documentElement.hasAttribute('data-before-submit');"));
    }

    /** A top-up of {@code credits} the owner buys through the Java API. */
    static void buy(String team, long credits) {
        pool.buyTopUp(new io.creditpool.kernel.port.in.BuyTopUpCommand(TeamId.of(PRODUCT + ":" + team),
                MemberId.of("olivia"), credits, null));
    }

    /** The texts of a table row's cells, its header cell first. */
    static List<String> cells(WebElement row) {
        return row.findElements(By.cssSelector("th, td")).stream().map(c -> c.getText().trim()).toList();
    }

    /** The receipts' CSV as the browser's session gets it. */
    static HttpResponse<String> receiptsCsv() throws Exception {
        org.openqa.selenium.Cookie session = browser.manage().getCookieNamed(Portal.COOKIE);
        return receiptsCsv(session == null ? null : session.getValue());
    }

    static HttpResponse<String> receiptsCsv(String session) throws Exception {
        HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(base() + "/portal/receipts.csv")).GET();
        if (session != null) {
            get.header("Cookie", Portal.COOKIE + "=" + session);
        }
        return CLIENT.send(get.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Records of RFC 4180 CSV: fields separated by commas, quoted ones may hold commas, CRLF and doubled quotes. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> records = new java.util.ArrayList<>();
        List<String> record = new java.util.ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new java.util.ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        assertThat(field).as("the last record ends with CRLF").isEmpty();
        assertThat(record).isEmpty();
        return records;
    }

    /** Opens the row's menu of actions (its "Manage" disclosure) when it is closed. */
    static void openMenu(String row) {
        WebElement menu = browser.findElement(By.cssSelector("#" + row + " details.menu"));
        if (menu.getAttribute("open") == null) {
            menu.findElement(By.tagName("summary")).click();
        }
        waitUntil(() -> menu.getAttribute("open") != null);
    }

    static void waitFor(By element) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(element));
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> condition.getAsBoolean());
    }

    static String text(String id) {
        return browser.findElement(By.id(id)).getText().trim();
    }

    static Map<String, String> query(String raw) {
        Map<String, String> q = new java.util.HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    static WebDriver driver() {
        return browser;
    }

    static List<LedgerEntry> ledger(String team) {
        return pool.ledger(TeamId.of(PRODUCT + ":" + team));
    }
}
