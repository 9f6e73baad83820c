package io.syncid.migration.rest;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.common.annotation.Blocking;
import io.syncid.migration.service.DryRuns;
import io.syncid.migration.service.RollbackService;
import io.syncid.migration.service.RunService;
import io.syncid.migration.service.RunStatus;
import io.syncid.migration.service.StatusService;
import io.syncid.migration.service.ValidationService;
import io.syncid.model.ErrorCode;
import io.syncid.runtime.rest.ProblemException;

/**
 * The operator API of the migration (SPEC §9), JWT group {@code operator}: start a run (optionally dry-run), status,
 * validation report, retry of failed items, rollback, duplicates.
 */
@Path("/v1/admin/migrations")
@RolesAllowed("operator")
@Blocking
@Produces(MediaType.APPLICATION_JSON)
public class MigrationsResource {

    private final RunService runs;
    private final StatusService status;
    private final ValidationService validation;
    private final RollbackService rollback;
    private final DryRuns dryRuns;

    MigrationsResource(RunService runs, StatusService status, ValidationService validation,
            RollbackService rollback, DryRuns dryRuns) {
        this.runs = runs;
        this.status = status;
        this.validation = validation;
        this.rollback = rollback;
        this.dryRuns = dryRuns;
    }

    /** The body of a start request; absent means a real run. */
    public record StartRequest(boolean dryRun) {
    }

    /** A started run and where to follow it. */
    public record StartResponse(UUID runId, boolean dryRun, int total, String status) {
    }

    /** How many tasks a retry queued again. */
    public record RetryResponse(UUID runId, int queued) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a migration run: scan the legacy table and queue one task per legacy document;"
            + " a dry-run only reports what it would do and writes nothing")
    @APIResponse(responseCode = "202", description = "Run started (or dry-run report ready)")
    public Response start(StartRequest request) {
        boolean dryRun = request != null && request.dryRun();
        RunService.Started started = runs.start(dryRun);
        String location = "/v1/admin/migrations/" + started.runId();
        return Response.accepted(new StartResponse(started.runId(), started.dryRun(), started.total(), location))
                .location(URI.create(location))
                .build();
    }

    @GET
    @Path("/{runId}")
    @Operation(summary = "Status: total, migrated, failed, skipped, pending, failure rate, docs/s, ETA")
    @APIResponse(responseCode = "404", description = "Unknown run")
    public RunStatus status(@PathParam("runId") String runId) {
        return status.status(parse(runId)).orElseThrow(MigrationsResource::unknown);
    }

    @GET
    @Path("/{runId}/validation")
    @Operation(summary = "Validation report: every legacy document mapped and equal, attachments present,"
            + " no syncId twice, tombstones for deleted items (a dry-run answers its report)")
    public Object validation(@PathParam("runId") String runId) {
        UUID id = parse(runId);
        var dry = dryRuns.get(id);
        if (dry.isPresent()) {
            return dry.get();
        }
        return validation.validate(id).orElseThrow(MigrationsResource::unknown);
    }

    @POST
    @Path("/{runId}/retry")
    @Operation(summary = "Queue the run's failed items again (a syncId the writer refused is replaced)")
    public RetryResponse retry(@PathParam("runId") String runId) {
        UUID id = parse(runId);
        return new RetryResponse(id, runs.retry(id).orElseThrow(MigrationsResource::unknown));
    }

    @POST
    @Path("/{runId}/rollback")
    @Operation(summary = "Delete what the run created and no device changed since (reason migration-rollback);"
            + " changed documents are kept and reported")
    public RollbackService.RollbackReport rollback(@PathParam("runId") String runId) {
        return rollback.rollback(parse(runId)).orElseThrow(MigrationsResource::unknown);
    }

    @GET
    @Path("/{runId}/duplicates")
    @Operation(summary = "Shared legacy syncIds and content duplicates detected by the run, with their resolution")
    public List<RunService.DuplicateGroup> duplicates(@PathParam("runId") String runId) {
        return runs.duplicates(parse(runId)).orElseThrow(MigrationsResource::unknown);
    }

    private static UUID parse(String runId) {
        try {
            return UUID.fromString(runId);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ErrorCode.VALIDATION_FAILED, "runId must be a UUID");
        }
    }

    private static ProblemException unknown() {
        return new ProblemException(ErrorCode.NOT_FOUND, "no such migration run");
    }
}
