package io.syncid.gateway.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.syncid.gateway.config.GatewayConfig;
import io.syncid.gateway.repository.DocumentRepository;
import io.syncid.gateway.rest.dto.LegacyMapping;
import io.syncid.gateway.rest.dto.LegacyMatches;
import io.syncid.gateway.service.LegacyMatcher;
import io.syncid.gateway.service.TextLimits;
import io.syncid.model.DocumentContent;
import io.syncid.model.ErrorCode;
import io.syncid.runtime.rest.ProblemException;

/**
 * Legacy lookups of a device migrating its local database (SPEC §4): {@code GET /v1/legacy/{legacyId}}, the syncId
 * assigned to one of the caller's legacy documents, read from the {@code LegacyIndex} of the documents the migration
 * wrote; {@code GET /v1/legacy/matches}, the caller's documents with the content of a local document that never had a
 * cloud id.
 */
@Path("/v1/legacy")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
public class LegacyResource {

    private static final int MAX_LEGACY_ID = 256;

    private final DocumentRepository documents;
    private final Caller caller;
    private final GatewayConfig config;

    LegacyResource(DocumentRepository documents, Caller caller, GatewayConfig config) {
        this.documents = documents;
        this.caller = caller;
        this.config = config;
    }

    @GET
    @Path("{legacyId}")
    @Operation(operationId = "getLegacyMapping", summary = "The syncId of one of the caller's migrated legacy documents", description = "A legacy id that is literally \"matches\" cannot be looked up: that path is "
            + "GET /v1/legacy/matches.")
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

    // A literal path segment wins over the {legacyId} template in JAX-RS, so "matches" always reaches this method.
    @GET
    @Path("matches")
    @Operation(operationId = "findLegacyMatches", summary = "The caller's documents with the content of a local document that never had a cloud id", description = "For a device migrating its local database: a local "
            + "document without a legacy id adopts the syncId of the caller's document with the same content instead of "
            + "uploading a duplicate. Live documents of the caller with the same title (trimmed, case-insensitive) are "
            + "candidates; each scores 1, +1 for the same category (trimmed, case-insensitive), +1 for a createdAt "
            + "within {match-tolerance} of the given one. Best first: by score, then by the distance of createdAt, then "
            + "by syncId; at most {max-matches}. No candidate is an empty list, not 404.")
    @APIResponse(responseCode = "200", description = "The candidates, best first (possibly none)")
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED: title missing or not 1 to {max-title} "
            + "characters, category not 1 to {max-category} characters, or createdAt not an ISO-8601 instant (an empty "
            + "category or createdAt counts as absent)")
    public LegacyMatches matches(
            @Parameter(description = "Title of the local document, 1 to {max-title} characters", required = true) @QueryParam("title") String title,
            @Parameter(description = "Category of the local document, 1 to {max-category} characters") @QueryParam("category") String category,
            @Parameter(description = "Creation time of the local document, an ISO-8601 instant such as 2026-11-24T10:15:30Z") @QueryParam("createdAt") String createdAt) {
        String userId = caller.userId();
        // An optional parameter sent empty (a client filling a URL template) means the same as one left out.
        String wantedCategory = category == null || category.isEmpty() ? null : category;
        if (title == null || title.isBlank() || !TextLimits.within(title, 1, DocumentContent.MAX_TITLE)) {
            throw new ProblemException(ErrorCode.VALIDATION_FAILED,
                    "title is required, 1 to " + DocumentContent.MAX_TITLE + " characters");
        }
        if (wantedCategory != null && (wantedCategory.isBlank()
                || !TextLimits.within(wantedCategory, 1, DocumentContent.MAX_CATEGORY))) {
            throw new ProblemException(ErrorCode.VALIDATION_FAILED,
                    "category must be 1 to " + DocumentContent.MAX_CATEGORY + " characters");
        }
        LegacyMatcher.Query query = new LegacyMatcher.Query(title, wantedCategory, instant(createdAt));
        var candidates = documents.liveContent(userId, stored -> LegacyMatcher.sameTitle(title, stored));
        return new LegacyMatches(LegacyMatcher
                .rank(query, candidates, config.legacy().matchTolerance(), config.legacy().maxMatches())
                .stream().map(LegacyMatches.Candidate::of).toList());
    }

    private static Instant instant(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw new ProblemException(ErrorCode.VALIDATION_FAILED,
                    "createdAt must be an ISO-8601 instant such as 2026-11-24T10:15:30Z");
        }
    }
}
