package io.creditpool.adapters.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a scenario file (the format {@link ScenarioParser} reads) as people write them: comments on top, one step a
 * line in flow style ({@code - consume: {member: alice, amount: 120}}). Values that YAML could read as something else
 * are quoted (JSON strings are YAML too).
 */
public final class ScenarioWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A value that stays a string without quotes. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*");
    /** Words a YAML 1.1 reader takes for a boolean or null. */
    private static final Set<String> SPECIAL = Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null");

    private final List<String> header = new ArrayList<>();
    private final List<String> steps = new ArrayList<>();

    /** A line of the comment at the top of the file. */
    public ScenarioWriter comment(String line) {
        header.add(line.isEmpty() ? "#" : "# " + line);
        return this;
    }

    /** A comment line among the steps, before the next one. */
    public ScenarioWriter stepComment(String line) {
        steps.add("  # " + line);
        return this;
    }

    /** A step of one command; {@code fields} in order, a null value left out. */
    public ScenarioWriter step(String command, Map<String, ?> fields) {
        steps.add("  - " + command + ": " + flow(fields));
        return this;
    }

    /** A step whose command takes one value ({@code advance}, {@code payments}). */
    public ScenarioWriter step(String command, Object value) {
        steps.add("  - " + command + ": " + scalar(value));
        return this;
    }

    public int steps() {
        return (int) steps.stream().filter(s -> s.startsWith("  - ")).count();
    }

    /** The file: the comment, then {@code name}, {@code start}, {@code team} and the steps. */
    public String text(String name, String start, Map<String, ?> team) {
        StringBuilder out = new StringBuilder();
        header.forEach(line -> out.append(line).append('\n'));
        out.append("name: ").append(scalar(name)).append('\n');
        out.append("start: ").append(start).append('\n');
        out.append("team: ").append(flow(team)).append('\n');
        if (steps.stream().noneMatch(s -> s.startsWith("  - "))) {
            steps.forEach(s -> out.append(s).append('\n'));
            out.append("steps: []\n");
            return out.toString();
        }
        out.append("steps:\n");
        steps.forEach(s -> out.append(s).append('\n'));
        return out.toString();
    }

    /** A map of fields in flow style. */
    static String flow(Map<String, ?> fields) {
        List<String> parts = new ArrayList<>();
        fields.forEach((k, v) -> {
            if (v != null) {
                parts.add(k + ": " + scalar(v));
            }
        });
        return "{" + String.join(", ", parts) + "}";
    }

    /** Fields in the order given: key, value, key, value... */
    public static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static String scalar(Object value) {
        if (value instanceof Number || value instanceof Boolean || value instanceof Instant
                || value instanceof Duration) {
            return value.toString();
        }
        String text = value.toString();
        if (PLAIN.matcher(text).matches() && !SPECIAL.contains(text.toLowerCase(Locale.ROOT))) {
            return text;
        }
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
