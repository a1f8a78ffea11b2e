package io.creditpool.rules;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.port.out.PlanCatalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The plan table an analyst edits: a CSV file with one plan per row and the columns
 * {@code name, tier, monthly-credits-per-seat, price-per-credit, currency}.
 */
public final class PlanTable implements PlanCatalog {
    public static final List<String> COLUMNS = List.of("name", "tier", "monthly-credits-per-seat",
            "price-per-credit", "currency");

    private final String origin;
    private final Map<String, Plan> plans;

    private PlanTable(String origin, Map<String, Plan> plans) {
        this.origin = origin;
        this.plans = Collections.unmodifiableMap(plans);
    }

    /** The plan table shipped with Creditpool. */
    public static PlanTable shipped() {
        String name = RuleSource.CLASSPATH_FOLDER + "plans.csv";
        try (InputStream in = PlanTable.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the shipped plan table is not on the classpath at " + name);
            }
            return parse("classpath:" + name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PlanTable file(Path csv) {
        try {
            return parse(csv.toString(), Files.readString(csv));
        } catch (IOException e) {
            throw new UncheckedIOException("reading the plan table " + csv, e);
        }
    }

    /** Parses a plan table; a bad row is an error naming the table, the row and the column. */
    public static PlanTable parse(String origin, String csv) {
        CsvMapper mapper = new CsvMapper();
        CsvSchema schema = CsvSchema.emptySchema().withHeader().withStrictHeaders(false);
        Map<String, Plan> plans = new LinkedHashMap<>();
        try (Reader reader = new StringReader(csv);
                MappingIterator<Map<String, String>> rows = mapper.readerFor(Map.class).with(schema)
                        .readValues(reader)) {
            int line = 1;
            while (rows.hasNext()) {
                line++;
                Map<String, String> row = rows.next();
                if (!row.keySet().equals(Set.copyOf(COLUMNS))) {
                    throw new IllegalArgumentException(origin + " line " + line + ": the columns must be "
                            + COLUMNS + ", found " + row.keySet());
                }
                try {
                    Plan plan = new Plan(row.get("name").trim(), Tier.parse("tier", row.get("tier").trim()),
                            number(row, "monthly-credits-per-seat"), number(row, "price-per-credit"),
                            row.get("currency").trim());
                    if (plans.put(plan.name(), plan) != null) {
                        throw new InvalidInputException("name", "plan '" + plan.name() + "' appears twice");
                    }
                } catch (InvalidInputException e) {
                    throw new IllegalArgumentException(origin + " line " + line + ", column " + e.field() + ": "
                            + e.reason(), e);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(origin + ": not a readable CSV table: " + e.getMessage(), e);
        }
        return new PlanTable(origin, plans);
    }

    private static long number(Map<String, String> row, String column) {
        String text = row.get(column).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(column, "'" + text + "' is not a whole number");
        }
    }

    /** This table with {@code extra} plans added, or replacing the plans of the same name. */
    public PlanTable with(Collection<Plan> extra) {
        Map<String, Plan> merged = new LinkedHashMap<>(plans);
        extra.forEach(p -> merged.put(p.name(), p));
        return new PlanTable(origin + " with " + extra.size() + " plan(s) added", merged);
    }

    public String origin() {
        return origin;
    }

    @Override
    public Optional<Plan> plan(String name) {
        return Optional.ofNullable(plans.get(name));
    }

    @Override
    public Collection<Plan> plans() {
        return plans.values();
    }
}
