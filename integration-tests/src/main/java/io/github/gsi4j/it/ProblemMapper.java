package io.github.gsi4j.it;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * Every failure of the REST endpoints, the framework's own rejections included (bad JSON, invalid UTF-8, a method or
 * media type the endpoint does not take), answers with a problem body ({@link Problems}).
 */
// tag::mapper[]
public class ProblemMapper {

    @ServerExceptionMapper
    public Response failure(RuntimeException e) {
        return Problems.of(e);
    }

    @ServerExceptionMapper
    public Response rejected(WebApplicationException e) {
        return Problems.of(e);
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return Problems.of(e);
    }

    @ServerExceptionMapper
    public Response unparseable(JsonParseException e) {
        return Problems.of(e);
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return Problems.of(e);
    }
}
// end::mapper[]
