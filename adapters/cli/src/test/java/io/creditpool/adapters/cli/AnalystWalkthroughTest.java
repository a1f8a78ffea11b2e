package io.creditpool.adapters.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.keys.ApiKeys;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.rules.PlanTable;
import io.creditpool.rules.RuleSet;
import io.creditpool.rules.RuleSource;
import io.creditpool.rules.RulesSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An analyst's change from start to end, done the way rules/ANALYSTS.md says, with the rules, plans and scenarios
 * taken from the guide itself (so the guide cannot drift from what works): export the shipped rules, add a plan with
 * a new tier and let it have auto top-up, change a member-limit rule, check the change with its scenarios, see its
 * effect on a real month with replay, and hot-load it into a running service.
 */
class AnalystWalkthroughTest {
    static final Path GUIDE = Path.of("../../rules/ANALYSTS.md");

    @TempDir
    Path dir;

    private final Cli cli = new Cli();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    /** The fenced blocks of {@code language} in the guide's section under {@code heading}, in order. */
    static List<String> blocks(String heading, String language) throws IOException {
        String guide = Files.readString(GUIDE);
        int start = guide.indexOf("\n" + heading + "\n");
        assertThat(start).as("ANALYSTS.md has a section \"%s\"", heading).isNotNegative();
        String level = heading.substring(0, heading.indexOf(' ') + 1);
        Matcher next = Pattern.compile("\n#{1," + (level.length() - 1) + "} ").matcher(guide);
        int end = next.find(start + heading.length() + 1) ? next.start() : guide.length();
        Matcher block = Pattern.compile("(?s)```" + language + "\n(.*?)```").matcher(guide.substring(start, end));
        List<String> found = new ArrayList<>();
        while (block.find()) {
            found.add(block.group(1));
        }
        assertThat(found).as("```%s blocks under \"%s\"", language, heading).isNotEmpty();
        return found;
    }

    /** {@code text} with the rule named {@code name} (from its {@code rule} line through its {@code end}) replaced. */
    static String replaceRule(String text, String name, String with) {
        Matcher rule = Pattern.compile("(?ms)^rule \"" + Pattern.quote(name) + "\".*?^end\n").matcher(text);
        assertThat(rule.find()).as("a rule named \"%s\"", name).isTrue();
        return text.substring(0, rule.start()) + with + text.substring(rule.end());
    }

    /** The rules of a DRL snippet, each from its {@code rule} line through its {@code end}. */
    static List<String> rules(String drl) {
        Matcher rule = Pattern.compile("(?ms)^rule \".*?^end\n").matcher(drl);
        List<String> found = new ArrayList<>();
        while (rule.find()) {
            found.add(rule.group());
        }
        return found;
    }

    /**
     * Steps 1 to 3 of the guide: export, add the business tier's plan and rules, add the member-limit rule, write
     * their scenarios, check. Returns the changed folder.
     */
    Path changedRules() throws IOException {
        Path rules = dir.resolve("my-rules");
        assertThat(run("rules", "export", rules.toString())).isZero();

        // a plan with a new tier, and the scenario that shows what the tier should get
        String plan = blocks("### A plan with a new tier", "csv").get(0);
        Files.writeString(rules.resolve("plans.csv"), Files.readString(rules.resolve("plans.csv")) + plan);
        Files.writeString(rules.resolve("scenarios/business-auto-top-up.yaml"),
                blocks("### A plan with a new tier", "yaml").get(0));

        // the plan alone does not give the tier auto top-up: the check runs the scenario and says so
        assertThat(run("rules", "check", rules.toString())).as(out + "" + err).isEqualTo(CreditpoolCommand.FAILED);
        assertThat(out.toString()).contains("plan-not-eligible", "0 of 1 scenario(s) passed");

        // the two auto top-up rules, changed as the guide shows
        List<String> tierRules = rules(blocks("### A plan with a new tier", "drl").get(0));
        assertThat(tierRules).hasSize(2);
        Path autoTopUp = rules.resolve("auto-top-up.drl");
        String drl = Files.readString(autoTopUp);
        drl = replaceRule(drl, "Auto top-up is for enterprise plans only", tierRules.get(0));
        drl = replaceRule(drl, "Enterprise teams may turn on auto top-up", tierRules.get(1));
        Files.writeString(autoTopUp, drl);

        // a changed member-limit rule, and its scenario
        Path limits = rules.resolve("member-limits.drl");
        Files.writeString(limits, Files.readString(limits) + "\n"
                + blocks("## Changing a member-limit rule", "drl").get(0));
        Files.writeString(rules.resolve("scenarios/unlimited-members-half-the-plan.yaml"),
                blocks("## Changing a member-limit rule", "yaml").get(0));

        assertThat(run("rules", "check", rules.toString())).as(out + "" + err).isZero();
        assertThat(out.toString()).contains("compiled; 0 error(s); 0 warning(s); 2 of 2 scenario(s) passed");
        return rules;
    }

