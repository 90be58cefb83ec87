package io.github.gsi4j.core;

/**
 * A model server refused a call because the sequence (prompt and answer so far) does not fit its context
 * window (vLLM's HTTP 400 about the maximum context length). Neither retried nor degraded: the request is too
 * long for that model.
 */
public class GsiContextLengthException extends GsiInvalidRequestException {

    private final String endpoint;

    /**
     * @param endpoint the URL that refused (without credentials)
     * @param message what happened, naming the model, with the server's own message
     */
    public GsiContextLengthException(String endpoint, String message, Throwable cause) {
        super(message, cause);
        this.endpoint = endpoint;
    }

    /** The URL that refused the call. */
    public String endpoint() {
        return endpoint;
    }
}
