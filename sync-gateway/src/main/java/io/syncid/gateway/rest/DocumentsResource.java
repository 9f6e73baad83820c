package io.syncid.gateway.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
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
    @Operation(operationId = "pullDocuments", summary = "Pull the caller's documents changed after a cursor (no cursor: full pull)", description = "Pages in change order, tombstones included. Follow nextCursor while hasMore is true: a "
            + "paged pull delivers each document once. The cursor of the last page is the since of the next "
            + "pull, which re-delivers changes younger than the settle window ({settle-window}); apply by "
            + "syncId and version.")
    @APIResponse(responseCode = "200", description = "A page in change order, tombstones included", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PullResponse.class), examples = @ExampleObject(name = "page", value = PullResponse.EXAMPLE)))
    @APIResponse(responseCode = "400", description = "INVALID_CURSOR: since is not a cursor this server issued, or "
            + "limit is not 1 to {max-limit} (VALIDATION_FAILED)")
    @APIResponse(responseCode = "410", description = "RESYNC_REQUIRED: the cursor is older than the tombstone "
            + "retention horizon; do a full pull")
    public PullResponse pull(
            @Parameter(description = "The nextCursor of the previous page; absent for a full pull") @QueryParam("since") String since,
            @Parameter(description = "Page size, 1 to {max-limit} (default {default-limit})") @QueryParam("limit") String limit) {
        String userId = caller.userId();
        PullService.Page page = pull.pull(userId, since, limit(limit));
        return new PullResponse(page.documents().stream().map(DocumentView::of).toList(), page.next().encode(),
                page.hasMore());
    }

    @GET
    @Path("/{syncId}")
    @Operation(operationId = "getDocument", summary = "Read one of the caller's documents")
    @APIResponse(responseCode = "200", description = "The document")
    @APIResponse(responseCode = "400", description = "INVALID_SYNC_ID: the path does not hold a UUID version 4")
    @APIResponse(responseCode = "404", description = "NOT_FOUND: unknown, or another user's")
    @APIResponse(responseCode = "410", description = "TOMBSTONED: deleted; the body carries the tombstone")
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
