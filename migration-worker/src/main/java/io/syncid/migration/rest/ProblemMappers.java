package io.syncid.migration.rest;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.ForbiddenException;
import io.syncid.model.ErrorCode;
import io.syncid.runtime.rest.Problems;

/**
 * Maps the operator API's own failures to problem+json (the ones every API shares are
 * {@link io.syncid.runtime.rest.CommonProblemMappers}: no token 401): a token without the {@code operator} group 403.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problems.response(ErrorCode.FORBIDDEN, "the operator role is required");
    }
}
