package io.github.gsi4j.http;

import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import javax.net.ssl.SSLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.github.gsi4j.core.GsiCancelledException;
import io.github.gsi4j.core.GsiException;
import io.github.gsi4j.core.GsiInvalidResponseException;
import io.github.gsi4j.core.GsiRemoteException;
import io.github.gsi4j.core.GsiRemoteTimeoutException;
import io.github.gsi4j.core.GsiUnavailableException;

/**
 * JSON over HTTP to one model server: serialises request records, parses answers, checks them with the
 * caller's interpretation, and retries connection errors, timeouts, 429 and 5xx answers, and answers that
 * cannot be right, with exponential backoff and jitter (honouring {@code Retry-After}); other 4xx answers are
 * never retried. Each retry is logged at INFO with its attempt and cause. Failures are typed:
 * {@link GsiUnavailableException} (unreachable, 503/429, circuit open), {@link GsiRemoteTimeoutException},
 * {@link GsiRemoteException} (other error answers, with the server's own message),
 * {@link GsiInvalidResponseException} (answers that are not what was asked for) and {@link GsiCancelledException}
 * (the calling thread was interrupted). Messages name the server by {@link RemoteEndpoint#name()}; the API key
 * goes only into the {@code Authorization} header, never into logs or messages.
 */
public final class JsonHttpClient {

    private static final Logger LOG = LoggerFactory.getLogger(JsonHttpClient.class);

