package io.creditpool.rules;

import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.rules.facts.AutoTopUpChange;
import io.creditpool.rules.facts.AutoTopUpState;
import io.creditpool.rules.facts.Consumption;
import io.creditpool.rules.facts.CycleGrant;
import io.creditpool.rules.facts.LowBalance;
import io.creditpool.rules.facts.PlanParameters;
import io.creditpool.rules.facts.TopUpPurchase;
import io.creditpool.rules.facts.Verdict;
import org.drools.drl.ast.descr.AndDescr;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.ExistsDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a rule set before it ships: compiles it and the plan table (errors name the file and line), and looks for
 * what an analyst would want to hear about although Drools accepts it: two rules of the same name, a denial code
 * Creditpool does not know (errors), and rules that can never fire, rules with the same conditions, comparisons with
 * a tier no plan can have (warnings). Only what can be told simply and surely from the DRL text is reported.
 */
public final class RuleSetCheck {
    /** A problem at {@code where} ({@code file:line}), told in an analyst's words. */
    public record Finding(String where, String message) {
        @Override
        public String toString() {
            return where + ": " + message;
        }
    }

    /** What the check found; {@code plans} is null when the plan table does not load. */
    public record Report(RuleSource source, int rules, int files, PlanTable plans, boolean compiled,
            List<Finding> errors, List<Finding> warnings) {
        public Report {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }

        /** The rule set and plan table load and nothing is wrong enough to stop them shipping. */
        public boolean passed() {
            return errors.isEmpty();
        }
    }

    /** One decision Creditpool asks the rules for: the facts it gives them and the agenda groups it runs. */
    private record Decision(String what, List<Class<?>> facts, List<String> phases) {
    }

    /**
     * What {@link DroolsCreditPolicy} gives the rules in each decision. Rules without an agenda-group fire in every
     * decision; the agenda groups fire only where listed.
     */
    private static final List<Decision> DECISIONS = List.of(
            new Decision("a new cycle's plan credits", List.of(CycleGrant.class), List.of()),
            new Decision("a top-up", List.of(TopUpPurchase.class), List.of()),
            new Decision("turning auto top-up on or off", List.of(AutoTopUpChange.class, Verdict.class,
                    PlanParameters.class), List.of(DroolsCreditPolicy.PARAMETERS_PHASE)),
            new Decision("a consumption", List.of(Consumption.class, Verdict.class, LowBalance.class,
                    AutoTopUpState.class, PlanParameters.class), Arrays.asList(DroolsCreditPolicy.CONSUMPTION_PHASES)));

    private static final String FACTS_PACKAGE = "io.creditpool.rules.facts.";
    private static final Pattern RULE_HEADER = Pattern.compile("(?m)^\\s*rule\\s+\"([^\"]+)\"");
    private static final Pattern INSERTED = Pattern.compile("insert(?:Logical)?\\s*\\(\\s*new\\s+([\\w.]+)");
    private static final Pattern DENIAL = Pattern.compile("setDenial\\s*\\(\\s*\"([^\"]*)\"");
    private static final Pattern TIER = Pattern.compile("\\btier\\s*(==|!=)\\s*\"([^\"]*)\"");
    /** {@code tier in ( "a", "b" )} and {@code tier not in (...)}: the form the guide recommends for several tiers. */
    private static final Pattern TIER_IN = Pattern.compile("\\btier\\s*(not\\s+)?in\\s*\\(([^)]*)\\)");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    /** One rule as written: where, its agenda group, what it waits for and what it does. */
    private record Rule(String name, String file, int line, String group, String groupWord, List<String> waitsFor,
            Set<String> inserts, String conditions, String action, List<String> imports) {
        String where() {
            return file + ":" + line;
        }
    }

    private RuleSetCheck() {
    }

    /** Checks {@code source} and the plan table {@code plans} loads. */
    public static Report check(RuleSource source, Supplier<PlanTable> plans) {
        return check(source, plans, RuleBase::of);
    }

