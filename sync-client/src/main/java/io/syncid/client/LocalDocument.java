package io.syncid.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.syncid.model.Attachment;
import io.syncid.model.DocumentContent;
import io.syncid.model.SyncId;

/**
 * A document in the device's database: its local integer id (what device code of the old scheme keyed by), its syncId
 * (the identity everywhere), its content, and {@code version}, the server version that content is based on (0 until
 * the device has seen one). {@code contentHash} is SPEC §3's hash of the local content, computed on the device, so it
 * equals the server's once both hold the same content.
 */
public record LocalDocument(
        long localId,
        SyncId syncId,
        String userId,
        String title,
        String category,
        Map<String, Object> fields,
        List<Attachment> attachments,
        Instant createdAt,
        Instant lastModified,
        long version,
        String contentHash,
        SyncId conflictOf,
        String legacyId) {

    /** The content as a device sends it. */
    public DocumentContent content() {
        return new DocumentContent(title, category, fields, attachments);
    }
}
