package io.github.gsi4j.core;

/**
 * A remote model server (base model or reward model) failed: it could not be reached, timed out after
 * the configured retries, or answered with an error status. The message names the endpoint and, for
 * error answers, the status and the server's own message; it never contains an API key.
 */
public class GsiRemoteException extends GsiException {

    private final String endpoint;
    private final int status;

    /**
     * @param endpoint the URL that failed (without credentials)
     * @param status the HTTP status, or -1 when no answer came
     * @param message what happened
     */
    public GsiRemoteException(String endpoint, int status, String message, Throwable cause) {
        super(message, cause);
        this.endpoint = endpoint;
        this.status = status;
    }

    /** The URL that failed. */
    public String endpoint() {
        return endpoint;
    }

    /** The HTTP status of the error answer, or -1 when the server gave none (connection error, timeout). */
    public int status() {
        return status;
    }

    /** Whether the server rejected the request itself (HTTP 4xx): retrying the same request will not help. */
    public boolean isClientError() {
        return status >= 400 && status < 500;
    }
}
