package io.syncid.tombstones.rest;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.syncid.model.ErrorCode;

import software.amazon.awssdk.core.exception.SdkException;

/** Maps every failure of the operator API to problem+json with a stable code; no stack trace reaches a client. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return Problems.response(e.code(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e) {
        return unauthorized();
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthorized();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problems.response(ErrorCode.FORBIDDEN, "an operator token (group \"operator\") is required");
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e) {
        return Problems.response(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the request body must be application/json");
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return Problems.response(ErrorCode.METHOD_NOT_ALLOWED, "method not allowed on this resource");
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Problems.response(ErrorCode.NOT_FOUND, "no such resource");
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

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return Problems.response(ErrorCode.MALFORMED_REQUEST,
                "the request body is not valid JSON of the expected shape");
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

    /** DynamoDB or S3 unreachable: the operator did nothing wrong and should retry. */
    @ServerExceptionMapper
    public Response awsUnavailable(SdkException e) {
        LOG.warnf("AWS dependency failed: %s", e.toString());
        return Response.fromResponse(Problems.response(ErrorCode.SERVICE_UNAVAILABLE,
                "a storage dependency is unavailable; retry later")).header("Retry-After", 5).build();
    }

    private static Response unauthorized() {
        return Response.fromResponse(Problems.response(ErrorCode.UNAUTHORIZED, "a valid bearer token is required"))
                .header("WWW-Authenticate", "Bearer")
                .build();
    }
}
