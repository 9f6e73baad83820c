package io.syncid.model;

import java.time.Instant;
import java.util.UUID;

/**
 * One legacy document to migrate, on {@code sync.migration.tasks} keyed by legacyId (SPEC §9), as part of the run
 * {@code runId}; a dry-run task checks and reports but writes nothing. {@code legacy}, when present, is the document as
 * the run's scan read it (the worker then does not read it again); absent, the worker reads it (a retry, which must
 * see the legacy item as it is now).
 */
public record MigrationTask(int schemaVersion, UUID runId, String legacyId, boolean dryRun, Instant enqueuedAt,
        LegacySnapshot legacy) {

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
