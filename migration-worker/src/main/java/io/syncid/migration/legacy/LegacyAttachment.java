package io.syncid.migration.legacy;

import java.time.Instant;

/** One row of {@code LegacyFileAttachment}: a file of a legacy document and where its bytes are in the legacy layout. */
public record LegacyAttachment(String id, String documentId, String fileName, String label, Long fileSize, String s3Key,
        Instant createdAt) {
}
