package io.creditpool.adapters.scenario;

import java.util.Optional;

/**
 * A scenario that did not finish within its time limit ({@link ScenarioTimeLimit}): most likely a rule whose action
 * never ends. The message names the scenario and, when one was running, the rule.
 */
public final class ScenarioTimeoutException extends RuntimeException {
    private final String rule;

    ScenarioTimeoutException(String message, String rule) {
        super(message);
        this.rule = rule;
    }

    /** The rule whose action was running when the time ran out, as {@code rule 'NAME' (file.drl)}. */
    public Optional<String> rule() {
        return Optional.ofNullable(rule);
    }
}
