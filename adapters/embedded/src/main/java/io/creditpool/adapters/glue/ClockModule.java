package io.creditpool.adapters.glue;

import com.google.inject.AbstractModule;
import io.creditpool.adapters.clock.SystemClock;
import io.creditpool.kernel.port.out.Clock;

/** Time: the wall clock unless a test or scenario brings its own. */
public final class ClockModule extends AbstractModule {
    private final Clock clock;

    /** {@code clock} may be null: the wall clock. */
    public ClockModule(Clock clock) {
        this.clock = clock;
    }

    @Override
    protected void configure() {
        bind(Clock.class).toInstance(clock == null ? new SystemClock() : clock);
    }
}
