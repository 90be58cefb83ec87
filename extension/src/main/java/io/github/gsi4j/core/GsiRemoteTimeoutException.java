package io.github.gsi4j.core;

import java.time.Duration;

/**
 * A model server did not answer one call within that call's time limit, after the configured retries (an
 * HTTP front end answers 504). The request's own deadline is {@link GsiTimeoutException}.
 */
public class GsiRemoteTimeoutException extends GsiRemoteException {

    private final Duration callTimeout;

    /**
     * @param endpoint the URL that failed (without credentials)
     * @param callTimeout the limit of the last try
     * @param message what happened, naming the model
     */
    public GsiRemoteTimeoutException(String endpoint, Duration callTimeout, String message, Throwable cause) {
        super(endpoint, -1, message, cause);
        this.callTimeout = callTimeout;
    }

    /** The time limit of the last try. */
    public Duration callTimeout() {
        return callTimeout;
    }
}
