package io.creditpool.rules;

import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.KieModule;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.api.runtime.rule.ConsequenceException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled policy: the KieBase built once from a {@link RuleSource} (Drools' executable model, at run time) and
 * shared by every thread. Each decision runs alone in a session taken from a pool of sessions over that KieBase;
 * giving a session back resets it (facts, agenda, node memories, listeners), so no decision sees another's facts.
 * Pooling instead of a new session per decision roughly halves a decision's cost (see the README's benchmark).
 */
public final class RuleBase {
    private static final Map<RuleSource, RuleBase> BUILT = new ConcurrentHashMap<>();
    private static final AtomicLong BUILDS = new AtomicLong();

    /** Sessions made up front; the pool grows to as many as run at once. */
    private static final int INITIAL_SESSIONS = 2;

    private final RuleSource source;
    private final KieBase kieBase;
    private final KieSessionsPool sessions;
    /** The denial codes of the rule set's own ({@code denials.csv}). */
    private final DenialTable denials;
    /** How many decisions each rule took part in (fired in), since this rule base was built. */
    private final Map<String, java.util.concurrent.atomic.LongAdder> decided = new ConcurrentHashMap<>();

    private RuleBase(RuleSource source, KieBase kieBase, DenialTable denials) {
        this.source = source;
        this.denials = denials;
        this.kieBase = kieBase;
        this.sessions = kieBase.newKieSessionsPool(INITIAL_SESSIONS);
    }

    /** The compiled rules of {@code source}; compiled once per distinct set of files in this process. */
    public static RuleBase of(RuleSource source) {
        return BUILT.computeIfAbsent(source, RuleBase::build);
    }

    /**
     * The compiled rules of {@code source}: the form compiled when Creditpool was built or kept in the cache
     * ({@link CompiledRules}) when there is one for these files, else compiled now (and kept). Throws
     * {@link RuleBuildException} naming each problem's file and line.
     */
    public static RuleBase build(RuleSource source) {
        KieServices services = KieServices.get();
        Optional<byte[]> compiled = CompiledRules.find(source);
        if (compiled.isPresent()) {
            try {
                return new RuleBase(source, load(services, compiled.get()), DenialTable.of(source));
            } catch (RuntimeException e) {
                // a cache entry of another build or a damaged one: compiled again below, and replaced
                CompiledRules.forget(source);
            }
        }
        byte[] module = compile(source);
        CompiledRules.keep(source, module);
        return new RuleBase(source, load(services, module), DenialTable.of(source));
    }

    /** How many rule sets this process has compiled (not counting those read compiled). */
    static long compilations() {
        return BUILDS.get();
    }

    /** Compiles {@code source} into a module (Drools' executable model), or throws {@link RuleBuildException}. */
    static byte[] compile(RuleSource source) {
        KieServices services = KieServices.get();
        ReleaseId release = services.newReleaseId("io.creditpool.policy", "rules",
                CompiledRules.hash(source) + "-" + BUILDS.incrementAndGet());
        KieFileSystem files = services.newKieFileSystem().generateAndWritePomXML(release)
                // the default module (every rule in one KieBase), written out so the compiled module can be read back
                .writeKModuleXML(services.newKieModuleModel().toXML());
        source.files().forEach((name, text) -> {
            if (name.equals(DenialTable.FILE)) {
                return; // a table of codes, read below; not rules
            }
            String path = "src/main/resources/" + RuleSource.CLASSPATH_FOLDER + name;
            if (RuleSource.isDecisionTable(name)) {
                // Drools compiles a table only when its name ends in .drl.csv or .drl.xlsx
                files.write(tablePath(path), source.bytes(name));
            } else {
                files.write(path, DrlPrelude.complete(text));
            }
        });
        KieBuilder builder;
        try {
            builder = services.newKieBuilder(files).buildAll(ExecutableModelProject.class);
        } catch (RuntimeException e) {
            // a decision table Drools cannot read is thrown, not reported: told as its file and cell
            throw new RuleBuildException(source.origin(), List.of(tableProblem(source, e)));
        }
        List<String> problems = problems(source, builder.getResults().getMessages(Message.Level.ERROR));
        try {
            DenialTable.of(source);     // checked here; read again where the compiled rules are loaded
        } catch (IllegalArgumentException e) {
            problems = new ArrayList<>(problems);
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new RuleBuildException(source.origin(), CompileErrors.explain(source, problems));
        }
        byte[] bytes = ((InternalKieModule) builder.getKieModule()).getBytes();
        // the process-wide repository would otherwise keep every build (and so every rule set a long-running service
        // ever reloaded)
        services.getRepository().removeKieModule(release);
        return bytes;
    }

