package io.creditpool.kernel.port.out;

/**
 * The store could not be reached or did not answer in time. The command it was running changed nothing; calling
 * again (with the same request id) once the store is back is safe.
 */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
