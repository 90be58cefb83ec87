package io.github.gsi4j.core;

import java.time.Duration;
import java.util.Optional;

/**
 * A model server cannot serve now: it could not be reached, it answered 503 or 429 after the configured
 * retries, or its circuit breaker is open and calls fail fast. Retrying later may work: {@link #retryAfter()}
 * says when it is worth it (an HTTP front end answers 503 with {@code Retry-After}).
 */
public class GsiUnavailableException extends GsiRemoteException {

    private final Duration retryAfter;

    /**
     * @param endpoint the URL that failed (without credentials)
     * @param status the HTTP status of the last answer, or -1 when none came
     * @param retryAfter when a new try may work, or null when unknown
     * @param message what happened, naming the model
     */
    public GsiUnavailableException(String endpoint, int status, Duration retryAfter, String message, Throwable cause) {
        super(endpoint, status, message, cause);
        this.retryAfter = retryAfter;
    }

    /** When a new try may work (the circuit breaker's remaining cool-down, the server's own {@code Retry-After}). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
