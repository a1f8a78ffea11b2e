package io.creditpool.adapters.cli;

import io.creditpool.rules.PlanTable;
import io.creditpool.rules.RuleSource;
import io.creditpool.rules.RulesSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code rules export PATH}: writes the rules and plan table shipped with Creditpool into a folder, with an empty
 * {@code scenarios/} folder beside them, as an analyst's starting point for a rule set of their own.
 */
@Command(name = "export", description = "Write the shipped rules (every DRL file) and plan table (plans.csv) into "
        + "PATH, with an empty scenarios/ folder, as a starting point for your own rule set; refuses to overwrite "
        + "files unless --force.")
final class RulesExportCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    CreditpoolCommand.Rules rules;

    @Parameters(index = "0", paramLabel = "PATH", converter = Arguments.Folder.class, description = "The folder to write (created if missing).")
    Path folder;

    @Option(names = "--force", description = "Overwrite files that are already there.")
    boolean force;

    @Override
    public Integer call() {
        CommandLine cl = rules.parent.spec.commandLine();
        PrintWriter out = cl.getOut();
        PrintWriter err = cl.getErr();
        Map<String, String> files = new LinkedHashMap<>(RuleSource.shipped().files());
        files.put(RulesSettings.PLAN_TABLE, shippedPlanTable());
        if (!force) {
            List<String> there = files.keySet().stream().filter(name -> Files.exists(folder.resolve(name))).toList();
            if (!there.isEmpty()) {
                err.println(folder + " already has " + String.join(", ", there) + "; nothing written (--force "
                        + "overwrites them)");
                return CreditpoolCommand.FAILED;
            }
        }
        try {
            Files.createDirectories(folder.resolve("scenarios"));
            RuleSource shipped = RuleSource.shipped();
            for (Map.Entry<String, String> file : files.entrySet()) {
                if (shipped.files().containsKey(file.getKey())) {
                    Files.write(folder.resolve(file.getKey()), shipped.bytes(file.getKey()));
                } else {
                    Files.writeString(folder.resolve(file.getKey()), file.getValue());
                }
            }
        } catch (IOException e) {
            err.println("writing " + folder + ": " + e.getMessage());
            return CreditpoolCommand.FAILED;
        }
        out.println("Wrote " + (files.size() - 1) + " rule file(s) and " + RulesSettings.PLAN_TABLE + " to " + folder
                + ", and an empty scenarios/ folder. Check it with: ./creditpool rules check " + folder
                + "; run it with " + RulesSettings.PROPERTY + " / " + RulesSettings.VARIABLE + "=" + folder);
        out.flush();
        return 0;
    }

    /** The shipped plan table as written, comments and order kept. */
    private static String shippedPlanTable() {
        String name = RuleSource.CLASSPATH_FOLDER + RulesSettings.PLAN_TABLE;
        try (InputStream in = PlanTable.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the shipped plan table is not on the classpath at " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
