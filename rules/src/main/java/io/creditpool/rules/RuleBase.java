package io.creditpool.rules;

import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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

    private RuleBase(RuleSource source, KieBase kieBase) {
        this.source = source;
        this.kieBase = kieBase;
        this.sessions = kieBase.newKieSessionsPool(INITIAL_SESSIONS);
    }

    /** The compiled rules of {@code source}; compiled once per distinct set of files in this process. */
    public static RuleBase of(RuleSource source) {
        return BUILT.computeIfAbsent(source, RuleBase::build);
    }

    /** Compiles the rules, or throws {@link RuleBuildException} naming each problem's file and line. */
    public static RuleBase build(RuleSource source) {
        KieServices services = KieServices.get();
        ReleaseId release = services.newReleaseId("io.creditpool.policy", "rules", "build-" + BUILDS.incrementAndGet());
        KieFileSystem files = services.newKieFileSystem().generateAndWritePomXML(release);
        source.files().forEach((name, text) ->
                files.write("src/main/resources/" + RuleSource.CLASSPATH_FOLDER + name, text));
        KieBuilder builder = services.newKieBuilder(files).buildAll(ExecutableModelProject.class);
        List<String> problems = problems(source, builder.getResults().getMessages(Message.Level.ERROR));
        if (!problems.isEmpty()) {
            throw new RuleBuildException(source.origin(), problems);
        }
        KieBase kieBase = services.newKieContainer(release).getKieBase();
        return new RuleBase(source, kieBase);
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
                problems.add(whereInDrl(source, statement) + ": " + m.getText() + " (in: " + statement + ")");
            } else {
                problems.add(path.replace("src/main/resources/" + RuleSource.CLASSPATH_FOLDER, "")
                        + (m.getLine() > 0 ? ":" + m.getLine() : "") + ": " + m.getText());
            }
        }
        return problems;
    }

    private static String lineOf(String text, int line) {
        if (text == null || line < 1) {
            return "";
        }
        String[] lines = text.split("\n", -1);
        return line <= lines.length ? lines[line - 1].trim() : "";
    }

    private static String whereInDrl(RuleSource source, String statement) {
        if (!statement.isEmpty()) {
            for (Map.Entry<String, String> file : source.files().entrySet()) {
                String[] lines = file.getValue().split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    if (lines[i].trim().equals(statement)) {
                        return file.getKey() + ":" + (i + 1);
                    }
                }
            }
        }
        return "a rule's action";
    }

    public RuleSource source() {
        return source;
    }

    /** Rule names in the compiled policy, for tools that list them. */
    public List<String> ruleNames() {
        List<String> names = new ArrayList<>();
        kieBase.getKiePackages().forEach(p -> p.getRules().forEach(r -> names.add(r.getName())));
        names.sort(null);
        return names;
    }

    /**
     * Runs one decision: inserts {@code facts}, fires the agenda groups in {@code phases} order (rules outside any
     * group fire first) and returns the names of the rules that fired, in firing order.
     */
    List<String> decide(List<Object> facts, String... phases) {
        KieSession session = sessions.newKieSession();
        try {
            FiredRules fired = new FiredRules();
            session.addEventListener(fired);
            for (Object fact : facts) {
                session.insert(fact);
            }
            for (int i = phases.length - 1; i >= 0; i--) {
                session.getAgenda().getAgendaGroup(phases[i]).setFocus();
            }
            session.fireAllRules();
            return fired.names;
        } finally {
            session.dispose(); // a pooled session: reset (listener included) and back to the pool
        }
    }

    /** Names the rules that fired in one decision, in firing order. */
    private static final class FiredRules extends DefaultAgendaEventListener {
        final List<String> names = new ArrayList<>(4);

        @Override
        public void afterMatchFired(AfterMatchFiredEvent event) {
            names.add(event.getMatch().getRule().getName());
        }
    }
}
