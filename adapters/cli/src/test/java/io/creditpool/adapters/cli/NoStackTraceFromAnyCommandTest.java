package io.creditpool.adapters.cli;

import io.creditpool.adapters.store.StoreSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Every command and subcommand of {@code ./creditpool}, found by walking the command line's own model from
 * {@link CreditpoolCommand}, run with bad arguments: an unknown option, an empty string as each parameter and option
 * value, a negative number for each numeric option, a path that is not there for each path. Each must end with exit
 * 1, 2 or 3 and a message, never a stack trace, whether printed or logged. A command added later is covered as it is.
 */
class NoStackTraceFromAnyCommandTest {
    private static final Pattern FRAME = Pattern.compile("^\\s+at [a-z].*");
    private static final Pattern EXCEPTION = Pattern.compile("\\b[A-Z]\\w*(Exception|Error)\\b");
    /** Options that keep a command short, added unless they are the option being tried. */
    private static final Map<String, List<String>> QUICK = Map.of("load", List.of("--seconds", "1", "--callers", "1"),
            // were a bad argument taken, the service would start on a free port, not on one a person uses
            "serve", List.of("--port", "0"));

    @TempDir
    static Path dir;

    private PrintStream systemErr;

    @BeforeEach
    void aStoreOfItsOwn() {
        // no command may make ./data in the module's folder: every one reads a store in the test's folder
        System.setProperty(StoreSettings.PROPERTY, "sqlite:" + dir.resolve("store.db"));
        systemErr = System.err;
    }

    @AfterEach
    void noStoreConfigured() {
        System.clearProperty(StoreSettings.PROPERTY);
        System.setErr(systemErr);
    }

    private record Case(String name, List<String> args) {
    }

    @TestFactory
    Stream<DynamicTest> noCommandPrintsAStackTraceOnBadArguments() throws IOException {
        Path scenario = Files.writeString(dir.resolve("s.yaml"), """
                name: s
                start: 2026-01-01T00:00:00Z
                team: {id: acme, plan: team, seats: 2, owner: olivia}
                steps:
                  - expect: {balance: 1000}
                """);
        List<Case> cases = new ArrayList<>();
        walk(new CommandLine(new CreditpoolCommand()).getCommandSpec(), new ArrayList<>(), scenario, cases);
        assertThat(cases).as("every command is tried").hasSizeGreaterThan(60);
        boolean dataBefore = new java.io.File("data").exists();
        return Stream.concat(cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> tried(c))),
                Stream.of(DynamicTest.dynamicTest("no command made ./data in the module's folder", () ->
                        assertThat(new java.io.File("data").exists()).isEqualTo(dataBefore))));
    }

    /** A path that is not there, another each time: a command that made one (rules export) misleads no other. */
    private static String missing() {
        return dir.resolve("not-there-" + java.util.UUID.randomUUID()).resolve("x").toString();
    }

    private static void walk(CommandSpec spec, List<String> path, Path scenario, List<Case> cases) {
        List<String> here = new ArrayList<>(path);
        if (spec.parent() != null) {
            here.add(spec.name());
        }
        String label = here.isEmpty() ? "creditpool" : String.join(" ", here);
        cases.add(new Case(label + " --no-such-option", with(here, List.of("--no-such-option"), spec, null, scenario)));
        cases.add(new Case(label + " ''", with(here, List.of(""), spec, null, null)));
        for (OptionSpec option : spec.options()) {
            if (option.arity().max() == 0 || option.usageHelp() || option.versionHelp()) {
                continue;
            }
            String name = option.longestName();
            cases.add(new Case(label + " " + name + " ''", with(here, List.of(name, ""), spec, option, scenario)));
            if (numeric(option)) {
                cases.add(new Case(label + " " + name + " -1",
                        with(here, List.of(name, "-1"), spec, option, scenario)));
            }
            if (paths(option)) {
                cases.add(new Case(label + " " + name + " MISSING",
                        with(here, List.of(name, missing()), spec, option, scenario)));
            }
        }
        for (PositionalParamSpec parameter : spec.positionalParameters()) {
            // rules export makes the folder it is given, however deep
            if (paths(parameter) && !label.equals("rules export")) {
                List<String> args = new ArrayList<>(here);
                args.addAll(required(spec, null, scenario));
                // the missing path in place of this parameter's valid one
                String nowhere = missing();
                args.replaceAll(a -> a.equals(scenario.toString()) ? nowhere : a);
                if (!args.contains(nowhere)) {
                    args.add(nowhere);
                }
                cases.add(new Case(label + " " + parameter.paramLabel() + "=MISSING", args));
            }
        }
        for (CommandLine sub : spec.subcommands().values()) {
            if (!sub.getCommandSpec().equals(spec)) {
                walk(sub.getCommandSpec(), here, scenario, cases);
            }
        }
    }

    /** {@code path}, the values the command requires (but the one tried), and {@code tried}. */
    private static List<String> with(List<String> path, List<String> tried, CommandSpec spec, OptionSpec option,
            Path scenario) {
        List<String> args = new ArrayList<>(path);
        if (scenario != null) {
            args.addAll(required(spec, option, scenario));
        }
        List<String> quick = QUICK.getOrDefault(spec.name(), List.of());
        if (spec.parent() != null && (option == null || !quick.contains(option.longestName()))) {
            args.addAll(quick);
        }
        args.addAll(tried);
        return args;
    }

    /** Valid values for the required options and parameters of {@code spec}, but {@code except}. */
    private static List<String> required(CommandSpec spec, OptionSpec except, Path scenario) {
        List<String> args = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            if (option.required() && option != except && !option.inherited()) {
                args.add(option.longestName());
                args.add(option.longestName().equals("--server") ? "http://127.0.0.1:9"
                        : "sqlite:" + dir.resolve(option.longestName().substring(2) + ".db"));
            }
        }
        for (PositionalParamSpec parameter : spec.positionalParameters()) {
            if (parameter.arity().min() > 0 || paths(parameter)) {
                args.add(paths(parameter) ? (parameter.paramLabel().equals("PATH") && spec.name().equals("export")
                        ? dir.resolve("out").toString() : scenario.toString()) : "acme");
            }
        }
        return args;
    }

    private static boolean numeric(ArgSpec arg) {
        return Set.of(int.class, Integer.class, long.class, Long.class).contains(arg.type());
    }

    private static boolean paths(ArgSpec arg) {
        return arg.type() == Path.class || arg.auxiliaryTypes().length > 0 && arg.auxiliaryTypes()[0] == Path.class;
    }

    private void tried(Case c) {
        Cli cli = new Cli();
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> cli.run(c.args().toArray(String[]::new)),
                    "a bad command line must not start something that runs on");
        } finally {
            System.setErr(systemErr);
        }
        String err = cli.err + logged.toString(StandardCharsets.UTF_8);
        assertThat(code).as(c.args() + " exit code; it said: " + err).isIn(1, 2, 3);
        assertThat(err.lines()).as(c.args() + " printed a stack trace:\n" + err)
                .noneMatch(line -> FRAME.matcher(line).matches())
                .noneMatch(line -> EXCEPTION.matcher(line).find());
        assertThat(err.strip()).as(c.args() + " says what is wrong").isNotEmpty();
    }
}
