package io.github.gsi4j.it;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * Refuses a body larger than {@code quarkus.http.limits.max-body-size} with a 413 problem body before anything reads
 * it (the HTTP layer's own 413 has no body).
 */
@ApplicationScoped
public class BodyLimit {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    void install(@Observes Router router) {
        long max = maxBodySize.asLongValue();
        router.route().order(Integer.MIN_VALUE).handler(rc -> {
            String length = rc.request().getHeader("Content-Length");
            long bytes;
            try {
                bytes = length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                bytes = -1;
            }
            if (bytes > max) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("type", "https://gsi4j.io/problems/too-large");
                body.put("title", "Request body too large");
                body.put("status", 413);
                body.put("detail", "the body has " + bytes + " bytes, more than the " + max + " this service accepts");
                rc.response().setStatusCode(413).putHeader("Content-Type", Problems.PROBLEM_JSON)
                        .putHeader("Connection", "close").end(new JsonObject(body).encode());
                return;
            }
            rc.next();
        });
    }
}
