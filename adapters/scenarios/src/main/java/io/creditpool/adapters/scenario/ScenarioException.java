package io.creditpool.adapters.scenario;

/** A scenario file that is not well formed: the message names the file, the step and the key. */
public final class ScenarioException extends RuntimeException {
    public ScenarioException(String message) {
        super(message);
    }

    public ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}
