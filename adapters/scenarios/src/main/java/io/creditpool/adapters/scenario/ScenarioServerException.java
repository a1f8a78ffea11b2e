package io.creditpool.adapters.scenario;

/**
 * The server a scenario runs against over HTTP cannot run it: unreachable, the API key refused, not in sandbox mode,
 * without a plan the scenario needs, or an answer that is not a decision (a 5xx, an unknown route).
 */
public final class ScenarioServerException extends RuntimeException {
    public ScenarioServerException(String message) {
        super(message);
    }

    public ScenarioServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
