package io.syncid.writer.service;

import java.util.Map;
import java.util.UUID;

import io.syncid.model.SyncId;
import io.syncid.model.store.DocumentItem;

/**
 * A {@code Documents} item as the writer reads it: the shared {@link DocumentItem} plus the writer's own bookkeeping:
 * the bounded history of applied opIds with their outcomes ({@code applied}, {@code historyComplete} false once it was
 * trimmed or when the item was written without it) and the conflict-copy mark of an unfinished conflict.
 */
public record StoredDocument(DocumentItem item, Map<UUID, AppliedOutcome> applied, boolean historyComplete,
        SyncId pendingCopyId, UUID pendingCopyOp) {

    /** How many applied opIds an item keeps; older ones are found in {@code OperationOutcomes}. */
    public static final int MAX_APPLIED = 64;

    public StoredDocument {
        applied = applied == null ? Map.of() : Map.copyOf(applied);
    }

    /** A freshly written item: complete history, no mark. */
    public static StoredDocument of(DocumentItem item, Map<UUID, AppliedOutcome> applied) {
        return new StoredDocument(item, applied, applied.size() < MAX_APPLIED, null, null);
    }
}
