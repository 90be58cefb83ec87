package io.github.gsi4j.vllm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import javax.net.ssl.SSLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.github.gsi4j.core.GsiInvalidResponseException;
import io.github.gsi4j.core.GsiRemoteException;

/**
 * JSON over HTTP to one model server: serialises request records, parses answers, retries connection
 * errors, timeouts, 429 and 5xx answers with exponential backoff and jitter (honouring
 * {@code Retry-After}), and never retries other 4xx answers. Errors become {@link GsiRemoteException}
 * with the server's own message; unparseable answers become {@link GsiInvalidResponseException}. The API
 * key goes only into the {@code Authorization} header, never into logs or messages.
 */
public final class JsonHttpClient {

    private static final Logger LOG = LoggerFactory.getLogger(JsonHttpClient.class);
    /** The longest wait a {@code Retry-After} header may impose. */
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

    /** Reads NaN and ±Infinity, which Python's JSON encoder writes for non-finite log-probabilities. */
    static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final RemoteEndpoint endpoint;
    private final HttpTransport transport;
    private final CircuitBreaker breaker;

    public JsonHttpClient(RemoteEndpoint endpoint, HttpTransport transport) {
        this.endpoint = endpoint;
        this.transport = transport;
        this.breaker = endpoint.circuitBreakerFailures() == 0 ? null
                : new CircuitBreaker(endpoint.circuitBreakerFailures(), endpoint.circuitBreakerCoolDown(), System::nanoTime);
    }

    /** A client on the JDK's HTTP client with the JVM's default TLS settings. */
    public JsonHttpClient(RemoteEndpoint endpoint) {
        this(endpoint, new JdkHttpTransport(endpoint.connectTimeout()));
    }

    public RemoteEndpoint endpoint() {
        return endpoint;
    }

    /** POSTs {@code body} as JSON to {@code path} and parses the answer as {@code type}. */
    public <T> T post(String path, Object body, Class<T> type) {
        return parse(path, exchange("POST", path, body), type);
    }

    /** GETs {@code path} and parses the answer as {@code type}. */
    public <T> T get(String path, Class<T> type) {
        return parse(path, exchange("GET", path, null), type);
    }

    private <T> T parse(String path, byte[] body, Class<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new GsiInvalidResponseException(url(path) + " answered with a body that is not the expected JSON ("
                    + type.getSimpleName() + "): " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new GsiInvalidResponseException(url(path) + " answered with an unreadable body: " + e.getMessage(), e);
        }
    }

    /** Sends through the circuit breaker: a request failing after its retries counts against the server. */
    private byte[] exchange(String method, String path, Object body) {
        if (breaker == null) {
            return exchangeWithRetries(method, path, body);
        }
        breaker.beforeCall(url(path));
        try {
            byte[] answer = exchangeWithRetries(method, path, body);
            breaker.onSuccess();
            return answer;
        } catch (GsiRemoteException e) {
            if (e.isClientError() && e.status() != 429) {
                breaker.onSuccess(); // the server is up: it refused this request on purpose
            } else {
                breaker.onFailure();
            }
            throw e;
        } catch (RuntimeException | Error e) {
            breaker.abandon();
            throw e;
        }
    }

    /** Sends with retries; returns the body of a 2xx answer. */
    private byte[] exchangeWithRetries(String method, String path, Object body) {
        byte[] payload;
        try {
            payload = body == null ? null : JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise request for " + url(path), e);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        if (payload != null) {
            headers.put("Content-Type", "application/json");
        }
        endpoint.apiKey().ifPresent(key -> headers.put("Authorization", "Bearer " + key));
        HttpTransport.Request request = new HttpTransport.Request(method, endpoint.resolve(path), headers, payload,
                endpoint.readTimeout());
        if (endpoint.logRequests() && LOG.isInfoEnabled()) {
            LOG.info("GSI request {} {} {}", method, url(path), payload == null ? "" : new String(payload,
                    StandardCharsets.UTF_8));
        }
        int attempt = 0;
        while (true) {
            Duration wait;
            GsiRemoteException failure;
            try {
                HttpTransport.Response r = transport.send(request);
                if (endpoint.logResponses() && LOG.isInfoEnabled()) {
                    LOG.info("GSI response {} {} {}", r.status(), url(path), new String(r.body(), StandardCharsets.UTF_8));
                }
                if (r.status() >= 200 && r.status() < 300) {
                    return r.body();
                }
                failure = new GsiRemoteException(url(path), r.status(), url(path) + " answered HTTP " + r.status()
                        + serverMessage(r.body()), null);
                boolean retryable = r.status() == 429 || r.status() >= 500;
                if (!retryable || attempt >= endpoint.maxRetries()) {
                    throw withAttempts(failure, attempt);
                }
                Optional<Duration> serverWait = retryAfter(r.retryAfter());
                wait = serverWait.isPresent() ? serverWait.get() : backoff(attempt);
            } catch (SSLException e) {
                // a certificate that is not trusted, or no common protocol: retrying cannot change it
                throw new GsiRemoteException(url(path), -1, "TLS with " + url(path) + " failed: " + e.getMessage()
                        + " (is the server's certificate in the trust store this client uses?)", e);
            } catch (IOException e) {
                failure = new GsiRemoteException(url(path), -1, url(path) + " could not be reached: "
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
                if (attempt >= endpoint.maxRetries()) {
                    throw withAttempts(failure, attempt);
                }
                wait = backoff(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GsiRemoteException(url(path), -1, "interrupted while calling " + url(path), e);
            }
            LOG.debug("Retrying {} in {} ms after: {}", url(path), wait.toMillis(), failure.getMessage());
            sleep(wait, path);
            attempt++;
        }
    }

    private GsiRemoteException withAttempts(GsiRemoteException failure, int retries) {
        if (retries == 0) {
            return failure;
        }
        return new GsiRemoteException(failure.endpoint(), failure.status(),
                failure.getMessage() + " (after " + retries + (retries == 1 ? " retry)" : " retries)"), failure.getCause());
    }

    /** Exponential backoff with jitter: a random wait in [b/2, b] with b = initial·2^attempt, at most max. */
    Duration backoff(int attempt) {
        long initial = endpoint.initialBackoff().toMillis();
        long max = endpoint.maxBackoff().toMillis();
        long b = Math.min(max, initial << Math.min(attempt, 20));
        return Duration.ofMillis(b / 2 + ThreadLocalRandom.current().nextLong(b / 2 + 1));
    }

    /** A {@code Retry-After} of seconds or an HTTP date, capped at {@link #MAX_RETRY_AFTER}. */
    static Optional<Duration> retryAfter(Optional<String> header) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String v = header.get().trim();
        Duration d;
        try {
            d = Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException e) {
            try {
                d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
            } catch (RuntimeException unparseable) {
                return Optional.empty();
            }
        }
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        return Optional.of(d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
    }

    /** The server's error message: vLLM's {@code {"error": {"message"}}} or {@code {"object":"error","message"}}. */
    static String serverMessage(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            JsonNode message = n.path("error").path("message");
            if (message.isMissingNode() || message.isNull()) {
                message = n.path("error").isTextual() ? n.path("error") : n.path("message");
            }
            if (message.isTextual()) {
                return ": " + message.asText();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: fall through to the raw text
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "" : ": " + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
    }

    private void sleep(Duration d, String path) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GsiRemoteException(url(path), -1, "interrupted while waiting to retry " + url(path), e);
        }
    }

    /** The URL of a path, for messages (the base URL never holds credentials). */
    String url(String path) {
        return endpoint.resolve(path).toString();
    }
}