    /**
     * Checks {@code source}, compiled by {@code compile} (which throws {@link RuleBuildException} when it does not
     * compile), and that the plan table {@code plans} loads.
     */
    public static Report check(RuleSource source, Supplier<PlanTable> plans,
            java.util.function.Function<RuleSource, RuleBase> compile) {
        List<Finding> errors = new ArrayList<>();
        List<Finding> warnings = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        boolean parsed = true;
        for (Map.Entry<String, String> file : source.files().entrySet()) {
            if (RuleSource.isDecisionTable(file.getKey())) {
                continue; // Drools turns a decision table into rules when it compiles; its errors say file:sheet:row
            }
            Optional<List<Rule>> inFile = read(file.getKey(), file.getValue());
            inFile.ifPresent(rules::addAll);
            parsed &= inFile.isPresent();
        }
        boolean compiled = true;
        int ruleCount = rules.size();
        try {
            ruleCount = compile.apply(source).ruleNames().size(); // with the rows of decision tables
        } catch (RuleBuildException e) {
            compiled = false;
            // two rules of the same name are told below, with both places
            e.problems().stream().filter(p -> !p.contains("Duplicate rule name")).forEach(p -> errors.add(finding(p)));
        }
        PlanTable table = null;
        try {
            table = plans.get();
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            errors.add(planFinding(e.getMessage()));
        }
        duplicateNames(rules, errors);
        DenialTable own;
        try {
            own = DenialTable.of(source);
        } catch (IllegalArgumentException e) {
            own = DenialTable.parse("code,title,status,message\n"); // its error is told with the compile errors
        }
        unknownDenials(rules, own, errors);
        if (parsed) {
            neverFiring(rules, warnings);
        }
        sameConditions(rules, warnings);
        if (table != null) {
            unknownTiers(rules, table, warnings);
        }
        return new Report(source, ruleCount, source.files().size(), table, compiled, errors, warnings);
    }

    /** {@code file:line: message} from RuleBase's problems, which already read that way. */
    private static Finding finding(String problem) {
        // a decision table's place: a CSV table's cell (t.csv:D9), a spreadsheet's sheet and row (t.xlsx:Caps:9)
        Matcher table = Pattern.compile("^([^:\\s]+\\.csv:[A-Z]+\\d+|[^:\\s]+\\.xlsx:[^:\\n]+:\\d+): (.*)$",
                Pattern.DOTALL).matcher(problem);
        if (table.matches()) {
            return new Finding(table.group(1), table.group(2));
        }
        Matcher m = Pattern.compile("^([^:\\s]+(?::\\d+)?): (.*)$", Pattern.DOTALL).matcher(problem);
        if (!m.matches()) {
            return new Finding("rules", problem);
        }
        String where = m.group(1).startsWith(RuleSource.CLASSPATH_FOLDER)
                ? m.group(1).substring(RuleSource.CLASSPATH_FOLDER.length()) : m.group(1);
        return new Finding(where, m.group(2));
    }

    /** The plan table's "T line N, column C: reason" as {@code T:N: column C: reason}. */
    private static Finding planFinding(String message) {
        Matcher m = Pattern.compile("^(.*?) line (\\d+)[,:] (.*)$", Pattern.DOTALL).matcher(message);
        if (m.matches()) {
            return new Finding(fileName(m.group(1)) + ":" + m.group(2), m.group(3));
        }
        return new Finding(RulesSettings.PLAN_TABLE, message);
    }

    private static String fileName(String origin) {
        int slash = Math.max(origin.lastIndexOf('/'), origin.lastIndexOf('\\'));
        return slash < 0 ? origin : origin.substring(slash + 1);
    }

    /** The rules of one file; empty when Drools cannot parse it (the compile errors then say where). */
    private static Optional<List<Rule>> read(String file, String text) {
        PackageDescr pkg;
        try {
            DrlParser parser = new DrlParser();
            pkg = parser.parse(false, text);
            if (pkg == null || parser.hasErrors()) {
                return Optional.empty();
            }
        } catch (DroolsParserException | RuntimeException e) {
            return Optional.empty();
        }
        List<String> imports = pkg.getImports().stream().map(ImportDescr::getTarget).toList();
        List<int[]> headers = new ArrayList<>();
        Matcher header = RULE_HEADER.matcher(text);
        while (header.find()) {
            headers.add(new int[] {header.start(1), header.end(1)});
        }
        List<Rule> rules = new ArrayList<>();
        for (RuleDescr r : pkg.getRules()) {
            // ruleflow-group is Drools 10's word for agenda-group (deprecated there); the two mean the same here
            AttributeDescr group = r.getAttributes().get("ruleflow-group");
            String groupWord = "ruleflow-group";
            if (group == null) {
                group = r.getAttributes().get("agenda-group");
                groupWord = "agenda-group";
            }
            List<String> waitsFor = new ArrayList<>();
            positivePatterns(r.getLhs(), waitsFor);
            String action = r.getConsequence() == null ? "" : r.getConsequence().toString();
            Set<String> inserts = new LinkedHashSet<>();
            Matcher m = INSERTED.matcher(action);
            while (m.find()) {
                inserts.add(simple(m.group(1)));
            }
            int line = lineOf(text, r.getName(), headers, r.getLine());
            rules.add(new Rule(r.getName(), file, line, group == null ? null : group.getValue(), groupWord, waitsFor,
                    inserts,
                    conditions(text, line), action, imports));
        }
        return Optional.of(rules);
    }