    /** The KieBase of a compiled module; one at a time, as each passes through the process-wide repository. */
    private static synchronized KieBase load(KieServices services, byte[] module) {
        KieModule loaded = services.getRepository().addKieModule(services.getResources().newByteArrayResource(module));
        try {
            return services.newKieContainer(loaded.getReleaseId()).getKieBase();
        } finally {
            // the container holds what it needs
            services.getRepository().removeKieModule(loaded.getReleaseId());
        }
    }

    private static final Pattern TABLE_PROBLEM =
            Pattern.compile("\\[(?:[\\w/]*/)?([^/\\]]+?)\\.drl(\\.csv|\\.xlsx)] (.*?)(?:,? at cell ([A-Z]+\\d+))?\\s*$",
                    Pattern.DOTALL);

    private static final Pattern CELL = Pattern.compile("([A-Z]+)(\\d+)");

    /**
     * {@code table.csv:C7: what is wrong} from what Drools threw while reading a decision table; for a spreadsheet,
     * {@code table.xlsx:Sheet:7: what is wrong (cell C7)}.
     */
    private static String tableProblem(RuleSource source, RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Matcher m = TABLE_PROBLEM.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                String file = m.group(1) + m.group(2);
                if (m.group(2).equals(".xlsx") && m.group(4) != null) {
                    String sheet = sheetHolding(source, file, m.group(4));
                    if (sheet != null) {
                        Matcher cell = CELL.matcher(m.group(4));
                        cell.matches();
                        return file + ":" + sheet + ":" + cell.group(2) + ": " + m.group(3).strip() + " (cell "
                                + m.group(4) + ")";
                    }
                }
                return file + (m.group(4) == null ? "" : ":" + m.group(4)) + ": " + m.group(3).strip();
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "a decision table: " + root.getMessage();
    }

    /** The sheet of spreadsheet {@code file} whose cell {@code address} holds something; null when none or unknown. */
    private static String sheetHolding(RuleSource source, String file, String address) {
        Matcher cell = CELL.matcher(address);
        if (!source.files().containsKey(file) || !cell.matches()) {
            return null;
        }
        int row = Integer.parseInt(cell.group(2)) - 1;
        try {
            for (Map.Entry<String, List<List<String>>> sheet : CompileErrors.sheets(source.bytes(file)).entrySet()) {
                List<List<String>> rows = sheet.getValue();
                if (row < rows.size()) {
                    List<String> cells = rows.get(row);
                    for (int c = 0; c < cells.size(); c++) {
                        if (CompileErrors.columnName(c).equals(cell.group(1)) && !cells.get(c).isEmpty()) {
                            return sheet.getKey();
                        }
                    }
                }
            }
        } catch (RuntimeException unreadable) {
            return null;
        }
        return null;
    }

    /** Where a decision table is written for Drools: {@code x.csv} as {@code x.drl.csv}. */
    private static String tablePath(String path) {
        int dot = path.lastIndexOf('.');
        return path.substring(0, dot) + ".drl" + path.substring(dot);
    }

    /**
     * The compile errors in an analyst's words: the DRL file and line. An error in a rule's action is reported by
     * Drools against the Java it generated; it is traced back to the DRL line holding the same statement.
     */
    private static List<String> problems(RuleSource source, List<Message> errors) {
        Map<String, String> generated = new java.util.HashMap<>();
        for (Message m : errors) {
            int body = m.getText().indexOf(" in error:\n");
            if (m.getText().startsWith("Java source of ") && body > 0) {
                generated.put(m.getPath(), m.getText().substring(body + " in error:\n".length()));
            }
        }
        List<String> problems = new ArrayList<>();
        for (Message m : errors) {
            String path = m.getPath() == null ? "" : m.getPath();
            if (m.getText().startsWith("Java source of ")) {
                continue;
            }
            if (path.endsWith(".java")) {
                String statement = lineOf(generated.get(path), m.getLine());
                problems.add(whereInDrl(source, statement, text(m)) + ": " + text(m) + " (in: " + statement + ")");
            } else {
                problems.add(path.replace("src/main/resources/" + RuleSource.CLASSPATH_FOLDER, "")
                        .replace(".drl.csv", ".csv").replace(".drl.xlsx", ".xlsx")
                        + (m.getLine() > 0 ? ":" + m.getLine() : "") + ": " + text(m));
            }
        }
        return problems;
    }

    /** A message's text without the compiler's stack trace, which some parse errors carry and no analyst can use. */
    private static String text(Message m) {
        String text = m.getText();
        int trace = text.indexOf("Problem stacktrace");
        return (trace > 0 ? text.substring(0, trace) : text).strip();
    }

