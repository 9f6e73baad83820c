package io.syncid.model;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One consolidated operation on {@code sync.operations} (SPEC §5, §6), produced by queue-consolidator: the final state
 * of a run of one device's operations on one syncId, with the baseVersion of the first and every source opId, so every
 * device gets the outcome of every operation it sent. {@code tombstonedOpIds} are CREATE/UPDATE opIds that followed a
 * DELETE and are reported as REJECTED TOMBSTONED; never null. {@code occurredAt} is that of the last source operation.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsolidatedOperation(
        int schemaVersion,
        SyncId syncId,
        String userId,
        String deviceId,
        OperationType type,
        DocumentContent document,
        long baseVersion,
        Instant occurredAt,
        String reason,
        List<UUID> sourceOpIds,
        List<UUID> tombstonedOpIds,
        Instant firstReceivedAt) {

    private static final String NAME = "ConsolidatedOperation";

    public ConsolidatedOperation {
        EventSchema.require(NAME, schemaVersion);
        Required.field(syncId, NAME, "syncId");
        Required.field(userId, NAME, "userId");
        Required.field(deviceId, NAME, "deviceId");
        Required.field(type, NAME, "type");
        Required.field(occurredAt, NAME, "occurredAt");
        Required.notNegative(baseVersion, NAME, "baseVersion");
        sourceOpIds = Required.nonEmptyList(sourceOpIds, NAME, "sourceOpIds");
        tombstonedOpIds = Required.optionalList(tombstonedOpIds, NAME, "tombstonedOpIds");
        if (type.carriesDocument()) {
            Required.field(document, NAME, "document");
        } else if (document != null) {
            // A DELETE removes the content (SPEC §3); a document here would be state nobody applies.
            throw new IllegalArgumentException("ConsolidatedOperation.document must be absent on " + type);
        }
        if (!tombstonedOpIds.isEmpty() && type != OperationType.DELETE) {
            // Only a DELETE swallows later edits (SPEC §6 last row); anywhere else they would be lost.
            throw new IllegalArgumentException("ConsolidatedOperation.tombstonedOpIds must be empty on " + type);
        }
    }
}
