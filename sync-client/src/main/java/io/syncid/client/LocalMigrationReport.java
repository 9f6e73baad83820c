package io.syncid.client;

import java.util.List;

/**
 * What {@link SyncClient#migrateLocal} did with the rows of a legacy local database: adopted the syncId of the cloud's
 * migrated document by legacy id or by content match, created new documents (queued CREATEs) for rows never synced,
 * skipped rows deleted in the old app and rows migrated by an earlier run; attachment files that could not be carried
 * over, and rows that could not be migrated at all (left for a later run), each with its reason.
 */
public record LocalMigrationReport(int adoptedByLegacyId, int adoptedByMatch, int createdNew, int skippedDeleted,
        int alreadyMigrated, List<String> missingFiles, List<String> failures) {

    public LocalMigrationReport {
        missingFiles = List.copyOf(missingFiles);
        failures = List.copyOf(failures);
    }

    /** Rows migrated by this run. */
    public int migrated() {
        return adoptedByLegacyId + adoptedByMatch + createdNew + skippedDeleted;
    }
}
