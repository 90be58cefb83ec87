/**
 * JSON over HTTP to model servers, whatever the backend: the transport ({@link io.github.gsi4j.http.HttpTransport}),
 * the client with its retries and backoff ({@link io.github.gsi4j.http.JsonHttpClient}), the endpoint settings
 * ({@link io.github.gsi4j.http.RemoteEndpoint}), the circuit breaker, the start-up wait, and the checks every
 * answer's values must pass. The backends ({@code vllm}, {@code sglang}) build on it.
 */
package io.github.gsi4j.http;