    /** The line of the rule's header in the file (the parser's line for it, else the header with its name). */
    private static int lineOf(String text, String name, List<int[]> headers, int parsed) {
        for (int[] h : headers) {
            if (text.substring(h[0], h[1]).equals(name)) {
                return 1 + (int) text.substring(0, h[0]).chars().filter(c -> c == '\n').count();
            }
        }
        return Math.max(parsed, 1);
    }

    /** The text between the rule's {@code when} and {@code then}, without comments or extra spaces. */
    private static String conditions(String text, int line) {
        String[] lines = text.split("\n", -1);
        StringBuilder rest = new StringBuilder();
        for (int i = line - 1; i < lines.length; i++) {
            rest.append(lines[i].replaceAll("//.*$", "")).append(' ');
        }
        Matcher m = Pattern.compile("\\bwhen\\b(.*?)\\bthen\\b", Pattern.DOTALL).matcher(rest);
        return m.find() ? m.group(1).replaceAll("\\s+", " ").replaceAll("\\s*([(),:])\\s*", "$1").trim() : "";
    }

    /** The fact types a rule needs in working memory: its patterns outside {@code not}, {@code or} and {@code from}. */
    private static void positivePatterns(BaseDescr descr, List<String> types) {
        if (descr instanceof PatternDescr p) {
            if (p.getSource() == null && p.getObjectType() != null) {
                types.add(p.getObjectType());
            }
        } else if (descr instanceof AndDescr and) {
            and.getDescrs().forEach(d -> positivePatterns(d, types));
        } else if (descr instanceof ExistsDescr exists) {
            exists.getDescrs().forEach(d -> positivePatterns((BaseDescr) d, types));
        }
    }

