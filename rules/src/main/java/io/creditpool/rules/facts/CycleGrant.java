package io.creditpool.rules.facts;

import java.time.Instant;

/** The plan credits of a new cycle, for a team of {@code seats} seats on its plan. */
public final class CycleGrant extends NewGrant {
    private final int seats;
    private final long monthlyCreditsPerSeat;
    private final Instant cycleStart;
    private final Instant cycleEnd;

    public CycleGrant(String tier, int seats, long monthlyCreditsPerSeat, Instant cycleStart, Instant cycleEnd) {
        super("plan", tier);
        this.seats = seats;
        this.monthlyCreditsPerSeat = monthlyCreditsPerSeat;
        this.cycleStart = cycleStart;
        this.cycleEnd = cycleEnd;
    }

    public int getSeats() {
        return seats;
    }

    public long getMonthlyCreditsPerSeat() {
        return monthlyCreditsPerSeat;
    }

    public Instant getCycleStart() {
        return cycleStart;
    }

    public Instant getCycleEnd() {
        return cycleEnd;
    }
}
