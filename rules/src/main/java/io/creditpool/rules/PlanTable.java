package io.creditpool.rules;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.domain.UnitPrice;
import io.creditpool.kernel.port.out.PlanCatalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
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
 * {@code name, tier, monthly-credits-per-seat, price-per-credit, currency}. The price is in minor units (cents) of
 * the currency and may hold a fraction of one ({@code 1.5}); a table may instead, or as well, have the columns
 * {@code price-per-block, credits-per-block} ({@code 1500,1000}: 15 USD per 1,000 credits), each row then giving
 * either a price per credit or a price per block.
 */
public final class PlanTable implements PlanCatalog {
    /** The columns of a table that prices per credit (every table before prices per block). */
    public static final List<String> COLUMNS = List.of("name", "tier", "monthly-credits-per-seat",
            "price-per-credit", "currency");
    /** The columns of a table that prices per block of credits; a table may have these and price-per-credit. */
    public static final List<String> BLOCK_COLUMNS = List.of("name", "tier", "monthly-credits-per-seat",
            "price-per-block", "credits-per-block", "currency");
    private static final Set<String> ALL_COLUMNS = Set.of("name", "tier", "monthly-credits-per-seat",
            "price-per-credit", "price-per-block", "credits-per-block", "currency");
    /** A price as a plan table writes it: digits, and a fraction after a point. */
    private static final java.util.regex.Pattern PRICE = java.util.regex.Pattern.compile("[0-9]+(\\.[0-9]+)?");

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
                Map<String, String> row;
                try {
                    row = rows.next();
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(origin + " line " + line + ": " + (String.valueOf(
                            e.getMessage()).startsWith("Too many entries") ? "the row has more cells than the table "
                            + "has columns (a decimal comma splits a cell: write a price as 1.5, not 1,5)"
                            : "not a readable row: " + e.getMessage()), e);
                }
                if (!columnsFit(row.keySet())) {
                    throw new IllegalArgumentException(origin + " line " + line + ": the columns must be "
                            + COLUMNS + " or " + BLOCK_COLUMNS + " (or both price columns), found " + row.keySet());
                }
                try {
                    String name = row.get("name").trim();
                    Tier tier = Tier.parse("tier", row.get("tier").trim());
                    long perSeat = number(row, "monthly-credits-per-seat");
                    Plan plan = new Plan(name, tier, perSeat, price(row, row.get("currency").trim()));
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

    /** The documented columns: the plan's, the currency, and a price per credit, per block, or both. */
    private static boolean columnsFit(Set<String> columns) {
        boolean perCredit = columns.contains("price-per-credit");
        boolean perBlock = columns.contains("price-per-block") && columns.contains("credits-per-block");
        return ALL_COLUMNS.containsAll(columns) && columns.containsAll(List.of("name", "tier",
                "monthly-credits-per-seat", "currency")) && (perCredit || perBlock)
                && columns.contains("price-per-block") == columns.contains("credits-per-block");
    }

    /** A row's price: per credit, or per block when the row fills the block columns instead. */
    private static UnitPrice price(Map<String, String> row, String currency) {
        String perCredit = cell(row, "price-per-credit");
        String perBlock = cell(row, "price-per-block");
        String block = cell(row, "credits-per-block");
        if (!perCredit.isEmpty() && !(perBlock.isEmpty() && block.isEmpty())) {
            throw new InvalidInputException("price-per-credit", "give a price per credit or a price per block "
                    + "(price-per-block and credits-per-block), not both");
        }
        if (!perCredit.isEmpty()) {
            return UnitPrice.perCredit(decimal("price-per-credit", perCredit), currency);
        }
        if (perBlock.isEmpty() && block.isEmpty()) {
            throw new InvalidInputException(row.containsKey("price-per-credit") ? "price-per-credit" : "price-per-block",
                    "is required: a price per credit, or a price per block with credits-per-block");
        }
        if (perBlock.isEmpty()) {
            throw new InvalidInputException("price-per-block", "is required with credits-per-block");
        }
        if (block.isEmpty()) {
            throw new InvalidInputException("credits-per-block", "is required with price-per-block");
        }
        long credits;
        try {
            credits = Long.parseLong(block);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("credits-per-block", "'" + block + "' is not a whole number");
        }
        return UnitPrice.perBlock(decimal("price-per-block", perBlock), credits, currency);
    }

    private static String cell(Map<String, String> row, String column) {
        String value = row.get(column);
        return value == null ? "" : value.trim();
    }

    /** A price in minor units (cents) as written: {@code 2}, {@code 1.5}; no sign, no exponent, no thousands. */
    private static BigDecimal decimal(String column, String text) {
        if (text.startsWith("-") && PRICE.matcher(text.substring(1)).matches()) {
            throw new InvalidInputException(column, "must not be negative, was " + text);
        }
        if (!PRICE.matcher(text).matches()) {
            throw new InvalidInputException(column, "'" + text + "' is not a price: write it in minor units (cents) "
                    + "of the currency, with a point before any fraction, such as 2 or 1.5");
        }
        return new BigDecimal(text);
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
