package io.creditpool.rules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Which rule set Creditpool runs: the folder the system property {@code creditpool.rules} or the environment
 * variable {@code CREDITPOOL_RULES} names (every {@code *.drl} in it, and its {@code plans.csv} when it has one),
 * else the rules and plan table shipped with Creditpool.
 */
public final class RulesSettings {
    public static final String PROPERTY = "creditpool.rules";
    public static final String VARIABLE = "CREDITPOOL_RULES";
    /** The plan table's file name in a rules folder. */
    public static final String PLAN_TABLE = "plans.csv";

    private RulesSettings() {
    }

    /** The rules folder the system property or the environment names, if either does. */
    public static Optional<Path> configured() {
        return configured(System.getProperties(), System.getenv());
    }

    static Optional<Path> configured(Map<Object, Object> properties, Map<String, String> environment) {
        Object property = properties.get(PROPERTY);
        String value = property != null ? property.toString() : environment.get(VARIABLE);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Path folder = Path.of(value.trim());
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(PROPERTY + " / " + VARIABLE + ": rules folder " + folder
                    + " does not exist");
        }
        return Optional.of(folder);
    }

    /** The configured folder's rules, else the shipped ones. */
    public static RuleSource ruleSource() {
        return configured().map(RuleSource::folder).orElseGet(RuleSource::shipped);
    }

    /** The configured folder's {@code plans.csv}, if it has one. */
    public static Optional<Path> configuredPlanTable() {
        return configured().map(folder -> folder.resolve(PLAN_TABLE)).filter(Files::isRegularFile);
    }

    /** The configured folder's plan table when it has one, else the shipped one. */
    public static PlanTable planTable() {
        return configuredPlanTable().map(PlanTable::file).orElseGet(PlanTable::shipped);
    }
}
