package io.syncid.gateway.service;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.syncid.gateway.repository.DocumentRepository;
import io.syncid.model.ErrorCode;
import io.syncid.model.InvalidSyncIdException;
import io.syncid.model.SyncId;
import io.syncid.model.store.DocumentItem;

/**
 * Looks up one of the caller's documents: unknown and another user's are the same NOT_FOUND, so nothing leaks; a
 * deleted one is TOMBSTONED with its tombstone.
 */
@ApplicationScoped
public class DocumentAccess {

    private final DocumentRepository documents;

    DocumentAccess(DocumentRepository documents) {
        this.documents = documents;
    }

    /** Parses a syncId from a path, refused as INVALID_SYNC_ID when it is not one. */
    public static SyncId syncId(String raw) {
        try {
            return SyncId.parse(raw);
        } catch (InvalidSyncIdException e) {
            throw new Refusal(ErrorCode.INVALID_SYNC_ID, e.getMessage());
        }
    }

    /** The caller's live or deleted document, or NOT_FOUND. */
    public DocumentItem owned(String userId, SyncId syncId) {
        return documents.find(syncId)
                .filter(doc -> doc.isOwnedBy(userId))
                .orElseThrow(() -> notFound(syncId));
    }

    /** The caller's live document: NOT_FOUND when unknown or another user's, TOMBSTONED when deleted. */
    public DocumentItem live(String userId, SyncId syncId) {
        DocumentItem doc = owned(userId, syncId);
        if (doc.deleted()) {
            throw tombstoned(doc);
        }
        return doc;
    }

    static Refusal notFound(SyncId syncId) {
        return new Refusal(ErrorCode.NOT_FOUND, "no document " + syncId);
    }

    static Refusal tombstoned(DocumentItem doc) {
        Map<String, Object> tombstone = new LinkedHashMap<>();
        tombstone.put("syncId", doc.syncId().toString());
        tombstone.put("version", doc.version());
        if (doc.deletedAt() != null) {
            tombstone.put("deletedAt", doc.deletedAt().toString());
        }
        if (doc.deletedBy() != null) {
            tombstone.put("deletedBy", doc.deletedBy());
        }
        if (doc.deleteReason() != null) {
            tombstone.put("reason", doc.deleteReason());
        }
        return new Refusal(ErrorCode.TOMBSTONED, "document " + doc.syncId() + " was deleted",
                Map.of("tombstone", tombstone));
    }
}
