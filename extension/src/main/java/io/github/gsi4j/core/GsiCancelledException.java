package io.github.gsi4j.core;

/** Decoding stopped at a step boundary because the caller cancelled it. */
public class GsiCancelledException extends GsiException {

    public GsiCancelledException(String message) {
        super(message);
    }
}
