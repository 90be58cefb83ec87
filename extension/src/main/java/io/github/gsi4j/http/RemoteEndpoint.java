package io.github.gsi4j.http;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach a model server: base URL, optional bearer API key, timeouts and retries. The
 * key is never printed: {@link #toString()} shows it as {@code ***}.
 */
public final class RemoteEndpoint {

    /**
     * How much of a generated token's time a prompt token gets: a GPU processes prompt tokens in parallel
     * (prefill), some hundred times faster than it generates tokens one by one.
     */
    public static final double PROMPT_TOKEN_SHARE = 1.0 / 200;

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
    private final String name;
    private final Duration minCallTimeout;
    private final Duration timePerToken;

    private RemoteEndpoint(Builder b) {
        this.baseUrl = Objects.requireNonNull(b.baseUrl, "baseUrl is required");
        this.apiKey = b.apiKey;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.maxRetries = b.maxRetries;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.logRequests = b.logRequests;
        this.logResponses = b.logResponses;
        this.circuitBreakerFailures = b.circuitBreakerFailures;
        this.circuitBreakerCoolDown = b.circuitBreakerCoolDown;
        this.name = b.name;
        this.minCallTimeout = b.minCallTimeout;
        this.timePerToken = b.timePerToken;
    }

    private static URI httpUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("baseUrl must be an http or https URL, was " + url, e);
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must be an http or https URL, was " + url);
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("baseUrl must not carry credentials; use apiKey");
        }
        return uri;
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

    /**
     * The most one request may take, from sending to the last byte of the answer; each call's own limit
     * ({@link #callTimeout(long, long)}) is sized for its work and never longer.
     */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** What the server serves, for messages and logs (e.g. {@code base model 'Qwen/Qwen2.5-Math-7B-Instruct'}). */
    public String name() {
        return name == null ? "server " + baseUrl : name;
    }

    /** The time limit of every call, whatever its size (unless {@link #readTimeout()} is shorter). */
    public Duration minCallTimeout() {
        return minCallTimeout;
    }

    /** The time one generated token may take; a prompt token counts {@link #PROMPT_TOKEN_SHARE} of it. */
    public Duration timePerToken() {
        return timePerToken;
    }

    /**
     * The time limit of one call that generates {@code generatedTokens} tokens per sequence after
     * {@code promptTokens} prompt tokens in all: {@code minCallTimeout + timePerToken * (generated + prompt *
     * PROMPT_TOKEN_SHARE)}, at most {@link #readTimeout()}. Scoring 16 candidates of a 600-token sequence gets
     * about 7 s by default, sampling 512 tokens about 31 s, so a hung server costs one such wait and a retry.
     */
    public Duration callTimeout(long generatedTokens, long promptTokens) {
        double tokens = Math.max(0, generatedTokens) + Math.max(0, promptTokens) * PROMPT_TOKEN_SHARE;
        long nanos = minCallTimeout.toNanos() + (long) Math.min(Long.MAX_VALUE / 4.0, tokens * timePerToken.toNanos());
        return nanos >= readTimeout.toNanos() ? readTimeout : Duration.ofNanos(nanos);
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
        return "RemoteEndpoint[" + name() + ", " + baseUrl + ", apiKey=" + (apiKey == null ? "none" : "***")
                + ", connectTimeout="
                + connectTimeout + ", readTimeout=" + readTimeout + ", maxRetries=" + maxRetries + "]";
    }

    /**
     * Builds a {@link RemoteEndpoint}; defaults: 10 s connect, at most 60 s per call (each call 5 s plus 50 ms
     * per generated token), 3 retries, backoff 200 ms to 5 s, circuit breaker opening after 5 consecutive
     * failed requests for 10 s. Each setter checks its value at
     * once and throws {@link IllegalArgumentException} naming the option, so that a caller mapping its own
     * settings onto the builder (a configuration property, say) knows which of them was wrong.
     */
    public static final class Builder {
        private URI baseUrl;
        private String apiKey;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(60);
        private int maxRetries = 3;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private boolean logRequests;
        private boolean logResponses;
        private int circuitBreakerFailures = 5;
        private Duration circuitBreakerCoolDown = Duration.ofSeconds(10);
        private String name;
        private Duration minCallTimeout = Duration.ofSeconds(5);
        private Duration timePerToken = Duration.ofMillis(50);

        private Builder() {
        }

        /** What the server serves, for messages and logs, e.g. {@code base model 'Qwen/Qwen2.5-Math-7B-Instruct'}. */
        public Builder name(String name) {
            this.name = name == null || name.isBlank() ? null : name;
            return this;
        }

        /** The time limit of every call whatever its size (positive); default 5 s. */
        public Builder minCallTimeout(Duration minCallTimeout) {
            this.minCallTimeout = positive("minCallTimeout", minCallTimeout);
            return this;
        }

        /** The time one generated token may take (positive); default 50 ms. */
        public Builder timePerToken(Duration timePerToken) {
            this.timePerToken = positive("timePerToken", timePerToken);
            return this;
        }

        /** Consecutive failed requests (after retries) that open the circuit, at least 0; 0 turns the breaker off. */
        public Builder circuitBreakerFailures(int failures) {
            if (failures < 0) {
                throw new IllegalArgumentException(
                        "circuitBreakerFailures must be >= 0 (0 turns the breaker off), was " + failures);
            }
            this.circuitBreakerFailures = failures;
            return this;
        }

        /** How long an open circuit fails fast (positive). */
        public Builder circuitBreakerCoolDown(Duration coolDown) {
            this.circuitBreakerCoolDown = positive("circuitBreakerCoolDown", coolDown);
            return this;
        }

        /** The server's http or https base URL, without credentials (a trailing slash is dropped). */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = httpUrl(Objects.requireNonNull(baseUrl, "baseUrl"));
            return this;
        }

        /** The server's http or https base URL, without credentials (a trailing slash is dropped). */
        public Builder baseUrl(URI baseUrl) {
            return baseUrl(Objects.requireNonNull(baseUrl, "baseUrl").toString());
        }

        /** The bearer API key; null or blank for none. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
            return this;
        }

        /** How long connecting may take (positive). */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive("connectTimeout", connectTimeout);
            return this;
        }

        /** How long one request may take, from sending to the last byte of the answer (positive). */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = positive("readTimeout", readTimeout);
            return this;
        }

        /** Retries after the first attempt, between 0 and 20. */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0 || maxRetries > 20) {
                throw new IllegalArgumentException("maxRetries must be in [0, 20], was " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** The wait before the first retry (positive); it doubles per retry up to {@link #maxBackoff}. */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = positive("initialBackoff", initialBackoff);
            return this;
        }

        /** The longest wait between retries (positive). */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = positive("maxBackoff", maxBackoff);
            return this;
        }

        /** Whether requests are logged at INFO (method, URL and body; the API key never is). */
        public Builder logRequests(boolean logRequests) {
            this.logRequests = logRequests;
            return this;
        }

        /** Whether responses are logged at INFO (status, URL and body). */
        public Builder logResponses(boolean logResponses) {
            this.logResponses = logResponses;
            return this;
        }

        /** @throws NullPointerException when no base URL was set */
        public RemoteEndpoint build() {
            return new RemoteEndpoint(this);
        }
    }
}
