package io.creditpool.kernel.port.out;

import java.time.Instant;

/** Time is a port: nothing in Creditpool reads the system clock directly, so scenarios and tests can move it. */
public interface Clock {
    Instant now();
}
