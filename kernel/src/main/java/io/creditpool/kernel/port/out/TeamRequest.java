package io.creditpool.kernel.port.out;

import io.creditpool.kernel.domain.RequestId;

import java.time.Instant;
import java.util.Comparator;

/** A request id a team's commands came with, and what the store remembers of it. */
public record TeamRequest(RequestId id, RecordedRequest recorded) {
    /** In the order they were decided: any recorded without a time first, ties by id. */
    public static final Comparator<TeamRequest> IN_ORDER = Comparator
            .comparing((TeamRequest r) -> r.recorded().at(), Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
            .thenComparing(r -> r.id().value());
}
