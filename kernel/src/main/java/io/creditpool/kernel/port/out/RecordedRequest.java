package io.creditpool.kernel.port.out;

import io.creditpool.kernel.domain.Decision;

import java.time.Instant;

/**
 * What a store remembers of a request id: the content it came with, the decision it got (none yet while the request
 * is in progress: a top-up waiting for its charge), and when that was decided (null for requests recorded before
 * Creditpool kept the time).
 */
public record RecordedRequest(String fingerprint, Decision decision, Instant at) {
    public RecordedRequest(String fingerprint, Decision decision) {
        this(fingerprint, decision, null);
    }

    public static RecordedRequest inProgress(String fingerprint) {
        return new RecordedRequest(fingerprint, null);
    }

    public boolean inProgress() {
        return decision == null;
    }
}
