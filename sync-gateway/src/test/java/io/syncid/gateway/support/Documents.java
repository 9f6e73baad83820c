package io.syncid.gateway.support;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.syncid.model.Attachment;
import io.syncid.model.SyncId;
import io.syncid.model.store.ChangePosition;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.DocumentItemCodec;
import io.syncid.model.store.DocumentsTable;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Seeds the {@code Documents} table directly, standing in for the remote-writer until it exists. */
public final class Documents {

    private Documents() {
    }

    public static DocumentItem live(SyncId syncId, String userId, int lane, long offset, String title) {
        Instant now = Instant.now();
        return new DocumentItem(syncId, userId, title, "insurance", Map.of("renewal", "2027-01-31"),
                List.of(new Attachment("policy.pdf", "application/pdf", 10L, "sha256:x", null,
                        userId + "/" + syncId + "/policy.pdf")),
                now, now, 1, "hash", null, null, false, null, null, null, List.of(), "device-1",
                new ChangePosition(lane, offset, 0), now.toEpochMilli());
    }

    public static DocumentItem tombstone(SyncId syncId, String userId, int lane, long offset) {
        Instant now = Instant.now();
        return new DocumentItem(syncId, userId, null, null, null, null, now, now, 2, null, null, null, true, now,
                "device-1", "user", List.of(), "device-1", new ChangePosition(lane, offset, 0), now.toEpochMilli());
    }

    /** The same item as if the writer had given it its position at {@code changedAtMillis}. */
    public static DocumentItem changedAt(DocumentItem d, long changedAtMillis) {
        return new DocumentItem(d.syncId(), d.userId(), d.title(), d.category(), d.fields(), d.attachments(),
                d.createdAt(), d.lastModified(), d.version(), d.contentHash(), d.legacyId(), d.conflictOf(),
                d.deleted(), d.deletedAt(), d.deletedBy(), d.deleteReason(), d.appliedOpIds(), d.lastDeviceId(),
                d.changePos(), changedAtMillis, d.versionDevices());
    }

    /** The same item with other fields. */
    public static DocumentItem withFields(DocumentItem d, Map<String, Object> fields) {
        return new DocumentItem(d.syncId(), d.userId(), d.title(), d.category(), fields, d.attachments(),
                d.createdAt(), d.lastModified(), d.version(), d.contentHash(), d.legacyId(), d.conflictOf(),
                d.deleted(), d.deletedAt(), d.deletedBy(), d.deleteReason(), d.appliedOpIds(), d.lastDeviceId(),
                d.changePos(), d.changedAtMillis(), d.versionDevices());
    }

    public static DocumentItem put(DynamoDbClient dynamo, DocumentItem doc) {
        dynamo.putItem(b -> b.tableName(DocumentsTable.NAME).item(DocumentItemCodec.toItem(doc)));
        return doc;
    }
}
