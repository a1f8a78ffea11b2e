package io.creditpool.adapters.clock;

import io.creditpool.kernel.port.out.Clock;

import java.time.Instant;

/** The wall clock, for production. */
public final class SystemClock implements Clock {
    @Override
    public Instant now() {
        return Instant.now();
    }
}
