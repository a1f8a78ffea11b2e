package io.creditpool.rules;

import org.apache.commons.text.similarity.LevenshteinDistance;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compile errors in an analyst's words: each says {@code file:line}, the rule it is in, and what is wrong in plain
 * words, with the nearest field, fact or method for a misspelt one ("did you mean {@code usageAfter}?"). A rule
 * without {@code end} is told as that, at the rule, instead of the parser's complaint about the next rule.
 */
final class CompileErrors {
    private static final String FACTS_PACKAGE = "io.creditpool.rules.facts.";
    private static final Pattern PROBLEM = Pattern.compile("^([^:\\s]+?)(?::(\\d+))?: (.*)$", Pattern.DOTALL);
    private static final Pattern RULE_HEADER = Pattern.compile("^\\s*rule\\s+[\"']([^\"']+)[\"']");
    private static final Pattern LEFT_PART = Pattern.compile("Unable to parse left part of expression: (.*)");
    private static final Pattern UNKNOWN_CLASS =
            Pattern.compile("(?:Unable to find class: |Unable to resolve ObjectType ')([\\w.]+)'?.*", Pattern.DOTALL);
    private static final Pattern UNDEFINED_METHOD = Pattern.compile(
            "The method (\\w+)\\(([^)]*)\\) is undefined for the type (\\w+)(?: \\(in: (.*)\\))?", Pattern.DOTALL);
    private static final Set<String> WORDS = Set.of("true", "false", "null", "this", "in", "not", "matches",
            "contains", "memberOf", "soundslike", "str", "excludes");

    private CompileErrors() {
    }

    /** {@code problems} ({@code file[:line]: message}, as {@link RuleBase} words them) explained. */
    static List<String> explain(RuleSource source, List<String> problems) {
        Map<String, String> texts = new LinkedHashMap<>();
        source.files().forEach((name, text) -> {
            if (!RuleSource.isDecisionTable(name)) {
                texts.put(name, text);
            }
        });
        Set<String> out = new LinkedHashSet<>();
        Set<String> withoutEnd = new TreeSet<>();
        for (Map.Entry<String, String> file : texts.entrySet()) {
            for (String missing : missingEnds(file.getKey(), file.getValue())) {
                out.add(missing);
                withoutEnd.add(file.getKey());
            }
        }
        for (String problem : problems) {
            Matcher m = PROBLEM.matcher(problem);
            if (!m.matches()) {
                out.add(problem);
                continue;
            }
            String file = m.group(1).startsWith(RuleSource.CLASSPATH_FOLDER)
                    ? m.group(1).substring(RuleSource.CLASSPATH_FOLDER.length()) : m.group(1);
            int line = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
            String text = m.group(3);
            if (withoutEnd.contains(file)) {
                continue; // the parser's words for a missing end; told above, at the rule
            }
            if (text.startsWith("Parser returned a null Package") && problems.stream()
                    .filter(other -> other.startsWith(m.group(1) + ":")).count() > 1) {
                continue; // Drools' echo of the parse errors already told
            }
            String drl = texts.get(file);
            if (drl == null && RuleSource.isDecisionTable(file) && source.files().containsKey(file)
                    && file.endsWith(".csv") && !file.equals(DenialTable.FILE) && line == 0) {
                out.add(inTable(file, source.files().get(file), text));
                continue;
            }
            if (drl == null && file.endsWith(".xlsx") && source.files().containsKey(file) && line == 0) {
                out.add(inSpreadsheet(file, source.bytes(file), text));
                continue;
            }
            if (drl == null) {
                out.add((line > 0 ? file + ":" + line : file) + ": " + text);
                continue;
            }
            out.add(explain(file, drl, line, text));
        }
        return new ArrayList<>(out);
    }

