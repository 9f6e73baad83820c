package io.syncid.migration.rest;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.syncid.model.ErrorCode;

import software.amazon.awssdk.core.exception.SdkException;

/**
 * Maps every failure an operator request can meet to problem+json with a stable code (the gateway's approach, copied
 * until it moves to sync-runtime): no token 401, a token without the {@code operator} group 403.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return Problems.response(e.code(), e.getMessage(), e.extensions());
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
        return Problems.response(ErrorCode.FORBIDDEN, "the operator role is required");
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
    public Response malformedJson(JsonProcessingException e) {
        return Problems.response(ErrorCode.MALFORMED_REQUEST,
                "the request body is not valid JSON of the expected shape");
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
