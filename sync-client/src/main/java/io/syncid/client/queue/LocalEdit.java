package io.syncid.client.queue;

import java.time.Instant;
import java.util.Objects;

import io.syncid.model.DocumentContent;
import io.syncid.model.OperationType;
import io.syncid.model.SyncId;

/** A change the user made on this device, before it becomes (or folds into) a queue entry. */
public record LocalEdit(SyncId syncId, OperationType type, DocumentContent document, Instant at, String reason) {

    public LocalEdit {
        Objects.requireNonNull(syncId, "syncId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        if (type.requiresDocument() != (document != null)) {
            throw new IllegalArgumentException("document is required on CREATE and UPDATE and absent on DELETE");
        }
    }
}
