package io.github.gsi4j.core;

/**
 * A model or scorer answered, but with something that cannot be right: the wrong number of values,
 * NaN, a positive log-probability, a score outside [0, 1]. Raised instead of computing a silently wrong
 * importance weight.
 */
public class GsiInvalidResponseException extends GsiException {

    public GsiInvalidResponseException(String message) {
        super(message);
    }

    public GsiInvalidResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
