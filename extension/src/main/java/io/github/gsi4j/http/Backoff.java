package io.github.gsi4j.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.random.RandomGenerator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** How long to wait before a retry, and what a failed answer says: the parts of {@link JsonHttpClient}'s retries. */
final class Backoff {

    /** The longest wait a {@code Retry-After} header may impose. */
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

    private Backoff() {
    }

    /** A random wait in [b/2, b] with b = initial·2^attempt, at most {@code max}. */
    static Duration jittered(Duration initial, Duration max, int attempt, RandomGenerator random) {
        long b = Math.min(max.toMillis(), initial.toMillis() << Math.min(attempt, 20));
        return Duration.ofMillis(b / 2 + random.nextLong(b / 2 + 1));
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
    static String serverMessage(ObjectMapper json, byte[] body) {
        try {
            JsonNode n = json.readTree(body);
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
}
