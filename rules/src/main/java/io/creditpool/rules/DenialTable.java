package io.creditpool.rules;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.RuleDenial;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The denial codes of a rule set's own: {@code denials.csv} in its rules folder, one code a row with columns
 * {@code code, title, status, message}. Rules deny with them ({@code setDenial("too-large")}) as with the built-in
 * codes; the message may hold placeholders filled in from the facts of the decision: {@code {credits}},
 * {@code {balance}}, {@code {usage}}, {@code {limit}}, {@code {member}}, {@code {role}}, {@code {team}},
 * {@code {plan}}, {@code {tier}}.
 */
public final class DenialTable {
    /** The table's file name in a rules folder. */
    public static final String FILE = "denials.csv";
    static final List<String> COLUMNS = List.of("code", "title", "status", "message");
    /** The placeholders a message may hold. */
    public static final Set<String> PLACEHOLDERS = Set.of("credits", "balance", "usage", "limit", "member", "role",
            "team", "plan", "tier");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");
    private static final DenialTable NONE = new DenialTable(Map.of());

    private final Map<String, RuleDenial> denials;

    private DenialTable(Map<String, RuleDenial> denials) {
        this.denials = denials;
    }

    /** The table of {@code source}: its {@code denials.csv}, else none. */
    public static DenialTable of(RuleSource source) {
        String csv = source.files().get(FILE);
        return csv == null ? NONE : parse(csv);
    }

    /**
     * Parses a denials table; a bad row is an {@link IllegalArgumentException} saying {@code denials.csv:LINE:} and
     * the column.
     */
    public static DenialTable parse(String csv) {
        Map<String, RuleDenial> denials = new LinkedHashMap<>();
        CsvSchema schema = CsvSchema.emptySchema().withHeader().withStrictHeaders(false);
        try (Reader reader = new StringReader(csv);
                MappingIterator<Map<String, String>> rows = new CsvMapper().readerFor(Map.class).with(schema)
                        .readValues(reader)) {
            int line = 1;
            while (rows.hasNext()) {
                line++;
                Map<String, String> row = rows.next();
                if (!row.keySet().equals(Set.copyOf(COLUMNS))) {
                    throw new IllegalArgumentException(FILE + ":" + line + ": the columns must be " + COLUMNS
                            + ", found " + row.keySet());
                }
                try {
                    RuleDenial d = new RuleDenial(row.get("code").trim(), row.get("title").trim(),
                            status(row.get("status").trim()), row.get("message").trim());
                    Matcher m = PLACEHOLDER.matcher(d.message());
                    while (m.find()) {
                        if (!PLACEHOLDERS.contains(m.group(1))) {
                            throw new InvalidInputException("message", "{" + m.group(1) + "} is not a placeholder; "
                                    + "the placeholders are " + PLACEHOLDERS.stream().sorted().map(p -> "{" + p + "}")
                                            .toList());
                        }
                    }
                    if (denials.put(d.code(), d) != null) {
                        throw new InvalidInputException("code", "'" + d.code() + "' appears twice");
                    }
                } catch (InvalidInputException e) {
                    throw new IllegalArgumentException(FILE + ":" + line + ": column " + e.field() + ": "
                            + e.reason(), e);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(FILE + ": not a readable CSV table: " + e.getMessage(), e);
        }
        return new DenialTable(denials);
    }

    private static int status(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("status", "'" + text + "' is not 402, 403 or 422");
        }
    }

    /** The denial of {@code code}, if the table has it. */
    public Optional<RuleDenial> denial(String code) {
        return Optional.ofNullable(denials.get(code));
    }

    /** The table's codes, in its order. */
    public List<String> codes() {
        return new ArrayList<>(denials.keySet());
    }

    /** {@code denial} with its message's placeholders filled in from {@code values} (unknown ones left as written). */
    static RuleDenial filled(RuleDenial denial, Map<String, Object> values) {
        Matcher m = PLACEHOLDER.matcher(denial.message());
        StringBuilder message = new StringBuilder();
        while (m.find()) {
            Object value = values.get(m.group(1));
            m.appendReplacement(message, Matcher.quoteReplacement(value == null ? m.group() : value.toString()));
        }
        m.appendTail(message);
        return new RuleDenial(denial.code(), denial.title(), denial.status(), message.toString());
    }
}
