package io.syncid.gateway.rest;

import java.time.Duration;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.syncid.gateway.messaging.KafkaUnavailableException;
import io.syncid.gateway.service.Refusal;
import io.syncid.model.ErrorCode;
import io.syncid.runtime.rest.Problems;

/**
 * Maps the gateway's own failures to problem+json with a stable code (the ones every API shares are
 * {@link io.syncid.runtime.rest.CommonProblemMappers}), so a client mistake never becomes a 5xx and no stack trace
 * reaches a client.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response refused(Refusal e) {
        Response response = Problems.response(e.code(), e.getMessage(), e.details());
        return e.retryAfter() == null ? response : Problems.withRetryAfter(response, e.retryAfter());
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e) {
        return Problems.response(ErrorCode.NOT_ACCEPTABLE, "this resource answers application/json only");
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

    /** Kafka could not tell what a request needs from it in time (the lanes of a pull). */
    @ServerExceptionMapper
    public Response kafkaUnavailable(KafkaUnavailableException e) {
        LOG.warnf("Kafka dependency failed: %s", e.getMessage());
        return Problems.withRetryAfter(Problems.response(ErrorCode.SERVICE_UNAVAILABLE,
                "the change log is unavailable; retry later"), Duration.ofSeconds(5));
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
