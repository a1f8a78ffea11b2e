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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A compiled policy: the KieBase built once from a {@link RuleSource} (Drools' executable model, at run time) and
 * shared by every thread; each decision runs in a fresh session.
 */
public final class RuleBase {
    private static final Map<RuleSource, RuleBase> BUILT = new ConcurrentHashMap<>();
    private static final AtomicLong BUILDS = new AtomicLong();

    private final RuleSource source;
    private final KieBase kieBase;

    private RuleBase(RuleSource source, KieBase kieBase) {
        this.source = source;
        this.kieBase = kieBase;
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
        List<String> problems = new ArrayList<>();
        for (Message m : builder.getResults().getMessages(Message.Level.ERROR)) {
            String path = m.getPath() == null ? "" : m.getPath().replace("src/main/resources/"
                    + RuleSource.CLASSPATH_FOLDER, "");
            problems.add(path + (m.getLine() > 0 ? ":" + m.getLine() : "") + ": " + m.getText());
        }
        if (!problems.isEmpty()) {
            throw new RuleBuildException(source.origin(), problems);
        }
        KieBase kieBase = services.newKieContainer(release).getKieBase();
        return new RuleBase(source, kieBase);
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
        KieSession session = kieBase.newKieSession();
        try {
            List<String> fired = new ArrayList<>(4);
            session.addEventListener(new DefaultAgendaEventListener() {
                @Override
                public void afterMatchFired(AfterMatchFiredEvent event) {
                    fired.add(event.getMatch().getRule().getName());
                }
            });
            for (Object fact : facts) {
                session.insert(fact);
            }
            for (int i = phases.length - 1; i >= 0; i--) {
                session.getAgenda().getAgendaGroup(phases[i]).setFocus();
            }
            session.fireAllRules();
            return fired;
        } finally {
            session.dispose();
        }
    }
}
