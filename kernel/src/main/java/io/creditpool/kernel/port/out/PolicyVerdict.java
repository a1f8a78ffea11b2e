package io.creditpool.kernel.port.out;

import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.RuleDenial;

import java.util.List;

/**
 * What the rules said about a command: accepted, denied with a code, or nothing at all (undecided), with the
 * names of the rules that fired.
 */
public record PolicyVerdict(boolean decided, DenialCode denial, List<String> rules, RuleDenial ruleDenial) {
    public PolicyVerdict {
        rules = List.copyOf(rules);
    }

    /** A verdict without a code of the rule set's own. */
    public PolicyVerdict(boolean decided, DenialCode denial, List<String> rules) {
        this(decided, denial, rules, null);
    }

    /** Denied with a code of the rule set's own denials table. */
    public static PolicyVerdict deny(RuleDenial denial, List<String> rules) {
        return new PolicyVerdict(true, DenialCode.RULE_DENIAL, rules, denial);
    }

    public static PolicyVerdict accept(List<String> rules) {
        return new PolicyVerdict(true, null, rules);
    }

    public static PolicyVerdict deny(DenialCode denial, List<String> rules) {
        return new PolicyVerdict(true, denial, rules);
    }

    public static PolicyVerdict undecided(List<String> rules) {
        return new PolicyVerdict(false, null, rules);
    }

    public boolean accepted() {
        return decided && denial == null;
    }
}