    private static String explain(String file, String drl, int line, String text) {
        Matcher left = LEFT_PART.matcher(text);
        if (left.matches()) {
            String expression = left.group(1).trim();
            int at = lineContaining(drl, expression, line);
            String fact = factBefore(drl, expression);
            Class<?> type = fact == null ? null : load(FACTS_PACKAGE + fact);
            if (type != null) {
                Set<String> fields = fields(type);
                Matcher id = Pattern.compile("(?<![\\w$.\"])([a-zA-Z_]\\w*)(?!\\s*\\()").matcher(expression);
                while (id.find()) {
                    String name = id.group(1);
                    if (!fields.contains(name) && !WORDS.contains(name)) {
                        return where(file, drl, at) + fact + " has no field `" + name + "`" + didYouMean(name, fields)
                                + " (its fields: " + String.join(", ", fields) + ")";
                    }
                }
            }
            return where(file, drl, at) + "cannot read the condition `" + expression + "`" + (fact == null ? ""
                    : " of " + fact);
        }
        Matcher unknown = UNKNOWN_CLASS.matcher(text);
        if (unknown.matches()) {
            String name = unknown.group(1);
            String simple = name.substring(name.lastIndexOf('.') + 1);
            int at = lineMatching(drl, Pattern.compile("\\b" + Pattern.quote(simple) + "\\s*\\("), line);
            return where(file, drl, at) + "there is no fact `" + simple + "`" + didYouMean(simple, DrlPrelude.FACTS)
                    + "; the facts are " + String.join(", ", DrlPrelude.FACTS);
        }
        Matcher method = UNDEFINED_METHOD.matcher(text);
        if (method.matches()) {
            Class<?> type = load(FACTS_PACKAGE + method.group(3));
            Set<String> methods = type == null ? Set.of() : methods(type);
            int at = line > 0 ? line : method.group(4) == null ? 0
                    : lineContaining(drl, method.group(4).replaceAll("\\s+", ""), 0);
            return where(file, drl, at) + method.group(3) + " has no method `" + method.group(1) + "`"
                    + didYouMean(method.group(1), methods)
                    + (methods.isEmpty() ? "" : " (its methods: " + String.join(", ", methods) + ")");
        }
        return where(file, drl, line) + text.replaceAll("\\[ERR \\d+] Line \\d+:\\d+ ", "")
                .replaceAll("mismatched input '([^']*)'(?: expecting [^\\n]*?)?(?= in rule|$)", "`$1` is not expected here")
                .replaceAll("no viable alternative at input '([^']*)'", "cannot read `$1`");
    }

