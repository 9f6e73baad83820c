package io.syncid.model;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The outcome of one consolidated operation on {@code sync.results} (SPEC §5, §7), produced by remote-writer after it
 * recorded the outcome of every source opId. {@code attachmentMismatches} lists the declared attachments whose object
 * already in S3 has another size or SHA-256 (empty when every object matches or is not uploaded yet); a result without
 * the field, from a writer before it, reads as empty.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WriteResult(
        int schemaVersion,
        UUID resultId,
        SyncId syncId,
        String userId,
        String deviceId,
        Outcome outcome,
        ErrorCode errorCode,
        long version,
        List<UUID> sourceOpIds,
        List<UUID> tombstonedOpIds,
        SyncId conflictCopySyncId,
        Instant deletedAt,
        String deletedBy,
        String reason,
        Instant recordedAt,
        List<AttachmentMismatch> attachmentMismatches) {

    private static final String NAME = "WriteResult";

    public WriteResult {
        EventSchema.require(NAME, schemaVersion);
        Required.field(resultId, NAME, "resultId");
        Required.field(syncId, NAME, "syncId");
        Required.field(userId, NAME, "userId");
        Required.field(outcome, NAME, "outcome");
        Required.field(recordedAt, NAME, "recordedAt");
        Required.notNegative(version, NAME, "version");
        if (outcome == Outcome.PENDING) {
            // PENDING is what the API answers when nothing was recorded; a result is a record.
            throw new IllegalArgumentException("WriteResult.outcome is never PENDING");
        }
        if ((outcome == Outcome.REJECTED) != (errorCode != null)) {
            throw new IllegalArgumentException("WriteResult.errorCode is required on REJECTED and only there");
        }
        if ((outcome == Outcome.CONFLICT_RESOLVED) != (conflictCopySyncId != null)) {
            throw new IllegalArgumentException(
                    "WriteResult.conflictCopySyncId is required on CONFLICT_RESOLVED and only there");
        }
        sourceOpIds = Required.nonEmptyList(sourceOpIds, NAME, "sourceOpIds");
        tombstonedOpIds = Required.optionalList(tombstonedOpIds, NAME, "tombstonedOpIds");
        attachmentMismatches = Required.optionalList(attachmentMismatches, NAME, "attachmentMismatches");
    }

    /** A result without attachment mismatches (the form of every outcome that stored no attachment). */
    public WriteResult(int schemaVersion, UUID resultId, SyncId syncId, String userId, String deviceId,
            Outcome outcome, ErrorCode errorCode, long version, List<UUID> sourceOpIds, List<UUID> tombstonedOpIds,
            SyncId conflictCopySyncId, Instant deletedAt, String deletedBy, String reason, Instant recordedAt) {
        this(schemaVersion, resultId, syncId, userId, deviceId, outcome, errorCode, version, sourceOpIds,
                tombstonedOpIds, conflictCopySyncId, deletedAt, deletedBy, reason, recordedAt, null);
    }
}
