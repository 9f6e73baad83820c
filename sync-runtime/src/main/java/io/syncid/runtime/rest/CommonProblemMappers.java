package io.syncid.runtime.rest;

import java.time.Duration;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.syncid.model.ErrorCode;

import software.amazon.awssdk.core.exception.SdkException;

/**
 * The problem+json answers every service's HTTP API gives alike (a service maps its own failures beside these): a
 * client mistake never becomes a 5xx and no stack trace reaches a client. Quarkus REST finds these mappers in this
 * library's index; a service without an HTTP API (no Quarkus REST) never loads the class.
 */
public class CommonProblemMappers {

    private static final Logger LOG = Logger.getLogger(CommonProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response response = Problems.response(e.code(), e.getMessage(), e.extensions());
        return e.retryAfter() == null ? response : Problems.withRetryAfter(response, e.retryAfter());
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

    /** DynamoDB or S3 unreachable: the caller did nothing wrong and should retry. */
    @ServerExceptionMapper
    public Response awsUnavailable(SdkException e) {
        LOG.warnf("AWS dependency failed: %s", e.toString());
        return Problems.withRetryAfter(Problems.response(ErrorCode.SERVICE_UNAVAILABLE,
                "a storage dependency is unavailable; retry later"), Duration.ofSeconds(5));
    }

    private static Response unauthorized() {
        return Response.fromResponse(Problems.response(ErrorCode.UNAUTHORIZED, "a valid bearer token is required"))
                .header("WWW-Authenticate", "Bearer")
                .build();
    }
}
