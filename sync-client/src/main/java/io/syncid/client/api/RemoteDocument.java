package io.syncid.client.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.syncid.model.Attachment;
import io.syncid.model.DocumentContent;

/** A document as the gateway shows it (pull page, single read); a tombstone has {@code deleted} and no content. */
public record RemoteDocument(
        String syncId,
        long version,
        String title,
        String category,
        Map<String, Object> fields,
        List<Attachment> attachments,
        Instant createdAt,
        Instant lastModified,
        String contentHash,
        String legacyId,
        String conflictOf,
        boolean deleted,
        Instant deletedAt,
        String deletedBy,
        String deleteReason) {

    /** The content of a live document. */
    public DocumentContent content() {
        if (deleted) {
            throw new IllegalStateException("a tombstone has no content");
        }
        return new DocumentContent(title, category, fields, attachments);
    }
}
