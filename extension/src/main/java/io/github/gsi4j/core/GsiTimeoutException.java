package io.github.gsi4j.core;

import java.time.Duration;

/**
 * A request did not finish within its deadline ({@link FailureHandling#timeout()}); its in-flight model and
 * HTTP calls were interrupted.
 */
public class GsiTimeoutException extends GsiException {

    private final Duration timeout;

    public GsiTimeoutException(Duration timeout, String message) {
        super(message);
        this.timeout = timeout;
    }

    /** The deadline that expired. */
    public Duration timeout() {
        return timeout;
    }
}
