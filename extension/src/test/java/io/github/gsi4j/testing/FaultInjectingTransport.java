package io.github.gsi4j.testing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import io.github.gsi4j.http.HttpTransport;

/**
 * Wraps a transport and faults a share of the calls, chosen by a seeded random stream (so a run is
 * reproducible when calls happen in order): connection refused, reset mid-body, timeout, 500, 503 with
 * {@code Retry-After}, 429, and answers that arrive but are wrong (truncated JSON, one element too few,
 * a NaN value). Counts what it injected.
 */
public final class FaultInjectingTransport implements HttpTransport {

    /** The faults, in the order they are drawn. */
    public enum Fault {
        REFUSED,
        RESET_MID_BODY,
        TIMEOUT,
        HTTP_500,
        HTTP_503,
        HTTP_429,
        TRUNCATED_JSON,
        MISSING_ELEMENT,
        NAN_VALUE
    }

    private final HttpTransport delegate;
    private final double rate;
    private final SplittableRandom random;
    private final Map<Fault, Integer> injected = new EnumMap<>(Fault.class);
    private int calls;

    public FaultInjectingTransport(HttpTransport delegate, double rate, long seed) {
        this.delegate = delegate;
        this.rate = rate;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public Response send(Request request) throws IOException, InterruptedException {
        Fault fault = next();
        if (fault == null) {
            return delegate.send(request);
        }
        switch (fault) {
            case REFUSED -> throw new ConnectException("Connection refused (injected)");
            case RESET_MID_BODY -> {
                delegate.send(request);
                throw new IOException("Connection reset while reading the body (injected)");
            }
            case TIMEOUT -> throw new HttpTimeoutException("request timed out (injected)");
            case HTTP_500 -> {
                return new Response(500, bytes("{\"object\":\"error\",\"message\":\"injected\",\"code\":500}"),
                        Optional.empty());
            }
            case HTTP_503 -> {
                return new Response(503, bytes(""), Optional.of("0"));
            }
            case HTTP_429 -> {
                return new Response(429, bytes("{\"object\":\"error\",\"message\":\"slow down\",\"code\":429}"),
                        Optional.of("0"));
            }
            default -> {
                Response real = delegate.send(request);
                String body = new String(real.body(), StandardCharsets.UTF_8);
                String broken = switch (fault) {
                    case TRUNCATED_JSON -> body.substring(0, body.length() / 2);
                    case MISSING_ELEMENT -> dropLastArrayElement(body);
                    default -> body.replaceFirst("-?\\d+\\.\\d+", "NaN");
                };
                return new Response(real.status(), bytes(broken), real.retryAfter());
            }
        }
    }

    private synchronized Fault next() {
        calls++;
        if (random.nextDouble() >= rate) {
            return null;
        }
        Fault f = Fault.values()[random.nextInt(Fault.values().length)];
        injected.merge(f, 1, Integer::sum);
        return f;
    }

    /** Removes the last element of the first "choices" or "data" array (a wrong element count). */
    private static String dropLastArrayElement(String json) {
        try {
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            var root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(json);
            for (String field : new String[] { "choices", "data" }) {
                if (root.get(field) instanceof com.fasterxml.jackson.databind.node.ArrayNode a && !a.isEmpty()) {
                    a.remove(a.size() - 1);
                    return mapper.writeValueAsString(root);
                }
            }
        } catch (IOException | ClassCastException e) {
            // not an object with such an array: cut it instead
        }
        return json.substring(0, json.length() / 2);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public synchronized Map<Fault, Integer> injected() {
        return new EnumMap<>(injected);
    }

    public synchronized int calls() {
        return calls;
    }
}
