package io.creditpool.rules;

import java.util.Optional;

/**
 * A daemon thread whose decisions say which rule's action they are running, so that whoever watches it can name a
 * rule whose action never finishes (a loop in the action's Java, which {@link RuleBase#MAX_FIRINGS} cannot see: that
 * cap counts firings, and such a rule never finishes its first). Decisions on other threads pay nothing for it.
 */
public final class WatchedThread extends Thread {
    /** {@code rule 'NAME' (file.drl)} while that rule's action runs on this thread; null otherwise. */
    private volatile String firing;

    public WatchedThread(Runnable task, String name) {
        super(task, name);
        setDaemon(true);
    }

    /** The rule whose action this thread is running now, as {@code rule 'NAME' (file.drl)}. */
    public Optional<String> firing() {
        return Optional.ofNullable(firing);
    }

    void firing(String rule) {
        firing = rule;
    }
}
