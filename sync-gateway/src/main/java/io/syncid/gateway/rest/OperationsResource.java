package io.syncid.gateway.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.syncid.gateway.rest.dto.OperationStatus;
import io.syncid.gateway.rest.dto.OperationsResponse;
import io.syncid.gateway.service.OutcomeService;

/** {@code GET /v1/operations?opIds=…}: outcomes of the caller's operations, so a device can settle its queue. */
@Path("/v1/operations")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
public class OperationsResource {

    private final OutcomeService outcomes;
    private final Caller caller;

    OperationsResource(OutcomeService outcomes, Caller caller) {
        this.outcomes = outcomes;
        this.caller = caller;
    }

    @GET
    @Operation(operationId = "getOperationOutcomes", summary = "Outcomes of 1 to 100 of the caller's opIds (PENDING when none is recorded)")
    @APIResponse(responseCode = "200", description = "One status per distinct opId, in request order")
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED: opIds is not 1 to 100 comma-separated UUIDs "
            + "version 4 (INVALID_OP_ID for one that is not)")
    public OperationsResponse get(@QueryParam("opIds") String opIds) {
        return new OperationsResponse(
                outcomes.statuses(caller.userId(), opIds).stream().map(OperationStatus::of).toList());
    }
}
