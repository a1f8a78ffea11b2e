package io.creditpool.rules;

import java.util.List;

/**
 * The rules could not reach a decision: a rule kept firing (the rule set loops) or a rule failed (its action or a
 * condition threw). The decision is not made, so the command that asked for it changes nothing; the message names
 * the rules and their DRL files. An {@link IllegalStateException}, like the kernel's refusals of what broken rules
 * decide, so callers report both the same way.
 */
public final class RuleDecisionException extends IllegalStateException {
    private final List<String> rules;

    RuleDecisionException(String message, List<String> rules, Throwable cause) {
        super(message, cause);
        this.rules = List.copyOf(rules);
    }

    /** The names of the rules at fault. */
    public List<String> rules() {
        return rules;
    }
}
