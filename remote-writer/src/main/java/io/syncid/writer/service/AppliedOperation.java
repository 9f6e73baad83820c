package io.syncid.writer.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.syncid.model.AttachmentMismatch;
import io.syncid.model.ConsolidatedOperation;
import io.syncid.model.ErrorCode;
import io.syncid.model.EventSchema;
import io.syncid.model.OperationType;
import io.syncid.model.Outcome;
import io.syncid.model.WriteResult;
import io.syncid.model.store.OperationOutcome;

/**
 * One operation whose Documents writes are done: what is left is to record its outcomes and publish its result.
 * {@code recordOutcomes} is false for a true duplicate (its outcomes are recorded already) and for IMPORT (SPEC §7:
 * its outcome goes to {@code sync.results} only). {@code attachmentMismatches} go to the result only (see
 * {@link AttachmentChecks}).
 */
public record AppliedOperation(ConsolidatedOperation operation, WriteOutcome outcome, boolean recordOutcomes,
        Instant recordedAt, List<AttachmentMismatch> attachmentMismatches) {

    private static final String RESULT_NAMESPACE = "syncid-result:";

    public AppliedOperation {
        attachmentMismatches = attachmentMismatches == null ? List.of() : List.copyOf(attachmentMismatches);
    }

    /** The same operation with the attachment mismatches its check found. */
    public AppliedOperation withAttachmentMismatches(List<AttachmentMismatch> mismatches) {
        return mismatches.isEmpty() && attachmentMismatches.isEmpty()
                ? this
                : new AppliedOperation(operation, outcome, recordOutcomes, recordedAt, mismatches);
    }

    /**
     * Whether this operation stored attachment declarations whose objects are to be checked: its content was applied
     * or kept by a conflict (on the original or the copy) and declares at least one attachment.
     */
    public boolean storedAttachments() {
        return operation.document() != null && !operation.document().attachments().isEmpty()
                && (outcome.outcome() == Outcome.APPLIED || outcome.outcome() == Outcome.CONFLICT_RESOLVED);
    }

    /** The outcome items of every source and tombstoned opId, expiring {@code expiresAt}. */
    public List<OperationOutcome> outcomes(Instant expiresAt) {
        if (!recordOutcomes || operation.type() == OperationType.IMPORT) {
            return List.of();
        }
        List<OperationOutcome> items = new ArrayList<>(operation.allOpIds().size());
        for (UUID opId : operation.sourceOpIds()) {
            items.add(new OperationOutcome(opId, operation.userId(), operation.syncId(), outcome.outcome(),
                    outcome.errorCode(), outcome.version(), outcome.conflictCopy(), recordedAt,
                    expiresAt.getEpochSecond()));
        }
        for (UUID opId : operation.tombstonedOpIds()) {
            items.add(new OperationOutcome(opId, operation.userId(), operation.syncId(), Outcome.REJECTED,
                    ErrorCode.TOMBSTONED, outcome.version(), null, recordedAt, expiresAt.getEpochSecond()));
        }
        return items;
    }

    /** The result on {@code sync.results}; its id is derived from the operation's, so a re-publish repeats it. */
    public WriteResult result() {
        return new WriteResult(EventSchema.CURRENT_VERSION, resultId(operation), operation.syncId(),
                operation.userId(), operation.deviceId(), outcome.outcome(), outcome.errorCode(), outcome.version(),
                operation.sourceOpIds(), operation.tombstonedOpIds(), outcome.conflictCopy(), outcome.deletedAt(),
                outcome.deletedBy(), operation.reason(), recordedAt, attachmentMismatches);
    }

    /** A name-based UUID (version 3) of the operation id: the same operation always has the same result id. */
    public static UUID resultId(ConsolidatedOperation operation) {
        return UUID.nameUUIDFromBytes((RESULT_NAMESPACE + operation.operationId())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
