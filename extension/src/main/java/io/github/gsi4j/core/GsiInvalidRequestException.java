package io.github.gsi4j.core;

/**
 * The request cannot be served as it was sent: a prompt that does not fit a model's context window, more
 * candidates than allowed, a value out of range. Sending it again will not help; an HTTP front end answers
 * 400. The message names the model by its configured name and says what to change.
 */
public class GsiInvalidRequestException extends GsiException {

    public GsiInvalidRequestException(String message) {
        super(message);
    }

    public GsiInvalidRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
