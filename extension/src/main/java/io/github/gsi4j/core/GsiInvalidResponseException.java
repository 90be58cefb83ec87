package io.github.gsi4j.core;

/**
 * A model or scorer answered, but with something that cannot be right: the wrong number of values,
 * NaN, a positive log-probability, a score outside [0, 1]. Raised instead of computing a silently wrong
 * importance weight. A remote answer of this kind is asked for again like a 5xx answer when
 * {@link #retryable()} (a garbled answer may not repeat); one that says the server lacks a feature is not.
 */
public class GsiInvalidResponseException extends GsiException {

    private final boolean retryable;

    public GsiInvalidResponseException(String message) {
        this(message, null, true);
    }

    public GsiInvalidResponseException(String message, Throwable cause) {
        this(message, cause, true);
    }

    /**
     * @param retryable whether asking again may give a valid answer (false when the server lacks a feature)
     */
    public GsiInvalidResponseException(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** Whether asking the same server again may give a valid answer. */
    public boolean retryable() {
        return retryable;
    }
}
