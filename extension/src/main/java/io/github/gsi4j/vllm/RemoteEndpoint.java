package io.github.gsi4j.vllm;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach a model server: base URL, optional bearer API key, timeouts and retries. The
 * key is never printed: {@link #toString()} shows it as {@code ***}.
 */
public final class RemoteEndpoint {

    private final URI baseUrl;
    private final String apiKey;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final boolean logRequests;
    private final boolean logResponses;
    private final int circuitBreakerFailures;
    private final Duration circuitBreakerCoolDown;

    private RemoteEndpoint(Builder b) {
        String url = Objects.requireNonNull(b.baseUrl, "baseUrl").toString();
        URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must be an http or https URL, was " + b.baseUrl);
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("baseUrl must not carry credentials; use apiKey");
        }
        this.baseUrl = uri;
        this.apiKey = b.apiKey == null || b.apiKey.isBlank() ? null : b.apiKey;
        this.connectTimeout = positive("connectTimeout", b.connectTimeout);
        this.readTimeout = positive("readTimeout", b.readTimeout);
        if (b.maxRetries < 0 || b.maxRetries > 20) {
            throw new IllegalArgumentException("maxRetries must be in [0, 20], was " + b.maxRetries);
        }
        this.maxRetries = b.maxRetries;
        this.initialBackoff = positive("initialBackoff", b.initialBackoff);
        this.maxBackoff = positive("maxBackoff", b.maxBackoff);
        this.logRequests = b.logRequests;
        this.logResponses = b.logResponses;
        if (b.circuitBreakerFailures < 0) {
            throw new IllegalArgumentException("circuitBreakerFailures must be >= 0 (0 turns the breaker off), was "
                    + b.circuitBreakerFailures);
        }
        this.circuitBreakerFailures = b.circuitBreakerFailures;
        this.circuitBreakerCoolDown = positive("circuitBreakerCoolDown", b.circuitBreakerCoolDown);
    }

    private static Duration positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
        }
        return d;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The server's base URL, without a trailing slash (e.g. {@code http://gpu-host:8000}). */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The full URL of {@code path} (which starts with {@code /}). */
    public URI resolve(String path) {
        return URI.create(baseUrl + path);
    }

    /** The bearer API key, if any. */
    public Optional<String> apiKey() {
        return Optional.ofNullable(apiKey);
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long one request may take, from sending to the last byte of the answer. */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** Retries after the first attempt, for connection errors, timeouts, 429 and 5xx answers. */
    public int maxRetries() {
        return maxRetries;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public boolean logRequests() {
        return logRequests;
    }

    public boolean logResponses() {
        return logResponses;
    }

    /** Consecutive failed requests that open the circuit breaker; 0 when it is off. */
    public int circuitBreakerFailures() {
        return circuitBreakerFailures;
    }

    /** How long an open circuit fails fast before letting a trial request through. */
    public Duration circuitBreakerCoolDown() {
        return circuitBreakerCoolDown;
    }

    @Override
    public String toString() {
        return "RemoteEndpoint[" + baseUrl + ", apiKey=" + (apiKey == null ? "none" : "***") + ", connectTimeout="
                + connectTimeout + ", readTimeout=" + readTimeout + ", maxRetries=" + maxRetries + "]";
    }

    /**
     * Builds a {@link RemoteEndpoint}; defaults: 10 s connect, 60 s read, 3 retries, backoff 200 ms to 5 s,
     * circuit breaker opening after 5 consecutive failed requests for 30 s.
     */
    public static final class Builder {
        private Object baseUrl;
        private String apiKey;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(60);
        private int maxRetries = 3;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private boolean logRequests;
        private boolean logResponses;
        private int circuitBreakerFailures = 5;
        private Duration circuitBreakerCoolDown = Duration.ofSeconds(30);

        private Builder() {
        }

        /** Consecutive failed requests (after retries) that open the circuit; 0 turns the breaker off. */
        public Builder circuitBreakerFailures(int failures) {
            this.circuitBreakerFailures = failures;
            return this;
        }

        /** How long an open circuit fails fast. */
        public Builder circuitBreakerCoolDown(Duration coolDown) {
            this.circuitBreakerCoolDown = coolDown;
            return this;
        }

        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
            return this;
        }

        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        public Builder logRequests(boolean logRequests) {
            this.logRequests = logRequests;
            return this;
        }

        public Builder logResponses(boolean logResponses) {
            this.logResponses = logResponses;
            return this;
        }

        public RemoteEndpoint build() {
            return new RemoteEndpoint(this);
        }
    }
}
