package io.creditpool.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.creditpool.Creditpool;
import io.creditpool.adapters.cli.CreditpoolCommand;
import io.creditpool.adapters.client.ServiceClient;
import io.creditpool.adapters.keys.InMemoryApiKeys;
import io.creditpool.adapters.store.StoreSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guide's denial code of the analysts' own (rules/ANALYSTS.md, "Denial codes of your own"), done as the guide
 * says with the table, the rule and the scenario taken from the guide: {@code rules check} passes with the scenario,
 * and a service running the folder answers the denial with the table's status, type, title and message, naming the
 * rule that denied.
 */
class CustomDenialWalkthroughTest {
    @TempDir
    Path dir;

    private static String block(String language) throws IOException {
        String guide = Files.readString(Path.of("../../rules/ANALYSTS.md"));
        String section = guide.substring(guide.indexOf("## Denial codes of your own"));
        section = section.substring(0, section.indexOf("\n## ", 5));
        Matcher m = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void theAnalystsOwnCodeIsCheckedAndAnsweredOverHttpInTheirWords() throws IOException {
        Path rules = dir.resolve("my-rules");
        assertThat(CreditpoolCommand.run("rules", "export", rules.toString())).isZero();
        Files.writeString(rules.resolve("generation-size.drl"), block("drl"));
        Files.writeString(rules.resolve("scenarios/generation-size.yaml"), block("yaml"));

        // without the table the code is unknown, and the check says so before anything runs
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertThat(CreditpoolCommand.run("rules", "check", rules.toString()))
                    .as("exit code 3: the rule set has errors").isEqualTo(3);
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("denies with \"too-large\"",
                    "add it to the rule set's denials.csv");

            Files.writeString(rules.resolve("denials.csv"), block("csv"));
            printed.reset();
            assertThat(CreditpoolCommand.run("rules", "check", rules.toString())).isZero();
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("0 error(s)", "1 of 1 scenario(s) passed");
        } finally {
            System.setOut(stdout);
        }

        InMemoryApiKeys keys = new InMemoryApiKeys();
        String product = keys.create("shop").key();
        try (Creditpool pool = Creditpool.builder().rules(rules).planTable(rules.resolve("plans.csv"))
                .store(StoreSettings.MEMORY).build();
                HttpService service = HttpService.start(pool, keys, 0)) {
            ServiceClient client = ServiceClient.of("http://127.0.0.1:" + service.port(), product);
            assertThat(client.send("POST", "/v1/teams", Map.of(),
                    "{\"team\":\"bigco\",\"plan\":\"enterprise\",\"seats\":10,\"owner\":\"olivia\"}").status())
                    .isEqualTo(201);
            ServiceClient.Reply denied = client.send("POST", "/v1/teams/bigco/consumptions",
                    Map.of("Creditpool-Member", "olivia", "Idempotency-Key", "gen-1"), "{\"credits\":5001}");
            JsonNode body = denied.body();
            assertThat(denied.status()).as(denied.text()).isEqualTo(422);
            assertThat(denied.contentType()).startsWith("application/problem+json");
            assertThat(body.path("type").asText()).endsWith("/too-large");
            assertThat(body.path("title").asText()).isEqualTo("Generation too large");
            assertThat(body.path("status").asInt()).isEqualTo(422);
            assertThat(body.path("detail").asText())
                    .isEqualTo("A single generation may take at most 5,000 credits; 5001 were asked for");
            assertThat(body.path("code").asText()).isEqualTo("too-large");
            assertThat(body.path("rules")).extracting(JsonNode::asText)
                    .containsExactly("A single generation may take at most 5,000 credits");
            assertThat(body.path("rules_version").asText()).isEqualTo(pool.rulesVersion());
            // replayed, the same answer
            assertThat(client.send("POST", "/v1/teams/bigco/consumptions", Map.of("Creditpool-Member", "olivia",
                    "Idempotency-Key", "gen-1"), "{\"credits\":5001}").body().path("title").asText())
                    .isEqualTo("Generation too large");
        }
    }
}
