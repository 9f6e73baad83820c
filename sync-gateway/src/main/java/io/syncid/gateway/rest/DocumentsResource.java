package io.syncid.gateway.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.syncid.gateway.config.GatewayConfig;
import io.syncid.gateway.rest.dto.DocumentView;
import io.syncid.gateway.rest.dto.PullResponse;
import io.syncid.gateway.service.DocumentAccess;
import io.syncid.gateway.service.PullService;
import io.syncid.model.ErrorCode;

/** {@code GET /v1/documents}: delta pull and single-document read (SPEC §4). */
@Path("/v1/documents")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
public class DocumentsResource {

    private final PullService pull;
    private final DocumentAccess access;
    private final GatewayConfig config;
    private final Caller caller;

    DocumentsResource(PullService pull, DocumentAccess access, GatewayConfig config, Caller caller) {
        this.pull = pull;
        this.access = access;
        this.config = config;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Pull the caller's documents changed after a cursor (no cursor: full pull)")
    @APIResponse(responseCode = "200", description = "A page in change order, tombstones included")
    @APIResponse(responseCode = "410", description = "RESYNC_REQUIRED: the cursor is older than the retention horizon")
    public PullResponse pull(@QueryParam("since") String since, @QueryParam("limit") String limit) {
        String userId = caller.userId();
        PullService.Page page = pull.pull(userId, since, limit(limit));
        return new PullResponse(page.documents().stream().map(DocumentView::of).toList(), page.next().encode(),
                page.hasMore());
    }

    @GET
    @Path("/{syncId}")
    @Operation(summary = "Read one of the caller's documents")
    @APIResponse(responseCode = "200", description = "The document")
    @APIResponse(responseCode = "404", description = "Unknown, or another user's")
    @APIResponse(responseCode = "410", description = "Deleted: the body carries the tombstone")
    public DocumentView get(@PathParam("syncId") String syncId) {
        String userId = caller.userId();
        return DocumentView.of(access.live(userId, DocumentAccess.syncId(syncId)));
    }

    private int limit(String raw) {
        if (raw == null || raw.isEmpty()) {
            return config.pull().defaultLimit();
        }
        int max = config.pull().maxLimit();
        try {
            int value = Integer.parseInt(raw);
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the same answer as an out-of-range number
        }
        throw new ProblemException(ErrorCode.VALIDATION_FAILED, "limit must be an integer from 1 to " + max);
    }
}
