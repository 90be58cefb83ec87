package io.github.gsi4j.it;

import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.langchain4j.exception.UnsupportedFeatureException;

/** Input the models refuse (too long, too many messages, values out of range) is the client's error: 400. */
public class BadInputMapper {

    @ServerExceptionMapper
    public Response badInput(IllegalArgumentException e) {
        return Response.status(400).entity(Map.of("error", String.valueOf(e.getMessage()))).build();
    }

    @ServerExceptionMapper
    public Response unsupported(UnsupportedFeatureException e) {
        return Response.status(400).entity(Map.of("error", String.valueOf(e.getMessage()))).build();
    }
}
