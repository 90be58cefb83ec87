package io.github.gsi4j.http;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Sends one HTTP request and returns the answer, whatever its status; retries, JSON and errors are
 * handled above it ({@link JsonHttpClient}). Swappable, e.g. for a client with the application's TLS
 * configuration.
 */
public interface HttpTransport {

    /**
     * One request.
     *
     * @param method {@code GET} or {@code POST}
     * @param uri the full URL
     * @param headers request headers
     * @param body the body for POST, null for GET
     * @param timeout how long the whole exchange may take
     */
    record Request(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
    }

    /**
     * One answer.
     *
     * @param status the HTTP status
     * @param body the raw body
     * @param retryAfter the {@code Retry-After} header, if any
     */
    record Response(int status, byte[] body, Optional<String> retryAfter) {
    }

    /**
     * Sends the request.
     *
     * @throws IOException on connection errors and timeouts (the caller decides whether to retry)
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    Response send(Request request) throws IOException, InterruptedException;
}
