package io.syncid.tombstones.rest;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.common.annotation.Blocking;
import io.syncid.model.ErrorCode;
import io.syncid.runtime.rest.ProblemException;
import io.syncid.tombstones.repository.TombstoneRepository;
import io.syncid.tombstones.rest.dto.DeletionRequestBody;
import io.syncid.tombstones.rest.dto.TombstoneCounts;
import io.syncid.tombstones.service.DeletionRequests;
import io.syncid.tombstones.service.OrphanSweeper;
import io.syncid.tombstones.service.PurgeService;

/**
 * The operator API (SPEC §8) under {@code /v1/admin}: tombstone counts, purges, orphan sweeps and data-deletion
 * requests. Operator tokens only (JWT group {@code operator}); device tokens get 403, no token 401, as problem+json.
 */
@Path("/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("operator")
@Blocking
@Tag(name = "operator")
@SecurityRequirement(name = "jwt")
@APIResponse(responseCode = "401", description = "UNAUTHORIZED: no or an invalid bearer token")
@APIResponse(responseCode = "403", description = "FORBIDDEN: the token is not an operator's")
public class AdminResource {

    /** Upper bounds (exclusive) of the age buckets of the tombstone counts, youngest first. */
    private static final Map<String, Duration> AGE_BUCKETS = bucketBounds();

    private final TombstoneRepository tombstones;
    private final PurgeService purge;
    private final OrphanSweeper sweeper;
    private final DeletionRequests deletions;
    private final JsonWebToken caller;
    private final Clock clock;

    AdminResource(TombstoneRepository tombstones, PurgeService purge, OrphanSweeper sweeper,
            DeletionRequests deletions, JsonWebToken caller, Clock clock) {
        this.tombstones = tombstones;
        this.purge = purge;
        this.sweeper = sweeper;
        this.deletions = deletions;
        this.caller = caller;
        this.clock = clock;
    }

    @GET
    @Path("/tombstones/counts")
    @Operation(summary = "Tombstones in the registry: total and by age (time since deletion)")
    public TombstoneCounts counts() {
        Instant now = clock.instant();
        Map<String, Long> byAge = new LinkedHashMap<>();
        Instant newer = null;
        for (var bucket : AGE_BUCKETS.entrySet()) {
            Instant older = bucket.getValue() == null ? null : now.minus(bucket.getValue());
            byAge.put(bucket.getKey(), tombstones.countDeletedBetween(older, newer));
            newer = older;
        }
        return new TombstoneCounts(byAge.values().stream().mapToLong(Long::longValue).sum(), byAge, now);
    }

    @GET
    @Path("/purges/last")
    @Operation(summary = "The last retention purge: when, horizon, outcome, counts")
    @APIResponse(responseCode = "404", description = "NOT_FOUND: no purge has run yet")
    public PurgeService.Report lastPurge() {
        return purge.last().orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "no purge has run yet"));
    }

    @POST
    @Path("/purges")
    @Operation(summary = "Start a retention purge now; poll the run at the Location for its outcome", description = "The purge waits longer than the gateway's horizon cache before it removes tombstones "
            + "(syncid.tombstones.purge.horizon-cache-wait), so it runs in the background. While one started "
            + "here is still running, the answer is that run.")
    @APIResponse(responseCode = "202", description = "The run (outcome RUNNING, or the one already running)")
    public Response runPurge() {
        PurgeService.Report run = purge.start();
        return Response.accepted(run).location(URI.create("/v1/admin/purges/" + run.id())).build();
    }

    @GET
    @Path("/purges/{id}")
    @Operation(summary = "One retention purge: when, horizon, outcome (RUNNING, SUCCEEDED, FAILED), counts")
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED: the id is not a purge id (a number)")
    @APIResponse(responseCode = "404", description = "NOT_FOUND: no such purge")
    public PurgeService.Report purgeRun(@PathParam("id") String id) {
        long runId;
        try {
            runId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new ProblemException(ErrorCode.VALIDATION_FAILED, "id: not a purge id (a number)");
        }
        return purge.find(runId).orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "no such purge"));
    }

    @GET
    @Path("/orphan-sweeps/last")
    @Operation(summary = "The last orphan sweep: objects scanned, orphans found and deleted")
    @APIResponse(responseCode = "404", description = "NOT_FOUND: no sweep has run yet")
    public OrphanSweeper.Report lastSweep() {
        return sweeper.last().orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "no sweep has run yet"));
    }

    @POST
    @Path("/orphan-sweeps")
    @Operation(summary = "Run an orphan sweep now and answer with its report", description = "One sweep at a time across "
            + "all replicas: while another replica sweeps, the answer is a report with outcome SKIPPED and nothing is done.")
    public OrphanSweeper.Report runSweep() {
        return sweeper.sweep();
    }

    @POST
    @Path("/deletion-requests")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Delete every document and attachment of one user (idempotent while the request is open)")
    @APIResponse(responseCode = "202", description = "The request (the same one while it is open)")
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED or MALFORMED_REQUEST")
    @APIResponse(responseCode = "404", description = "NOT_FOUND: the platform has no document of that user")
    public Response requestDeletion(@Valid @NotNull DeletionRequestBody body) {
        if (body.userId().startsWith("syncid-system:")) {
            throw new ProblemException(ErrorCode.VALIDATION_FAILED, "userId: platform users cannot be deleted");
        }
        var progress = deletions.request(body.userId(), caller.getSubject())
                .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "no document of that user is known"));
        return Response.accepted(progress).build();
    }

    @GET
    @Path("/deletion-requests/{id}")
    @Operation(summary = "A data-deletion request and its progress")
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED: the id is not a UUID")
    @APIResponse(responseCode = "404", description = "NOT_FOUND: no such request")
    public DeletionRequests.Progress deletionRequest(@PathParam("id") String id) {
        UUID requestId;
        try {
            if (id.length() != 36) {
                throw new IllegalArgumentException(id);
            }
            requestId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ErrorCode.VALIDATION_FAILED, "id: not a request id (a UUID)");
        }
        return deletions.progress(requestId)
                .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "no such deletion request"));
    }

    private static Map<String, Duration> bucketBounds() {
        Map<String, Duration> bounds = new LinkedHashMap<>();
        bounds.put("under7d", Duration.ofDays(7));
        bounds.put("7to30d", Duration.ofDays(30));
        bounds.put("30to90d", Duration.ofDays(90));
        bounds.put("over90d", null);
        return bounds;
    }
}
