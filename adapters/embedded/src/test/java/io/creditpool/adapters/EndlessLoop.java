package io.creditpool.adapters;

/**
 * For a test rule whose action never ends: {@code long round = EndlessLoop.round(); while (EndlessLoop.round() ==
 * round) { }} is a busy loop that nothing in Creditpool can stop (it does not listen to interrupts), as
 * {@code while (true) { }} would be, except that the test ends it with {@link #end()} so its thread does not keep a
 * core of the test JVM busy.
 */
public final class EndlessLoop {
    private static volatile long round;

    private EndlessLoop() {
    }

    public static long round() {
        return round;
    }

    /** Ends every loop started so far. */
    static void end() {
        round++;
    }
}
