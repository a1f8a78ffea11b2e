package io.creditpool.adapters.scenario;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static io.creditpool.adapters.scenario.ScenarioWriter.fields;
import static org.assertj.core.api.Assertions.assertThat;

/** The scenario files an export writes read back as written, whatever the ids look like. */
class ScenarioWriterTest {
    @Test
    void idsThatYamlWouldReadAsSomethingElseAreQuotedAndReadBackAsWritten() {
        ScenarioWriter writer = new ScenarioWriter().comment("made by a test");
        writer.step("invite", fields("by", "olivia@acme.io", "member", "yes", "role", "member"));
        writer.step("advance", Instant.parse("2026-01-05T10:00:00.5Z"));
        writer.step("reserve", fields("member", "123", "amount", 5L, "hold-for", Duration.ofMinutes(10),
                "id", "job:1"));
        writer.step("consume", fields("member", "yes", "amount", 1L, "id", null));

        String text = writer.text("A team's requests", "2026-01-01T00:00:00Z", fields("id", "acme", "plan", "team",
                "seats", 3, "owner", "olivia@acme.io", "billing-anchor-day", 1));

        assertThat(text).startsWith("# made by a test\nname: \"A team's requests\"\n").contains(
                "  - invite: {by: \"olivia@acme.io\", member: \"yes\", role: member}",
                "  - advance: 2026-01-05T10:00:00.500Z",
                "  - reserve: {member: \"123\", amount: 5, hold-for: PT10M, id: \"job:1\"}",
                "  - consume: {member: \"yes\", amount: 1}");
        Scenario scenario = ScenarioParser.parse(Path.of("written.yaml"), text);
        assertThat(scenario.team().owner()).isEqualTo("olivia@acme.io");
        assertThat(scenario.steps()).extracting(Step::description).containsExactly(
                "invite yes as member by olivia@acme.io", "advance to 2026-01-05T10:00:00.500Z",
                "123 reserves 5 for PT10M [job:1]", "yes consumes 1");
    }

    @Test
    void withoutStepsTheFileHasAnEmptyListOfThem() {
        String text = new ScenarioWriter().text("Nothing", "2026-01-01T00:00:00Z", fields("id", "acme", "plan",
                "team", "seats", 1, "owner", "olivia"));

        assertThat(ScenarioParser.parse(Path.of("empty.yaml"), text).steps()).isEmpty();
    }
}
