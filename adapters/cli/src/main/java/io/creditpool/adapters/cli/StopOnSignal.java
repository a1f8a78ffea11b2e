package io.creditpool.adapters.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How {@code serve} stops: SIGTERM or SIGINT (Ctrl-C) asks it to stop; the serving thread then runs the stop (which
 * lets requests in flight finish, within the service's bounded wait) and {@code serve} returns, so the process exits
 * 0, not 143 as a JVM killed by the signal would. Any other way the JVM ends (System.exit elsewhere) still runs the
 * stop once, from a shutdown hook.
 */
final class StopOnSignal {
    private final CountDownLatch asked = new CountDownLatch(1);
    private final AtomicBoolean ran = new AtomicBoolean();
    private final Runnable stop;

    private StopOnSignal(Runnable stop) {
        this.stop = stop;
    }

    static StopOnSignal install(Runnable stop) {
        StopOnSignal s = new StopOnSignal(stop);
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> s.asked.countDown());
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // a signal this platform does not have, or one the JVM keeps (-Xrs): the shutdown hook stops it
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(s::stopOnce, "creditpool-shutdown"));
        return s;
    }

    /** Waits until a stop is asked for, then stops. */
    void awaitStopped() throws InterruptedException {
        asked.await();
        stopOnce();
    }

    private void stopOnce() {
        if (ran.compareAndSet(false, true)) {
            stop.run();
        }
    }
}
