package io.syncid.migration.service;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The deterministic opIds of the migration's operations (SPEC §9): name-based UUIDs of run, legacy id and attempt,
 * so a task processed again (a crash, a second worker) publishes a duplicate the writer recognizes, and an operator's
 * retry (next attempt) is a new operation.
 */
public final class OpIds {

    private OpIds() {
    }

    /** The IMPORT of {@code legacyId} in {@code runId}; attempt 0 is the first, derived from run and legacy id alone. */
    public static UUID importOp(UUID runId, String legacyId, int attempt) {
        String name = runId + ":" + legacyId + (attempt == 0 ? "" : ":" + attempt);
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /** The rollback DELETE of {@code legacyId} imported by {@code runId}. */
    public static UUID rollbackOp(UUID runId, String legacyId) {
        return UUID.nameUUIDFromBytes(("rollback:" + runId + ":" + legacyId).getBytes(StandardCharsets.UTF_8));
    }
}
