package io.syncid.migration.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a run would do, computed without writing anything (no ledger row, no object, no record): the syncId decision
 * of each legacy document by kind, the malformed items with their reasons, the missing legacy objects and the
 * duplicates.
 */
public record DryRunReport(
        UUID runId,
        Instant startedAt,
        int total,
        int keepLegacySyncId,
        int generateSyncId,
        int alreadyMigrated,
        int deleted,
        Map<String, String> malformed,
        Map<String, String> generatedReasons,
        Map<String, List<String>> missingObjects,
        Map<String, List<String>> sharedSyncIds,
        Map<String, List<String>> contentDuplicates) {

    /** As a run status: everything finished at once, the malformed counted as would-fail. */
    public RunStatus status() {
        return new RunStatus(runId, true, "COMPLETED", total, total - malformed.size() - alreadyMigrated,
                malformed.size(), alreadyMigrated, 0, 0,
                total == alreadyMigrated ? 0 : (double) malformed.size() / (total - alreadyMigrated), 0, 0L,
                startedAt);
    }
}
