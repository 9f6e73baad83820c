package io.syncid.gateway.rest;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.syncid.gateway.messaging.KafkaUnavailableException;
import io.syncid.gateway.service.Refusal;
import io.syncid.model.ErrorCode;

import software.amazon.awssdk.core.exception.SdkException;

/**
 * Maps every failure a request can meet to problem+json with a stable code, so a client mistake never becomes a 5xx
 * and no stack trace reaches a client.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response response = Problems.response(e.code(), e.getMessage(), e.extensions());
        return e.retryAfter() == null ? response : withRetryAfter(response, e.retryAfter());
    }

    /** {@code Retry-After} in whole seconds, at least one (a zero would invite an immediate retry storm). */
    static Response withRetryAfter(Response response, java.time.Duration retryAfter) {
        long seconds = Math.max(1, retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0));
        return Response.fromResponse(response).header("Retry-After", seconds).build();
    }

    @ServerExceptionMapper
    public Response refused(Refusal e) {
        Response response = Problems.response(e.code(), e.getMessage(), e.details());
        return e.retryAfter() == null ? response : withRetryAfter(response, e.retryAfter());
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
    public Response notAcceptable(NotAcceptableException e) {
        return Problems.response(ErrorCode.NOT_ACCEPTABLE, "this resource answers application/json only");
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
    public Response invalidParameter(ConstraintViolationException e) {
        String detail = e.getConstraintViolations().stream()
                .map(v -> lastNode(v.getPropertyPath().toString()) + ": " + v.getMessage())
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

    /** Kafka could not tell what a request needs from it in time (the lanes of a pull). */
    @ServerExceptionMapper
    public Response kafkaUnavailable(KafkaUnavailableException e) {
        LOG.warnf("Kafka dependency failed: %s", e.getMessage());
        return Response.fromResponse(Problems.response(ErrorCode.SERVICE_UNAVAILABLE,
                "the change log is unavailable; retry later")).header("Retry-After", 5).build();
    }

    /** DynamoDB or S3 unreachable: the client did nothing wrong and should retry. */
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

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
