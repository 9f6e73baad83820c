package io.syncid.gateway.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.syncid.gateway.repository.DocumentRepository;
import io.syncid.gateway.rest.dto.LegacyMapping;
import io.syncid.gateway.service.TextLimits;
import io.syncid.model.ErrorCode;

/**
 * {@code GET /v1/legacy/{legacyId}}: the syncId assigned to one of the caller's legacy documents, read from the
 * {@code LegacyIndex} of the documents the migration worker wrote.
 */
@Path("/v1/legacy/{legacyId}")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
public class LegacyResource {

    private static final int MAX_LEGACY_ID = 256;

    private final DocumentRepository documents;
    private final Caller caller;

    LegacyResource(DocumentRepository documents, Caller caller) {
        this.documents = documents;
        this.caller = caller;
    }

    @GET
    @Operation(operationId = "getLegacyMapping", summary = "The syncId of one of the caller's migrated legacy documents")
    @APIResponse(responseCode = "200", description = "The legacy id and the syncId the migration assigned to it")
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED: legacyId is not 1 to 256 characters")
    @APIResponse(responseCode = "404", description = "NOT_FOUND: not migrated (yet), unknown, or another user's")
    public LegacyMapping get(@PathParam("legacyId") String legacyId) {
        String userId = caller.userId();
        if (legacyId.isBlank() || !TextLimits.within(legacyId, 1, MAX_LEGACY_ID)) {
            throw new ProblemException(ErrorCode.VALIDATION_FAILED,
                    "legacyId must be 1 to " + MAX_LEGACY_ID + " characters");
        }
        return documents.findByLegacyId(userId, legacyId)
                .map(doc -> new LegacyMapping(legacyId, doc.syncId().toString()))
                .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "no migrated document for that legacyId"));
    }
}
