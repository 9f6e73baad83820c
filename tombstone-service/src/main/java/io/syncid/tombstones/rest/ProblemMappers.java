package io.syncid.tombstones.rest;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.ForbiddenException;
import io.syncid.model.ErrorCode;
import io.syncid.runtime.rest.Problems;

/**
 * Maps the operator API's own failures to problem+json with a stable code (the ones every API shares are
 * {@link io.syncid.runtime.rest.CommonProblemMappers}); no stack trace reaches a client.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problems.response(ErrorCode.FORBIDDEN, "an operator token (group \"operator\") is required");
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        String detail = e.getConstraintViolations().stream()
                .map(v -> v.getPropertyPath() + ": " + v.getMessage())
                .sorted()
                .reduce((a, b) -> a + "; " + b)
                .orElse("invalid request");
        return Problems.response(ErrorCode.VALIDATION_FAILED, detail);
    }

    /** Whatever else JAX-RS refused, e.g. a body Jackson could not read (400), with the nearest stable code. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 400) {
            return Problems.response(ErrorCode.MALFORMED_REQUEST,
                    "the request body is not valid JSON of the expected shape");
        }
        if (status >= 500) {
            LOG.errorf(e, "request failed");
            return Problems.response(ErrorCode.INTERNAL_ERROR, "the request failed");
        }
        return Problems.response(ErrorCode.VALIDATION_FAILED, "the request was refused: " + status);
    }
}
