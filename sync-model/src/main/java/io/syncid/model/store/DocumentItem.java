package io.syncid.model.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.syncid.model.Attachment;
import io.syncid.model.SyncId;

/**
 * One item of the {@code Documents} table as Java: what the remote-writer and migration-worker write and the gateway
 * reads. A tombstone has {@code deleted = true} and no content (title, category, fields, attachments are null/empty).
 * {@link DocumentItemCodec} maps it to and from DynamoDB attributes. {@code versionDevices} says which device wrote
 * which recent version, as runs ({@link VersionDevices}: SPEC §7, a device's own edits never conflict).
 */
public record DocumentItem(
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
        String legacyId,
        SyncId conflictOf,
        boolean deleted,
        Instant deletedAt,
        String deletedBy,
        String deleteReason,
        List<String> appliedOpIds,
        String lastDeviceId,
        ChangePosition changePos,
        long changedAtMillis,
        Map<Long, String> versionDevices) {

    /** How many runs of versions by one device {@link #versionDevices()} keeps (older versions are unknown). */
    public static final int MAX_VERSION_DEVICES = 32;

    public DocumentItem {
        Objects.requireNonNull(syncId, "DocumentItem.syncId is required");
        Objects.requireNonNull(userId, "DocumentItem.userId is required");
        Objects.requireNonNull(changePos, "DocumentItem.changePos is required");
        fields = fields == null ? Map.of() : fields;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        appliedOpIds = appliedOpIds == null ? List.of() : List.copyOf(appliedOpIds);
        versionDevices = versionDevices == null ? Map.of() : Map.copyOf(versionDevices);
    }

    /** An item without a per-version device history (tests, tombstones written before it existed). */
    public DocumentItem(SyncId syncId, String userId, String title, String category, Map<String, Object> fields,
            List<Attachment> attachments, Instant createdAt, Instant lastModified, long version, String contentHash,
            String legacyId, SyncId conflictOf, boolean deleted, Instant deletedAt, String deletedBy,
            String deleteReason, List<String> appliedOpIds, String lastDeviceId, ChangePosition changePos,
            long changedAtMillis) {
        this(syncId, userId, title, category, fields, attachments, createdAt, lastModified, version, contentHash,
                legacyId, conflictOf, deleted, deletedAt, deletedBy, deleteReason, appliedOpIds, lastDeviceId,
                changePos,
                changedAtMillis, null);
    }

    /** Whether {@code userId} owns this document; anyone else must not learn it exists. */
    public boolean isOwnedBy(String caller) {
        return userId.equals(caller);
    }
}