    private static String simple(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    private static void duplicateNames(List<Rule> rules, List<Finding> errors) {
        Map<String, Rule> first = new LinkedHashMap<>();
        for (Rule r : rules) {
            Rule earlier = first.putIfAbsent(r.name(), r);
            if (earlier != null) {
                errors.add(new Finding(r.where(), "rule \"" + r.name() + "\" has the same name as the rule at "
                        + earlier.where() + "; every rule needs a name of its own (decisions and scenarios name "
                        + "rules, and Drools keeps only one of two rules with the same name)"));
            }
        }
    }

    private static void unknownDenials(List<Rule> rules, DenialTable own, List<Finding> errors) {
        for (Rule r : rules) {
            Matcher m = DENIAL.matcher(r.action());
            while (m.find()) {
                DenialCode builtIn = DenialCode.fromCode(m.group(1));
                if ((builtIn == null || builtIn == DenialCode.RULE_DENIAL) && own.denial(m.group(1)).isEmpty()) {
                    errors.add(new Finding(r.where(), "rule \"" + r.name() + "\" denies with \"" + m.group(1)
                            + "\", which is not a denial code Creditpool knows ("
                            + Arrays.stream(DenialCode.values()).filter(c -> c != DenialCode.RULE_DENIAL)
                                    .map(DenialCode::code).collect(Collectors.joining(", "))
                            + (own.codes().isEmpty() ? "; add it to the rule set's " + DenialTable.FILE
                                    : "; the rule set's " + DenialTable.FILE + ": " + String.join(", ", own.codes()))
                            + "): every command it fires on would fail"));
                }
            }
        }
    }

    /**
     * Rules that no decision can fire: in an agenda group no decision runs, waiting for a fact nothing gives the
     * rules, or needing facts that never meet in one decision. Facts a rule inserts count in the decisions where
     * that rule can fire.
     */
    private static void neverFiring(List<Rule> rules, List<Finding> warnings) {
        Set<String> phases = DECISIONS.stream().flatMap(d -> d.phases().stream()).collect(Collectors.toSet());
        List<Set<String>> available = new ArrayList<>();
        for (Decision d : DECISIONS) {
            available.add(d.facts().stream().map(Class::getSimpleName).collect(Collectors.toCollection(
                    LinkedHashSet::new)));
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            for (int i = 0; i < DECISIONS.size(); i++) {
                for (Rule r : rules) {
                    if (canFire(r, DECISIONS.get(i), available.get(i))) {
                        grew |= available.get(i).addAll(r.inserts());
                    }
                }
            }
        }
        Set<String> anywhere = available.stream().flatMap(Set::stream).collect(Collectors.toSet());
        for (Rule r : rules) {
            if (r.group() != null && !phases.contains(r.group())) {
                warnings.add(new Finding(r.where(), "rule \"" + r.name() + "\" can never fire: it is in "
                        + r.groupWord() + " \"" + r.group() + "\", which Creditpool never runs (a consumption runs "
                        + String.join(", then ", DroolsCreditPolicy.CONSUMPTION_PHASES) + "; every other decision "
                        + "runs only rules without a ruleflow-group)"));
                continue;
            }
            List<String> missing = r.waitsFor().stream().filter(t -> resolve(t, r) != null)
                    .filter(t -> anywhere.stream().noneMatch(a -> matches(a, t, r))).toList();
            if (!missing.isEmpty()) {
                warnings.add(new Finding(r.where(), "rule \"" + r.name() + "\" can never fire: it waits for "
                        + String.join(" and ", missing.stream().map(t -> "a " + simple(t)).toList())
                        + ", which Creditpool never gives the rules and no rule inserts"));
                continue;
            }
            boolean somewhere = false;
            for (int i = 0; i < DECISIONS.size(); i++) {
                somewhere |= canFire(r, DECISIONS.get(i), available.get(i));
            }
            if (!somewhere) {
                warnings.add(new Finding(r.where(), "rule \"" + r.name() + "\" can never fire: no decision gives the "
                        + "rules " + String.join(" and ", r.waitsFor().stream().map(RuleSetCheck::simple).toList())
                        + " together" + (r.group() == null ? "" : " in " + r.groupWord() + " \"" + r.group() + "\"")
                        + " (" + DECISIONS.stream().map(d -> d.what() + ": " + d.facts().stream()
                                .map(Class::getSimpleName).collect(Collectors.joining(", "))
                                + (d.phases().isEmpty() ? "" : " in " + String.join(", ", d.phases())))
                        .collect(Collectors.joining("; ")) + ")"));
            }
        }
    }

    private static boolean canFire(Rule r, Decision d, Set<String> available) {
        if (r.group() != null && !d.phases().contains(r.group())) {
            return false;
        }
        return r.waitsFor().stream().allMatch(t -> resolve(t, r) == null
                || available.stream().anyMatch(a -> matches(a, t, r)));
    }

    /** Whether a fact of the facts' type {@code available} matches a pattern on {@code type}. */
    private static boolean matches(String available, String type, Rule r) {
        Class<?> wanted = resolve(type, r);
        Class<?> fact = load(FACTS_PACKAGE + available);
        if (wanted == null) {
            return true;
        }
        return fact != null ? wanted.isAssignableFrom(fact) : simple(type).equals(available);
    }

    /** The class a pattern names, through the file's imports; null when it cannot be told (then it is not judged). */
    private static Class<?> resolve(String type, Rule r) {
        if (type.contains(".")) {
            return load(type);
        }
        for (String target : r.imports()) {
            if (target.endsWith("." + type)) {
                return load(target);
            }
        }
        Class<?> fact = load(FACTS_PACKAGE + type);
        return fact != null ? fact : load("java.lang." + type);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, RuleSetCheck.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static void sameConditions(List<Rule> rules, List<Finding> warnings) {
        Map<String, Rule> seen = new LinkedHashMap<>();
        for (Rule r : rules) {
            if (r.conditions().isEmpty()) {
                continue;
            }
            Rule earlier = seen.putIfAbsent(r.group() + "|" + r.conditions(), r);
            if (earlier != null && !earlier.name().equals(r.name())) {
                warnings.add(new Finding(r.where(), "rule \"" + r.name() + "\" has the same conditions as \""
                        + earlier.name() + "\" (" + earlier.where() + "): they always fire together, and where "
                        + "they decide differently only salience or chance says which wins; merge them or make "
                        + "their conditions differ"));
            }
        }
    }

    /** Rules comparing the tier with a word no plan of the plan table has. */
    private static void unknownTiers(List<Rule> rules, PlanTable plans, List<Finding> warnings) {
        Set<String> tiers = plans.plans().stream().map(p -> p.tier().word()).collect(Collectors.toSet());
        for (Rule r : rules) {
            Matcher m = TIER.matcher(r.conditions());
            while (m.find()) {
                if (!tiers.contains(m.group(2))) {
                    warnings.add(new Finding(r.where(), "rule \"" + r.name() + "\" compares the tier with \""
                            + m.group(2) + "\", which no plan in the plan table has (its tiers: "
                            + String.join(", ", tiers.stream().sorted().toList()) + "), so that comparison is always "
                            + m.group(1).equals("!=")));
                }
            }
            Matcher in = TIER_IN.matcher(r.conditions());
            while (in.find()) {
                Matcher word = QUOTED.matcher(in.group(2));
                while (word.find()) {
                    if (!tiers.contains(word.group(1))) {
                        warnings.add(new Finding(r.where(), "rule \"" + r.name() + "\" lists \"" + word.group(1)
                                + "\" in `tier " + (in.group(1) == null ? "" : "not ") + "in (...)`, which no plan "
                                + "in the plan table has (its tiers: " + String.join(", ", tiers.stream().sorted()
                                        .toList()) + "): a misspelt tier is a tier the rule never "
                                + (in.group(1) == null ? "matches" : "excludes")));
                    }
                }
            }
        }
    }
}