    /**
     * An error in a rule Drools made from a row of a CSV decision table: told at the table's cell ({@code file:D10})
     * when a condition of the error is the column's template filled with the row's cell, with the nearest field of
     * the column's fact for a misspelt one.
     */
    private static String inTable(String file, String csv, String text) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : csv.split("\n", -1)) {
            rows.add(cells(line));
        }
        return inRows(rows, text, (row, column) -> file + ":" + column + row + ": ")
                .orElseGet(() -> file + ": " + unplaced(text));
    }

    /**
     * The same for a spreadsheet decision table: told at its file, sheet and row
     * ({@code file.xlsx:Largest consumption:9: }), the message naming the column.
     */
    private static String inSpreadsheet(String file, byte[] xlsx, String text) {
        Map<String, List<List<String>>> sheets;
        try {
            sheets = sheets(xlsx);
        } catch (RuntimeException unreadable) {
            return file + ": " + unplaced(text);
        }
        for (Map.Entry<String, List<List<String>>> sheet : sheets.entrySet()) {
            Optional<String> found = inRows(sheet.getValue(), text,
                    (row, column) -> file + ":" + sheet.getKey() + ":" + row + ": ");
            if (found.isPresent()) {
                return found.get();
            }
        }
        return file + ": " + unplaced(text);
    }

    /** Every sheet of a spreadsheet, by name in order, as rows of cells as they read (Apache POI, as Drools reads it). */
    static Map<String, List<List<String>>> sheets(byte[] xlsx) {
        Map<String, List<List<String>>> sheets = new LinkedHashMap<>();
        DataFormatter formatter = new DataFormatter();
        try (Workbook book = WorkbookFactory.create(new ByteArrayInputStream(xlsx))) {
            for (Sheet sheet : book) {
                List<List<String>> rows = new ArrayList<>();
                for (int r = 0; r <= sheet.getLastRowNum(); r++) {
                    Row row = sheet.getRow(r);
                    List<String> cells = new ArrayList<>();
                    for (int c = 0; row != null && c < row.getLastCellNum(); c++) {
                        Cell cell = row.getCell(c);
                        cells.add(cell == null ? "" : formatter.formatCellValue(cell).trim());
                    }
                    rows.add(cells);
                }
                sheets.put(sheet.getSheetName(), rows);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sheets;
    }

    /** A column's letters as a spreadsheet names it: A, B, ..., Z, AA. */
    static String columnName(int column) {
        StringBuilder name = new StringBuilder();
        for (int c = column + 1; c > 0; c = (c - 1) / 26) {
            name.insert(0, (char) ('A' + (c - 1) % 26));
        }
        return name.toString();
    }

    /** Where a cell is, in a table's words, from its row (counted from 1) and column letters. */
    @FunctionalInterface
    private interface Place {
        String of(int row, String column);
    }

    private static String unplaced(String text) {
        Matcher left = LEFT_PART.matcher(text);
        return left.matches() ? "cannot read the condition `" + left.group(1).trim().replaceAll("\\s+", " ") + "`"
                : text;
    }

    /**
     * The error at the cell whose column template, filled with the cell, is the error's condition; empty when no
     * cell is.
     */
    private static Optional<String> inRows(List<List<String>> rows, String text, Place place) {
        Matcher left = LEFT_PART.matcher(text);
        if (!left.matches()) {
            return Optional.empty();
        }
        String expression = left.group(1).trim().replaceAll("\\s+", " ");
        for (int r = 0; r < rows.size(); r++) {
            List<String> templates = rows.get(r);
            for (int c = 0; c < templates.size(); c++) {
                if (!templates.get(c).contains("$param")) {
                    continue;
                }
                for (int row = r + 1; row < rows.size(); row++) {
                    List<String> cells = rows.get(row);
                    if (c < cells.size() && !cells.get(c).isEmpty() && templates.get(c).replace("$param",
                            cells.get(c)).replaceAll("\\s+", " ").equals(expression)) {
                        String where = place.of(row + 1, columnName(c));
                        String fact = r > 0 && c < rows.get(r - 1).size() ? rows.get(r - 1).get(c)
                                .replaceAll(".*:", "").trim() : "";
                        Class<?> type = fact.isEmpty() ? null : load(FACTS_PACKAGE + fact);
                        if (type != null) {
                            Set<String> fields = fields(type);
                            Matcher id = Pattern.compile("(?<![\\w$.\"])([a-zA-Z_]\\w*)(?!\\s*\\()")
                                    .matcher(expression);
                            while (id.find()) {
                                if (!fields.contains(id.group(1)) && !WORDS.contains(id.group(1))) {
                                    return Optional.of(where + fact + " has no field `" + id.group(1) + "`"
                                            + didYouMean(id.group(1), fields) + " (in the condition `"
                                            + templates.get(c) + "` of column " + columnName(c) + ")");
                                }
                            }
                        }
                        return Optional.of(where + "cannot read the condition `" + expression + "` (column "
                                + columnName(c) + ")");
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The cells of one CSV line ({@code ""} is a quote inside a quoted cell). */
    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted && ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                cells.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        cells.add(cell.toString().trim());
        return cells;
    }

    /** {@code file:line: rule "NAME": } (or less, where the line or the rule is not known). */
    private static String where(String file, String drl, int line) {
        if (line <= 0) {
            return file + ": ";
        }
        String rule = ruleAt(drl, line);
        return file + ":" + line + ": " + (rule == null ? "" : "rule \"" + rule + "\": ");
    }

    /** The name of the rule whose text holds {@code line}. */
    private static String ruleAt(String drl, int line) {
        String[] lines = drl.split("\n", -1);
        for (int i = Math.min(line, lines.length) - 1; i >= 0; i--) {
            Matcher m = RULE_HEADER.matcher(lines[i]);
            if (m.find()) {
                return m.group(1);
            }
            if (i < line - 1 && lines[i].trim().equals("end")) {
                return null;
            }
        }
        return null;
    }

    /** The rules of {@code drl} that have no {@code end} before the next rule (or the end of the file). */
    static List<String> missingEnds(String file, String drl) {
        List<String> problems = new ArrayList<>();
        String[] lines = drl.split("\n", -1);
        int open = -1;
        String name = null;
        for (int i = 0; i < lines.length; i++) {
            String code = lines[i].replaceAll("//.*$", "").trim();
            Matcher header = RULE_HEADER.matcher(code);
            if (header.find()) {
                if (open >= 0) {
                    problems.add(file + ":" + (open + 1) + ": rule \"" + name + "\" has no `end`: write `end` on a "
                            + "line of its own after its `then` part, before rule \"" + header.group(1)
                            + "\" starts at line " + (i + 1));
                }
                open = i;
                name = header.group(1);
            } else if (code.equals("end")) {
                open = -1;
            }
        }
        if (open >= 0) {
            problems.add(file + ":" + (open + 1) + ": rule \"" + name + "\" has no `end`: write `end` on a line of "
                    + "its own after its `then` part, at the end of the file");
        }
        return problems;
    }

    /** The line holding {@code text} (spaces aside), else {@code fallback}. */
    private static int lineContaining(String drl, String text, int fallback) {
        String wanted = text.replaceAll("\\s+", "");
        String[] lines = drl.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!wanted.isEmpty() && lines[i].replaceAll("\\s+", "").contains(wanted)) {
                return i + 1;
            }
        }
        return fallback;
    }

    private static int lineMatching(String drl, Pattern pattern, int fallback) {
        String[] lines = drl.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (pattern.matcher(lines[i].replaceAll("//.*$", "")).find()) {
                return i + 1;
            }
        }
        return fallback;
    }

    /** The fact type of the pattern {@code expression} is written in: the last {@code Type(} before it. */
    private static String factBefore(String drl, String expression) {
        String flat = drl.replaceAll("\\s+", " ");
        int at = flat.indexOf(expression.replaceAll("\\s+", " "));
        if (at < 0) {
            return null;
        }
        Matcher m = Pattern.compile("\\b([A-Z]\\w*)\\s*\\(").matcher(flat.substring(0, at));
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return last;
    }

    /** A fact's fields as rules write them (its bean properties). */
    static Set<String> fields(Class<?> type) {
        Set<String> fields = new TreeSet<>();
        try {
            for (PropertyDescriptor p : Introspector.getBeanInfo(type, Object.class).getPropertyDescriptors()) {
                if (p.getReadMethod() != null) {
                    fields.add(p.getName());
                }
            }
        } catch (IntrospectionException e) {
            throw new IllegalStateException(e);
        }
        return fields;
    }

    private static Set<String> methods(Class<?> type) {
        Set<String> methods = new TreeSet<>();
        Arrays.stream(type.getMethods()).filter(m -> m.getDeclaringClass() != Object.class)
                .filter(m -> Modifier.isPublic(m.getModifiers())).map(Method::getName).forEach(methods::add);
        return methods;
    }

    /** {@code ; did you mean `X`?} for the nearest of {@code words}, or nothing when none is near. */
    private static String didYouMean(String typed, Collection<String> words) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String w : words) {
            int d = LevenshteinDistance.getDefaultInstance().apply(typed.toLowerCase(), w.toLowerCase());
            if (d < bestDistance) {
                best = w;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(2, typed.length() / 3)
                ? "; did you mean `" + best + "`?" : "";
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, CompileErrors.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