    /** The longest wait a {@code Retry-After} header may impose. */
    static final Duration MAX_RETRY_AFTER = Backoff.MAX_RETRY_AFTER;

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
                : new CircuitBreaker(endpoint.name(), endpoint.circuitBreakerFailures(),
                        endpoint.circuitBreakerCoolDown(), System::nanoTime);
    }

    /** A client on the JDK's HTTP client with the JVM's default TLS settings. */
    public JsonHttpClient(RemoteEndpoint endpoint) {
        this(endpoint, new JdkHttpTransport(endpoint.connectTimeout()));
    }

    public RemoteEndpoint endpoint() {
        return endpoint;
    }

    /** The circuit breaker guarding this server, if it has one. */
    public Optional<CircuitBreaker> circuitBreaker() {
        return Optional.ofNullable(breaker);
    }

    /** POSTs {@code body} as JSON to {@code path} and parses the answer as {@code type}, within the longest call time. */
    public <T> T post(String path, Object body, Class<T> type) {
        return post(path, body, type, endpoint.readTimeout(), Function.identity());
    }

    /**
     * POSTs {@code body} as JSON to {@code path}, parses the answer as {@code type} and hands it to
     * {@code interpret}, all within {@code timeout} per try. A {@link GsiInvalidResponseException} from
     * parsing or from {@code interpret} that is {@linkplain GsiInvalidResponseException#retryable() retryable}
     * sends the request again like a 5xx answer.
     */
    public <T, R> R post(String path, Object body, Class<T> type, Duration timeout, Function<T, R> interpret) {
        return call("POST", path, body, type, timeout, interpret, endpoint.maxRetries(), true);
    }

    /** GETs {@code path} and parses the answer as {@code type}. */
    public <T> T get(String path, Class<T> type) {
        return call("GET", path, null, type, endpoint.callTimeout(0, 0), Function.identity(), endpoint.maxRetries(),
                true);
    }

    /**
     * GETs {@code path} once, without retries: a start-up probe (outside the circuit breaker) or a health probe
     * (through it: it fails fast while the circuit is open and is the trial call once the cool-down has passed).
     *
     * @throws GsiException typed as for every call when the server does not answer as expected
     */
    public <T> T probe(String path, Class<T> type, Duration timeout, boolean throughCircuitBreaker) {
        return call("GET", path, null, type, timeout, Function.identity(), 0, throughCircuitBreaker);
    }

    private <T, R> R call(String method, String path, Object body, Class<T> type, Duration timeout,
            Function<T, R> interpret, int maxRetries, boolean guarded) {
        HttpTransport.Request request = request(method, path, body, timeout);
        if (guarded && breaker != null) {
            breaker.beforeCall(url(path));
        }
        int attempt = 0;
        while (true) {
            Attempt outcome;
            try {
                outcome = attempt(request, path, type, interpret);
            } catch (RuntimeException | Error e) {
                if (guarded && breaker != null) {
                    breaker.abandon();
                }
                throw e;
            }
            if (outcome.failure == null) {
                @SuppressWarnings("unchecked")
                R result = (R) outcome.result;
                return result;
            }
            boolean retry = outcome.retryable && attempt < maxRetries;
            if (!retry) {
                if (guarded && breaker != null) {
                    if (outcome.serverIsUp) {
                        breaker.onSuccess(); // it refused this request on purpose, or answered
                    } else {
                        breaker.onFailure();
                    }
                }
                throw withAttempts(outcome.failure, attempt);
            }
            Duration wait = outcome.pause != null ? outcome.pause : backoff(attempt);
            LOG.info("{}: attempt {} of {} failed ({}); retrying in {} ms", endpoint.name(), attempt + 1, maxRetries + 1,
                    outcome.failure.getMessage(), wait.toMillis());
            sleep(wait, path);
            attempt++;
        }
    }

    /** One try's outcome: the result, or the failure with whether to retry and how long to wait. */
    private record Attempt(Object result, GsiException failure, boolean retryable, boolean serverIsUp, Duration pause) {
        static Attempt succeeded(Object result) {
            return new Attempt(result, null, false, true, null);
        }

        static Attempt failed(GsiException failure, boolean retryable, boolean serverIsUp, Duration pause) {
            return new Attempt(null, failure, retryable, serverIsUp, pause);
        }
    }

    private <T, R> Attempt attempt(HttpTransport.Request request, String path, Class<T> type, Function<T, R> interpret) {
        HttpTransport.Response r;
        try {
            r = transport.send(request);
        } catch (SSLException e) {
            // a certificate that is not trusted, or no common protocol: retrying cannot change it
            return Attempt.failed(new GsiRemoteException(url(path), -1, prefix() + "TLS with " + url(path) + " failed: "
                    + e.getMessage() + " (is the server's certificate in the trust store this client uses?)", e), false,
                    false, null);
        } catch (HttpConnectTimeoutException e) {
            return Attempt.failed(new GsiUnavailableException(url(path), -1, endpoint.maxBackoff(), prefix() + url(path)
                    + " could not be reached: HttpConnectTimeoutException " + e.getMessage(), e), true, false, null);
        } catch (HttpTimeoutException e) {
            return Attempt.failed(new GsiRemoteTimeoutException(url(path), request.timeout(), prefix() + url(path)
                    + " did not answer within " + request.timeout().toMillis() + " ms (HttpTimeoutException)", e), true,
                    false, null);
        } catch (IOException e) {
            return Attempt.failed(new GsiUnavailableException(url(path), -1, endpoint.maxBackoff(), prefix() + url(path)
                    + " could not be reached: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e), true, false, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GsiCancelledException("interrupted while calling " + endpoint.name());
        }
        if (endpoint.logResponses() && LOG.isInfoEnabled()) {
            LOG.info("GSI response {} {} {}", r.status(), url(path), new String(r.body(), StandardCharsets.UTF_8));
        }
        int status = r.status();
        if (status >= 200 && status < 300) {
            if (breaker != null) {
                breaker.onSuccess(); // the server answers; whether the answer is usable is checked below
            }
            try {
                return Attempt.succeeded(interpret.apply(parse(path, r.body(), type)));
            } catch (GsiInvalidResponseException e) {
                return Attempt.failed(e, e.retryable(), true, null);
            }
        }
        String message = prefix() + url(path) + " answered HTTP " + status + serverMessage(r.body());
        Optional<Duration> serverWait = retryAfter(r.retryAfter());
        if (status == 429 || status == 503) {
            return Attempt.failed(new GsiUnavailableException(url(path), status, serverWait.orElse(endpoint.maxBackoff()),
                    message, null), true, false, serverWait.orElse(null));
        }
        boolean serverError = status >= 500;
        return Attempt.failed(new GsiRemoteException(url(path), status, message, null), serverError, !serverError,
                serverWait.orElse(null));
    }

    private HttpTransport.Request request(String method, String path, Object body, Duration timeout) {
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
        if (endpoint.logRequests() && LOG.isInfoEnabled()) {
            LOG.info("GSI request {} {} {}", method, url(path), payload == null ? ""
                    : new String(payload,
                            StandardCharsets.UTF_8));
        }
        return new HttpTransport.Request(method, endpoint.resolve(path), headers, payload, timeout);
    }

    private <T> T parse(String path, byte[] body, Class<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new GsiInvalidResponseException(prefix() + url(path) + " answered with a body that is not the "
                    + "expected JSON (" + type.getSimpleName() + "): " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new GsiInvalidResponseException(prefix() + url(path) + " answered with an unreadable body: "
                    + e.getMessage(), e);
        }
    }

    /** The failure with the number of retries it survived in its message, keeping its type. */
    private static GsiException withAttempts(GsiException failure, int retries) {
        if (retries == 0) {
            return failure;
        }
        String message = failure.getMessage() + " (after " + retries + (retries == 1 ? " retry)" : " retries)");
        Throwable cause = failure.getCause();
        return switch (failure) {
            case GsiUnavailableException u -> new GsiUnavailableException(u.endpoint(), u.status(),
                    u.retryAfter().orElse(null), message, cause);
            case GsiRemoteTimeoutException t -> new GsiRemoteTimeoutException(t.endpoint(), t.callTimeout(), message,
                    cause);
            case GsiRemoteException r -> new GsiRemoteException(r.endpoint(), r.status(), message, cause);
            case GsiInvalidResponseException i -> new GsiInvalidResponseException(message, cause, i.retryable());
            default -> failure;
        };
    }

    /** Exponential backoff with jitter: a random wait in [b/2, b] with b = initial·2^attempt, at most max. */
    Duration backoff(int attempt) {
        return Backoff.jittered(endpoint.initialBackoff(), endpoint.maxBackoff(), attempt,
                ThreadLocalRandom.current());
    }

    /** A {@code Retry-After} of seconds or an HTTP date, capped at {@link Backoff#MAX_RETRY_AFTER}. */
    static Optional<Duration> retryAfter(Optional<String> header) {
        return Backoff.retryAfter(header);
    }

    /** The server's error message: vLLM's {@code {"error": {"message"}}} or {@code {"object":"error","message"}}. */
    static String serverMessage(byte[] body) {
        return Backoff.serverMessage(JSON, body);
    }

    private void sleep(Duration d, String path) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GsiCancelledException("interrupted while waiting to retry " + endpoint.name());
        }
    }

    /** "name: " when the endpoint is named, for messages. */
    private String prefix() {
        return endpoint.name().startsWith("server ") ? "" : endpoint.name() + ": ";
    }

    /** The server's name (when it has one) and the URL of {@code path}, for messages. */
    public String where(String path) {
        return prefix() + url(path);
    }

    /** The URL of a path, for messages (the base URL never holds credentials). */
    public String url(String path) {
        return endpoint.resolve(path).toString();
    }
}
