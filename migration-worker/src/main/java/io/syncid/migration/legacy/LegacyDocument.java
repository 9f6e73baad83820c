package io.syncid.migration.legacy;

import java.time.Instant;
import java.util.List;

/**
 * One legacy document as read from {@code LegacyDocument} with its attachments, after the checks of
 * {@link LegacyItems}: owner present, timestamps and version readable. {@code syncId} is the raw legacy value (may be
 * absent, upper case, invalid or shared with another item).
 */
public record LegacyDocument(
        String id,
        String owner,
        String title,
        String category,
        String renewalDate,
        String notes,
        Instant createdAt,
        Instant lastModified,
        long version,
        boolean deleted,
        String syncId,
        List<LegacyAttachment> attachments) {

    public LegacyDocument {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** The same document with its attachments. */
    public LegacyDocument withAttachments(List<LegacyAttachment> list) {
        return new LegacyDocument(id, owner, title, category, renewalDate, notes, createdAt, lastModified, version,
                deleted, syncId, list);
    }
}
