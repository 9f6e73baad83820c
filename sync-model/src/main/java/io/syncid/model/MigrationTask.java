package io.syncid.model;

import java.time.Instant;
import java.util.UUID;

/**
 * One legacy document to migrate, on {@code sync.migration.tasks} keyed by legacyId (SPEC §9), as part of the run
 * {@code runId}; a dry-run task checks and reports but writes nothing.
 */
public record MigrationTask(int schemaVersion, UUID runId, String legacyId, boolean dryRun, Instant enqueuedAt) {

    private static final String NAME = "MigrationTask";

    public MigrationTask {
        EventSchema.require(NAME, schemaVersion);
        Required.field(runId, NAME, "runId");
        Required.field(legacyId, NAME, "legacyId");
        Required.field(enqueuedAt, NAME, "enqueuedAt");
        if (legacyId.isBlank()) {
            throw new IllegalArgumentException("MigrationTask.legacyId must not be blank");
        }
    }
}
