package io.github.gsi4j.it;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.langchain4j.exception.UnsupportedFeatureException;
import io.github.gsi4j.core.GsiCancelledException;
import io.github.gsi4j.core.GsiException;
import io.github.gsi4j.core.GsiInvalidRequestException;
import io.github.gsi4j.core.GsiInvalidResponseException;
import io.github.gsi4j.core.GsiRemoteException;
import io.github.gsi4j.core.GsiRemoteTimeoutException;
import io.github.gsi4j.core.GsiTimeoutException;
import io.github.gsi4j.core.GsiUnavailableException;

/**
 * Turns a failure into an RFC 9457 problem ({@code application/problem+json}: type, title, status, detail) that a
 * caller can act on: 400 for a request that cannot be served as sent, 503 with {@code Retry-After} when a model
 * server is unavailable, 504 when a deadline passed, 502 when a model server answered wrongly. The GSI exception is
 * looked for along the cause chain (AI services and LangChain4j may wrap it).
 */
// tag::problems[]
final class Problems {

    private static final Logger LOG = Logger.getLogger(Problems.class);
    static final String PROBLEM_JSON = "application/problem+json";

    private Problems() {
    }

    static Response of(Throwable failure) {
        GsiException gsi = find(failure, GsiException.class);
        if (gsi != null) {
            return gsi(gsi);
        }
        if (find(failure, IllegalArgumentException.class) != null || find(failure, UnsupportedFeatureException.class) != null) {
            Throwable bad = find(failure, IllegalArgumentException.class) != null
                    ? find(failure, IllegalArgumentException.class)
                    : find(failure, UnsupportedFeatureException.class);
            return problem(400, "invalid-request", "Invalid request", bad.getMessage());
        }
        if (failure instanceof WebApplicationException w) {
            int status = w.getResponse().getStatus();
            Response.ResponseBuilder r = Response.fromResponse(w.getResponse()).entity(body(status, "http-" + status,
                    Response.Status.fromStatusCode(status) == null ? "HTTP " + status
                            : Response.Status.fromStatusCode(status).getReasonPhrase(),
                    w.getMessage()))
                    .type(PROBLEM_JSON);
            return r.build();
        }
        if (find(failure, JsonProcessingException.class) != null) {
            return problem(400, "invalid-json", "The body is not valid JSON",
                    find(failure, JsonProcessingException.class).getOriginalMessage());
        }
        LOG.error("Unexpected failure", failure);
        return problem(500, "internal-error", "Internal error",
                "the application failed: " + failure.getClass().getSimpleName());
    }

    private static Response gsi(GsiException e) {
        return switch (e) {
            case GsiInvalidRequestException r -> problem(400, "invalid-request", "Invalid request", r.getMessage());
            case GsiUnavailableException u -> Response.fromResponse(problem(503, "model-unavailable",
                    "A model server is unavailable", u.getMessage()))
                    .header("Retry-After", seconds(u.retryAfter().orElse(Duration.ofSeconds(1)))).build();
            case GsiRemoteTimeoutException t -> problem(504, "model-timeout", "A model server did not answer in time",
                    t.getMessage());
            case GsiTimeoutException t -> problem(504, "deadline", "The request's deadline passed", t.getMessage());
            case GsiInvalidResponseException i -> problem(502, "model-answer", "A model server answered wrongly",
                    i.getMessage());
            case GsiRemoteException r -> problem(502, "model-error", "A model server failed", r.getMessage());
            case GsiCancelledException c -> problem(503, "cancelled", "The request was cancelled", c.getMessage());
            default -> problem(500, "gsi-error", "Decoding failed", e.getMessage());
        };
    }

    static Response problem(int status, String type, String title, String detail) {
        return Response.status(status).type(PROBLEM_JSON).entity(body(status, type, title, detail)).build();
    }

    private static Map<String, Object> body(int status, String type, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://gsi4j.io/problems/" + type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail == null || detail.isBlank() ? title : detail);
        return body;
    }

    private static String seconds(Duration d) {
        return String.valueOf(Math.max(1, (d.toMillis() + 999) / 1000));
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
// end::problems[]