    private static String lineOf(String text, int line) {
        if (text == null || line < 1) {
            return "";
        }
        String[] lines = text.split("\n", -1);
        return line <= lines.length ? lines[line - 1].trim() : "";
    }

    /** The method a compile error says is undefined: {@code setDenail} in "The method setDenail(String) is ...". */
    private static final java.util.regex.Pattern UNDEFINED_METHOD =
            java.util.regex.Pattern.compile("The method (\\w+)\\(");

    private static String whereInDrl(RuleSource source, String statement, String text) {
        String exact = whereInDrl(source, statement);
        java.util.regex.Matcher undefined = UNDEFINED_METHOD.matcher(text);
        if (!exact.equals(ACTION) || !undefined.find()) {
            return exact;
        }
        // Drools writes a modify block's calls as statements of their own ("($verdict).setDenail(...)"): the DRL line
        // is the one that calls the method
        java.util.regex.Pattern call = java.util.regex.Pattern.compile("(?<![\\w$])"
                + java.util.regex.Pattern.quote(undefined.group(1)) + "\\s*\\(");
        for (Map.Entry<String, String> file : source.files().entrySet()) {
            if (RuleSource.isDecisionTable(file.getKey())) {
                continue;
            }
            String[] lines = file.getValue().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String code = lines[i].replaceAll("//.*", "");
                if (call.matcher(code).find()) {
                    return file.getKey() + ":" + (i + 1);
                }
            }
        }
        return exact;
    }

    private static final String ACTION = "a rule's action";

    private static String whereInDrl(RuleSource source, String statement) {
        if (!statement.isEmpty()) {
            for (Map.Entry<String, String> file : source.files().entrySet()) {
                String[] lines = file.getValue().split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    // Drools writes the statement again without the analyst's spaces: compare without them
                    if (lines[i].replaceAll("\\s+", "").equals(statement.replaceAll("\\s+", ""))) {
                        return file.getKey() + ":" + (i + 1);
                    }
                }
            }
        }
        return ACTION;
    }

    public RuleSource source() {
        return source;
    }

    /** The denial codes of the rule set's own, from its {@code denials.csv} (none without one). */
    public DenialTable denials() {
        return denials;
    }

    /**
     * How many decisions each rule of this rule base fired in since it was built, by rule name, every rule listed
     * (0 for a rule that never fired), so an analyst sees which rules fire and which never do.
     */
    public Map<String, Long> ruleUsage() {
        Map<String, Long> usage = new java.util.TreeMap<>();
        for (String name : ruleNames()) {
            java.util.concurrent.atomic.LongAdder count = decided.get(name);
            usage.put(name, count == null ? 0 : count.sum());
        }
        return usage;
    }

    /** Rule names in the compiled policy, for tools that list them. */
    public List<String> ruleNames() {
        List<String> names = new ArrayList<>();
        kieBase.getKiePackages().forEach(p -> p.getRules().forEach(r -> names.add(r.getName())));
        names.sort(null);
        return names;
    }

    /**
     * The most rule firings one decision may take. The shipped rules fire at most 5 times in a decision (measured in
     * RuleBaseGuardRailsTest: a consumption over both the pool and the limit that re-arms auto top-up); a rule set
     * that goes past this many loops (a rule that modifies a fact it matches, without a condition that stops it,
     * fires again and again), and the decision fails.
     */
    public static final int MAX_FIRINGS = 1_000;

    /**
     * Runs one decision: inserts {@code facts}, fires the agenda groups in {@code phases} order (rules outside any
     * group fire first) and returns the names of the rules that fired, in firing order.
     *
     * @throws RuleDecisionException when a rule throws, or when the rules fire more than {@link #MAX_FIRINGS} times
     *     (they loop); the session is reset and goes back to the pool either way
     */
    List<String> decide(List<Object> facts, String... phases) {
        KieSession session = sessions.newKieSession();
        FiredRules fired = new FiredRules(this);
        try {
            session.addEventListener(fired);
            for (Object fact : facts) {
                session.insert(fact);
            }
            for (int i = phases.length - 1; i >= 0; i--) {
                session.getAgenda().getAgendaGroup(phases[i]).setFocus();
            }
            int count = session.fireAllRules(MAX_FIRINGS + 1);
            if (count > MAX_FIRINGS) {
                throw loops(fired.names);
            }
            fired.names.stream().distinct().forEach(name ->
                    decided.computeIfAbsent(name, n -> new java.util.concurrent.atomic.LongAdder()).increment());
            return fired.names;
        } catch (RuleDecisionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failed(e, fired.current);
        } finally {
            fired.done();
            session.dispose(); // a pooled session: reset (facts, agenda, listener) and back to the pool
        }
    }

    /** The decision failed because the rules kept firing: names the rules that did, with their counts. */
    private RuleDecisionException loops(List<String> names) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        names.forEach(n -> counts.merge(n, 1, Integer::sum));
        int most = counts.values().stream().max(Integer::compare).orElse(0);
        List<String> looping = counts.entrySet().stream()
                .filter(e -> e.getValue() * 10 >= most)   // every rule taking part in the loop, not a bystander
                .sorted((a, b) -> b.getValue() - a.getValue())
                .map(Map.Entry::getKey).toList();
        StringBuilder what = new StringBuilder();
        for (String rule : looping) {
            what.append(what.length() == 0 ? "" : ", ").append(describe(rule)).append(" fired ")
                    .append(counts.get(rule)).append(" times");
        }
        return new RuleDecisionException(what + " in one decision (at most " + MAX_FIRINGS + " firings are allowed): "
                + "the rule set loops (a rule that modifies a fact it matches fires again unless a condition stops "
                + "it); no decision was made and nothing was changed", looping, null);
    }

    /** How Drools words a condition that threw: the constraint, then the rule. */
    private static final Pattern FAILED_CONSTRAINT =
            Pattern.compile("constraint '(.*)' in \\[Rule \"(.*?)\" in ");

    /** The decision failed because a rule (its action, or one of its conditions) threw. */
    private RuleDecisionException failed(RuntimeException e, String firing) {
        String rule = firing;
        if (e instanceof ConsequenceException c && c.getMatch() != null) {
            rule = c.getMatch().getRule().getName();
        }
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String why = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        if (rule == null) {
            // a condition threw while the facts were matched; Drools names the rule and the constraint in its message
            Matcher m = FAILED_CONSTRAINT.matcher(String.valueOf(e.getMessage()));
            if (m.find()) {
                return new RuleDecisionException(describe(m.group(2)) + " failed in its condition '" + m.group(1)
                        + "': " + why + "; no decision was made and nothing was changed", List.of(m.group(2)), e);
            }
            return new RuleDecisionException("a rule's condition failed (" + e.getMessage() + "; cause: " + why
                    + "); no decision was made and nothing was changed", List.of(), e);
        }
        return new RuleDecisionException(describe(rule) + " failed: " + why
                + "; no decision was made and nothing was changed", List.of(rule), e);
    }

    /** {@code rule 'NAME' (file.drl)}: the rule and the DRL file it is written in, for an analyst to find it. */
    String describe(String rule) {
        for (Map.Entry<String, String> file : source.files().entrySet()) {
            if (file.getValue().contains("rule \"" + rule + "\"") || file.getValue().contains("rule '" + rule + "'")) {
                return "rule '" + rule + "' (" + file.getKey() + ")";
            }
        }
        return "rule '" + rule + "'";
    }

    /**
     * Names the rules that fired in one decision, in firing order; on a {@link WatchedThread}, also tells the thread
     * which rule's action is running.
     */
    private static final class FiredRules extends DefaultAgendaEventListener {
        final List<String> names = new ArrayList<>(4);
        /** The rule whose action is running; null between firings. */
        String current;
        private final RuleBase rules;
        private final WatchedThread watched;

        FiredRules(RuleBase rules) {
            this.rules = rules;
            this.watched = Thread.currentThread() instanceof WatchedThread w ? w : null;
        }

        @Override
        public void beforeMatchFired(BeforeMatchFiredEvent event) {
            current = event.getMatch().getRule().getName();
            io.creditpool.rules.facts.Verdict.firing(current);
            if (watched != null) {
                watched.firing(rules.describe(current));
            }
        }

        @Override
        public void afterMatchFired(AfterMatchFiredEvent event) {
            if (!setsParameters(event.getMatch().getRule())) {
                names.add(event.getMatch().getRule().getName());
            }
            done();
        }

        /**
         * A row of the plan-parameters table only says what the plan's parameters are; the rules that use them
         * decide, and only they are named in a decision.
         */
        private static boolean setsParameters(org.kie.api.definition.rule.Rule rule) {
            return rule instanceof org.drools.base.definitions.rule.impl.RuleImpl r
                    && (DroolsCreditPolicy.PARAMETERS_PHASE.equals(r.getRuleFlowGroup())
                            || DroolsCreditPolicy.PARAMETERS_PHASE.equals(r.getAgendaGroup()));
        }

        /** No rule's action is running (any more). */
        void done() {
            current = null;
            io.creditpool.rules.facts.Verdict.firing(null);
            if (watched != null) {
                watched.firing(null);
            }
        }
    }
}
