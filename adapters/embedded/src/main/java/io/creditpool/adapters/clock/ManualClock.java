package io.creditpool.adapters.clock;

import io.creditpool.kernel.port.out.Clock;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves only when told: for scenarios and tests. It never goes back. */
public final class ManualClock implements Clock {
    private final AtomicReference<Instant> now;

    public ManualClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    @Override
    public Instant now() {
        return now.get();
    }

    public void advanceTo(Instant instant) {
        now.updateAndGet(current -> {
            if (instant.isBefore(current)) {
                throw new IllegalArgumentException("the clock cannot go back from " + current + " to " + instant);
            }
            return instant;
        });
    }

    public void advance(Duration duration) {
        advanceTo(now().plus(duration));
    }
}
