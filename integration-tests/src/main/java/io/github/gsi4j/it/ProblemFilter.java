package io.github.gsi4j.it;

import java.lang.annotation.Annotation;
import java.util.Map;

import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Gives the framework's own rejections that come without a body (405 method not allowed, 415 unsupported media type,
 * 404) a problem body, like every other error answer.
 */
public class ProblemFilter {

    @ServerResponseFilter
    public void problemBody(ContainerResponseContext response) {
        int status = response.getStatus();
        if (status >= 400 && !response.hasEntity()) {
            Response.StatusType type = response.getStatusInfo();
            String reason = type == null || type.getReasonPhrase() == null ? "HTTP " + status : type.getReasonPhrase();
            Map<String, Object> body = Map.of("type", "https://gsi4j.io/problems/http-" + status, "title", reason,
                    "status", status, "detail", reason + " (" + status + ")");
            response.setEntity(body, new Annotation[0], MediaType.valueOf(Problems.PROBLEM_JSON));
        }
    }
}
