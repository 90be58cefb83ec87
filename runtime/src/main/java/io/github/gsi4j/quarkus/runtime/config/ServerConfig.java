package io.github.gsi4j.quarkus.runtime.config;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigDocDefault;
import io.smallrye.config.WithDefault;

/**
 * How to reach a model server (the base model's, the reward model's or a served draft's).
 */
public interface ServerConfig {

    /**
     * The server's base URL, e.g. {@code http://gpu-host:8000}; required by the {@code vllm}, {@code sglang}
     * and {@code vllm-prm} types (of the base, the reward model and the draft).
     */
    Optional<String> url();

    /**
     * The server's API key (sent as a bearer token; never logged).
     */
    Optional<String> apiKey();

    /**
     * The name of the TLS configuration of the Quarkus TLS registry ({@code quarkus.tls.<name>.*}: trust store,
     * key store for mutual TLS, protocols) used for an {@code https} {@code url}. When not set, the registry's
     * default configuration ({@code quarkus.tls.*}) is used if it has a trust store, key store or trust-all, else
     * the JVM's default trust store.
     */
    Optional<String> tlsConfigurationName();

    /**
     * The most one request to the server may take; defaults to the global {@code quarkus.langchain4j.timeout} when
     * that is set, else 60 s. Each request's own limit is sized for its work, never longer: 5 s plus
     * {@code time-per-token} for each token it generates (scoring: one; sampling a step: up to
     * {@code max-step-tokens}) and 1/200 of that for each prompt token it sends, so that a hung server costs one
     * short wait and a retry.
     */
    @ConfigDocDefault("60s")
    @WithDefault("${quarkus.langchain4j.timeout}")
    Optional<Duration> timeout();

    /**
     * The time one generated token may take in a request's time limit (see {@code timeout}); raise it for a slow or
     * busy server.
     */
    @WithDefault("50ms")
    Duration timePerToken();

    /**
     * How long start-up waits for the server to answer {@code GET /v1/models} (a GPU pod may still be loading its
     * weights), logging progress at INFO; then start-up fails naming this property. {@code 0s} checks once.
     */
    @WithDefault("5m")
    Duration startupTimeout();

    /**
     * Retries of a failed request (connection errors, timeouts, 429 and 5xx answers), between 0 and 20.
     */
    @WithDefault("3")
    int maxRetries();

    /**
     * Consecutive failed requests (each after its retries) after which calls to this server fail fast
     * for {@code circuit-breaker-cool-down}; 0 turns the circuit breaker off.
     */
    @WithDefault("5")
    int circuitBreakerFailures();

    /**
     * How long calls fail fast once the circuit breaker has opened, before the next call is let through as a
     * trial. After an outage, recovery takes at most this long; a shorter cool-down recovers sooner but sends
     * more trial requests to a server that is still down.
     */
    @WithDefault("10s")
    Duration circuitBreakerCoolDown();

    /**
     * Whether the HTTP requests to this server are logged (at INFO: method, URL and JSON body; the API key never).
     * Defaults to the global {@code quarkus.langchain4j.log-requests}.
     */
    @ConfigDocDefault("false")
    @WithDefault("${quarkus.langchain4j.log-requests}")
    Optional<Boolean> logRequests();

    /**
     * Whether the HTTP answers of this server are logged (at INFO: status, URL and body). Defaults to the global
     * {@code quarkus.langchain4j.log-responses}.
     */
    @ConfigDocDefault("false")
    @WithDefault("${quarkus.langchain4j.log-responses}")
    Optional<Boolean> logResponses();
}
