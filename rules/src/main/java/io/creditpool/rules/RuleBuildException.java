package io.creditpool.rules;

import java.util.List;

/** The DRL files do not compile; the messages name the file and line of each problem. */
public final class RuleBuildException extends RuntimeException {
    private final List<String> problems;

    public RuleBuildException(String origin, List<String> problems) {
        super("the rules in " + origin + " do not compile:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
