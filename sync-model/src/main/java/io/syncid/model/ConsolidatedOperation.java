package io.syncid.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One consolidated operation on {@code sync.operations} (SPEC §5, §6), produced by queue-consolidator: the final state
 * of a run of one device's operations on one syncId, with the baseVersion of the first and every source opId, so every
 * device gets the outcome of every operation it sent. {@code tombstonedOpIds} are CREATE/UPDATE opIds that followed a
 * DELETE and are reported as REJECTED TOMBSTONED; never null. {@code occurredAt} and {@code receivedAt} are those of
 * the last source operation (its effective time decides conflicts), {@code firstReceivedAt} that of the first (the
 * apply latency is measured from it). {@code legacy} is present exactly on IMPORT.
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
        Instant firstReceivedAt,
        Instant receivedAt,
        LegacyOrigin legacy) {

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
        if (receivedAt == null) {
            // Older records had only firstReceivedAt; the last source was received no earlier.
            receivedAt = firstReceivedAt;
        }
        if (type.requiresDocument()) {
            Required.field(document, NAME, "document");
        } else if (!type.carriesDocument() && document != null) {
            // A DELETE removes the content (SPEC §3); a document here would be state nobody applies.
            throw new IllegalArgumentException("ConsolidatedOperation.document must be absent on " + type);
        }
        if (!tombstonedOpIds.isEmpty() && type != OperationType.DELETE) {
            // Only a DELETE swallows later edits (SPEC §6 last row); anywhere else they would be lost.
            throw new IllegalArgumentException("ConsolidatedOperation.tombstonedOpIds must be empty on " + type);
        }
        if ((type == OperationType.IMPORT) != (legacy != null)) {
            throw new IllegalArgumentException("ConsolidatedOperation.legacy is required on IMPORT and only there");
        }
    }

    /**
     * The id of this operation ({@code ce_id} on {@code sync.operations}): a name-based UUID (version 5 layout, SHA-1)
     * of its source and tombstoned opIds in order, so the same fold delivered again carries the same id.
     */
    @JsonIgnore
    public UUID operationId() {
        StringBuilder name = new StringBuilder("syncid-operation");
        sourceOpIds.forEach(id -> name.append(':').append(id));
        name.append('|');
        tombstonedOpIds.forEach(id -> name.append(':').append(id));
        return nameBasedUuid(name.toString());
    }

    /** Effective time for conflicts (SPEC §7): min(occurredAt, receivedAt) of the last source operation. */
    @JsonIgnore
    public Instant effectiveTime() {
        return receivedAt != null && receivedAt.isBefore(occurredAt) ? receivedAt : occurredAt;
    }

    /** Every opId this operation answers for: the sources, then the tombstoned ones. */
    @JsonIgnore
    public List<UUID> allOpIds() {
        if (tombstonedOpIds.isEmpty()) {
            return sourceOpIds;
        }
        return java.util.stream.Stream.concat(sourceOpIds.stream(), tombstonedOpIds.stream()).toList();
    }

    static UUID nameBasedUuid(String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-1").digest(name.getBytes(StandardCharsets.UTF_8));
            hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
            hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
            long msb = 0;
            long lsb = 0;
            for (int i = 0; i < 8; i++) {
                msb = (msb << 8) | (hash[i] & 0xff);
                lsb = (lsb << 8) | (hash[8 + i] & 0xff);
            }
            return new UUID(msb, lsb);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }
}
