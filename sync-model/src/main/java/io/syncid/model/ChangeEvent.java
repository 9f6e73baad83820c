package io.syncid.model;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One accepted device operation on {@code sync.changes} (SPEC §5), produced by sync-gateway. {@code userId} comes from
 * the device's token, never from its request body; {@code document} is present on CREATE and UPDATE, absent on DELETE,
 * and on IMPORT (the migration-worker's, SPEC §9) present unless the legacy item was deleted. {@code legacy} is present
 * exactly on IMPORT.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeEvent(
        int schemaVersion,
        UUID opId,
        SyncId syncId,
        OperationType type,
        long baseVersion,
        Instant occurredAt,
        DocumentContent document,
        String reason,
        String userId,
        String deviceId,
        Instant receivedAt,
        LegacyOrigin legacy) {

    private static final String NAME = "ChangeEvent";

    public ChangeEvent {
        EventSchema.require(NAME, schemaVersion);
        Required.field(opId, NAME, "opId");
        Required.field(syncId, NAME, "syncId");
        Required.field(type, NAME, "type");
        Required.field(occurredAt, NAME, "occurredAt");
        Required.field(userId, NAME, "userId");
        Required.field(deviceId, NAME, "deviceId");
        Required.field(receivedAt, NAME, "receivedAt");
        if (type.requiresDocument()) {
            Required.field(document, NAME, "document");
        } else if (!type.carriesDocument() && document != null) {
            throw new IllegalArgumentException("ChangeEvent.document must be absent on " + type);
        }
        if ((type == OperationType.IMPORT) != (legacy != null)) {
            throw new IllegalArgumentException("ChangeEvent.legacy is required on IMPORT and only there");
        }
        Required.notNegative(baseVersion, NAME, "baseVersion");
    }

    /** A device operation (anything but IMPORT), which has no legacy origin. */
    public ChangeEvent(int schemaVersion, UUID opId, SyncId syncId, OperationType type, long baseVersion,
            Instant occurredAt, DocumentContent document, String reason, String userId, String deviceId,
            Instant receivedAt) {
        this(schemaVersion, opId, syncId, type, baseVersion, occurredAt, document, reason, userId, deviceId,
                receivedAt, null);
    }

    /** When the operation counts for conflicts (SPEC §7): a device whose clock runs ahead cannot win them all. */
    public Instant effectiveTime() {
        return occurredAt.isBefore(receivedAt) ? occurredAt : receivedAt;
    }
}
