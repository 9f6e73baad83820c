package io.syncid.migration.service;

import java.util.List;
import java.util.UUID;

/**
 * The validation of a run (SPEC §9): every legacy document of the run mapped and equal in {@code Documents} (title,
 * category, fields, timestamps, contentHash, attachment metadata, legacyId), every copied attachment present with the
 * same bytes, no syncId twice, tombstones for deleted items. {@code clean} is true when nothing is missing or
 * different; failed items (with their reasons), documents changed on a device since the import and legacy objects
 * that were already missing are reported but do not make a run unclean.
 */
public record ValidationReport(
        UUID runId,
        int documents,
        int mapped,
        int checked,
        List<Problem> pending,
        List<Problem> failed,
        List<Problem> missingDocuments,
        List<Difference> fieldDifferences,
        List<Problem> missingAttachments,
        List<Problem> reportedMissingObjects,
        List<Problem> duplicateSyncIds,
        List<Problem> missingTombstones,
        List<Problem> changedOnDevice,
        boolean clean) {

    /** Something about one legacy document. */
    public record Problem(String legacyId, String syncId, String detail) {
    }

    /** A field whose value in {@code Documents} is not the legacy one. */
    public record Difference(String legacyId, String syncId, String field, String expected, String actual) {
    }
}
