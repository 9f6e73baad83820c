package io.syncid.gateway.rest.dto;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.syncid.model.store.DocumentItem;

/** A document as devices see it; a tombstone has {@code deleted=true} and no content. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentView(String syncId, long version, String title, String category, Map<String, Object> fields,
        List<AttachmentView> attachments, Instant createdAt, Instant lastModified, String contentHash, String legacyId,
        String conflictOf, boolean deleted, Instant deletedAt, String deletedBy, String deleteReason) {

    public static DocumentView of(DocumentItem doc) {
        String conflictOf = doc.conflictOf() == null ? null : doc.conflictOf().toString();
        if (doc.deleted()) {
            return new DocumentView(doc.syncId().toString(), doc.version(), null, null, null, null, doc.createdAt(),
                    doc.lastModified(), null, doc.legacyId(), conflictOf, true, doc.deletedAt(), doc.deletedBy(),
                    doc.deleteReason());
        }
        return new DocumentView(doc.syncId().toString(), doc.version(), doc.title(), doc.category(), doc.fields(),
                doc.attachments().stream().map(AttachmentView::of).toList(), doc.createdAt(), doc.lastModified(),
                doc.contentHash(), doc.legacyId(), conflictOf, false, null, null, null);
    }
}
