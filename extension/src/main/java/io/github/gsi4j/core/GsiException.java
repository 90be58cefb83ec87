package io.github.gsi4j.core;

/**
 * The base of all GSI errors: a model, scorer or server did something the decoder cannot use.
 * Subclasses say which dependency failed and how.
 */
public class GsiException extends RuntimeException {

    public GsiException(String message) {
        super(message);
    }

    public GsiException(String message, Throwable cause) {
        super(message, cause);
    }
}
