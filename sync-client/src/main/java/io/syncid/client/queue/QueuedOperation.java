package io.syncid.client.queue;

import java.time.Instant;
import java.util.Objects;

import io.syncid.model.DocumentContent;
import io.syncid.model.OperationType;
import io.syncid.model.SyncId;

/**
 * One entry of the device's offline queue ({@code sync_queue}): an operation as it will be pushed, with its place in
 * the queue ({@code seq}) and its state. {@code document} is present exactly on CREATE and UPDATE.
 */
public record QueuedOperation(
        long seq,
        String opId,
        SyncId syncId,
        OperationType type,
        long baseVersion,
        Instant occurredAt,
        DocumentContent document,
        String reason,
        QueueState state) {

    public QueuedOperation {
        Objects.requireNonNull(opId, "opId");
        Objects.requireNonNull(syncId, "syncId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(state, "state");
        if (!type.isDeviceType()) {
            throw new IllegalArgumentException("a device never queues " + type);
        }
        if (type.requiresDocument() != (document != null)) {
            throw new IllegalArgumentException("document is required on CREATE and UPDATE and absent on DELETE");
        }
        if (baseVersion < 0) {
            throw new IllegalArgumentException("baseVersion must not be negative");
        }
    }

    /** The same entry in {@code next} state. */
    public QueuedOperation in(QueueState next) {
        return new QueuedOperation(seq, opId, syncId, type, baseVersion, occurredAt, document, reason, next);
    }
}
