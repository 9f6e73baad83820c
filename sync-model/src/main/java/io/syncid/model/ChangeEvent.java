package io.syncid.model;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One accepted device operation on {@code sync.changes} (SPEC §5), produced by sync-gateway. {@code userId} comes from
 * the device's token, never from its request body; {@code document} is present exactly on CREATE and UPDATE.
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
        Instant receivedAt) {

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
        if (type.carriesDocument()) {
            Required.field(document, NAME, "document");
        } else if (document != null) {
            throw new IllegalArgumentException("ChangeEvent.document must be absent on " + type);
        }
        Required.notNegative(baseVersion, NAME, "baseVersion");
    }
}
