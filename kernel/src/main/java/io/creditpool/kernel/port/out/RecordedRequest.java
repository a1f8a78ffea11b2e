package io.creditpool.kernel.port.out;

import io.creditpool.kernel.domain.Decision;

/**
 * What a store remembers of a request id: the content it came with and the decision it got, or no decision yet
 * while the request is in progress (a top-up waiting for its charge).
 */
public record RecordedRequest(String fingerprint, Decision decision) {
    public static RecordedRequest inProgress(String fingerprint) {
        return new RecordedRequest(fingerprint, null);
    }

    public boolean inProgress() {
        return decision == null;
    }
}