    @Test
    void theAnalystSeesTheEffectOnARealMonthWithReplayAndHotLoadsTheChangeIntoARunningService() throws Exception {
        Path rules = changedRules();

        // a real month on the store: olivia spends 600 of her team's 1,000 plan credits, more than half
        StoreSettings store = StoreSettings.h2(dir.resolve("data"));
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T09:00:00Z"));
        try (Creditpool pool = Creditpool.builder().store(store).clock(clock).build()) {
            assertThat(pool.createTeam(new CreateTeamCommand(TeamId.of("studio"), "team", 2, MemberId.of("olivia"), 1,
                    null)).accepted()).isTrue();
            clock.advanceTo(Instant.parse("2026-01-05T10:00:00Z"));
            assertThat(pool.consume("studio", "olivia", 400, "gen-1").accepted()).isTrue();
            clock.advanceTo(Instant.parse("2026-01-06T10:00:00Z"));
            assertThat(pool.consume("studio", "olivia", 200, "gen-2").accepted()).isTrue();
        }

        // see the effect: export the month, replay it under the changed rules
        System.setProperty(StoreSettings.PROPERTY, "h2:" + store.location());
        Path month = dir.resolve("studio-2026-01.yaml");
        try {
            assertThat(run("ledger", "export", "studio", "--from", "2026-01-01", "--to", "2026-01-31", "--output",
                    month.toString())).as(err.toString()).isZero();
        } finally {
            System.clearProperty(StoreSettings.PROPERTY);
        }
        assertThat(run("replay", "--rules", rules.toString(), month.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("olivia consumes 200 [gen-2]", "accepted -> member-limit",
                "A member without a limit may spend at most half the month's plan credits", "1 now denied");

        // ship it: a service runs on its own rules folder, the shipped rules to begin with
        Path live = dir.resolve("live-rules");
        assertThat(run("rules", "export", live.toString())).isZero();
        String product = ServeProcess.key(store, "shop", ApiKeys.Scope.PRODUCT);
        String operator = ServeProcess.key(store, "ops", ApiKeys.Scope.OPERATOR);
        try (ServeProcess serve = ServeProcess.start(store, List.of(RulesSettings.PROPERTY + "=" + live))) {
            String url = serve.url("serving on (http://\\S+) ");
            assertThat(url).as(serve.firstLine()).isNotNull();
            Http shop = new Http(url, product);
            String before = new Http(url, operator).get("/admin/rules").path("version").asText();
            assertThat(shop.send("POST", "/v1/teams", null, """
                    {"team":"scaleco","plan":"business","seats":1,"owner":"olivia"}""").path("code").asText())
                    .as("no business plan yet").isEqualTo("invalid-input");

            // the checked files go into the service's folder, and the analyst asks it to reload
            copyFolder(rules, live);
            System.setProperty(CreditpoolCommand.API_KEY_PROPERTY, operator);
            try {
                assertThat(run("rules", "reload", "--server", url)).as(out + "" + err).isZero();
            } finally {
                System.clearProperty(CreditpoolCommand.API_KEY_PROPERTY);
            }
            String version = RuleSet.version(RuleSource.folder(rules), PlanTable.file(rules.resolve("plans.csv")));
            assertThat(version).isNotEqualTo(before);
            assertThat(new Http(url, operator).get("/admin/rules").path("version").asText()).isEqualTo(version);

            // the running service now sells the business tier, gives it auto top-up and caps unlimited members
            assertThat(shop.send("POST", "/v1/teams", null, """
                    {"team":"scaleco","plan":"business","seats":1,"owner":"olivia"}""").path("rules_version")
                    .asText()).isEqualTo(version);
            JsonNode auto = shop.send("PUT", "/v1/teams/scaleco/auto-top-up", "olivia", """
                    {"enabled":true,"threshold":1500,"amount":1000}""");
            assertThat(auto.path("accepted").asBoolean()).as(auto.toString()).isTrue();
            assertThat(auto.path("rules")).extracting(JsonNode::asText)
                    .contains("Enterprise and business teams may turn on auto top-up");
            assertThat(shop.send("POST", "/v1/teams/scaleco/consumptions", "olivia", "{\"credits\":1000}")
                    .path("accepted").asBoolean()).isTrue();
            // the auto top-up is charged off the request path, by the service's purchase workers: wait for it
            JsonNode team = shop.get("/v1/teams/scaleco");
            for (long until = System.nanoTime() + 30_000_000_000L; team.path("top_up_credits").asLong() == 0
                    && System.nanoTime() < until; team = shop.get("/v1/teams/scaleco")) {
                Thread.sleep(50);
            }
            assertThat(team.path("balance").asLong()).as("1000 spent, 1000 bought").isEqualTo(2000);
            assertThat(team.path("top_up_credits").asLong()).isEqualTo(1000);
            JsonNode capped = shop.send("POST", "/v1/teams/scaleco/consumptions", "olivia", "{\"credits\":1}");
            assertThat(capped.path("code").asText()).as(capped.toString()).isEqualTo("member-limit");
            assertThat(capped.path("rules_version").asText()).isEqualTo(version);
        }
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** A caller of the service with one key. */
    private record Http(String url, String key) {
        JsonNode get(String path) throws IOException, InterruptedException {
            return send("GET", path, null, null);
        }

        JsonNode send(String method, String path, String member, String body) throws IOException,
                InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                    .header("Authorization", "Bearer " + key)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (member != null) {
                request.header("Creditpool-Member", member);
            }
            HttpResponse<String> reply = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            return new ObjectMapper().readTree(reply.body());
        }
    }

    @Test
    void anAnalystAddsATierChangesAMemberLimitRuleAndChecksIt() throws IOException {
        Path rules = changedRules();

        // the same scenarios fail on the shipped rules: they test the change, not something that held already
        Path shipped = dir.resolve("shipped");
        assertThat(run("rules", "export", shipped.toString())).isZero();
        Files.copy(rules.resolve("plans.csv"), shipped.resolve("plans.csv"), StandardCopyOption.REPLACE_EXISTING);
        try (var scenarios = Files.list(rules.resolve("scenarios"))) {
            for (Path s : scenarios.toList()) {
                Files.copy(s, shipped.resolve("scenarios").resolve(s.getFileName()));
            }
        }
        assertThat(run("rules", "check", shipped.toString())).isEqualTo(CreditpoolCommand.FAILED);
        assertThat(out.toString()).contains("0 of 2 scenario(s) passed");
    }
}
