package io.creditpool;

import java.util.List;

/**
 * What {@link Creditpool#reloadRules()} did. {@code version} is the version live after the reload (the new one when
 * {@link Outcome#RELOADED}, else the one that stayed live); {@code candidate} the version of the files read, when they
 * could be read; {@code previous} the version live before it (equal to {@code version} unless {@link Outcome#RELOADED});
 * {@code errors} why a new set was refused: compile errors as {@code file:line: message}, failing
 * scenarios by name with their first failure.
 */
public record RulesReload(Outcome outcome, String version, String previous, String candidate, List<String> errors, long tookMillis) {
    public enum Outcome {
        /** The new rule set compiled, every scenario passed, and it is live. */
        RELOADED,
        /** The files are the ones already live; nothing was done. */
        UNCHANGED,
        /** The new rule set does not compile, breaks a check or fails a scenario; the old set stays live. */
        REFUSED,
        /** The rules are not read from a folder (the built-in set): nothing to reload. */
        NOTHING_TO_RELOAD;

        /** The outcome in lower case with dashes ({@code reloaded}, {@code nothing-to-reload}), for logs and JSON. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public RulesReload {
        errors = List.copyOf(errors);
    }

    public boolean reloaded() {
        return outcome == Outcome.RELOADED;
    }

    public boolean refused() {
        return outcome == Outcome.REFUSED;
    }
}
