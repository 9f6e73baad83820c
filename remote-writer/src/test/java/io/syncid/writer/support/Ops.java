package io.syncid.writer.support;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.syncid.model.Attachment;
import io.syncid.model.ConsolidatedOperation;
import io.syncid.model.DocumentContent;
import io.syncid.model.EventSchema;
import io.syncid.model.LegacyOrigin;
import io.syncid.model.OperationType;
import io.syncid.model.SyncId;

/** Consolidated operations as the queue-consolidator would produce them. */
public final class Ops {

    public static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private Ops() {
    }

    public static DocumentContent content(String title) {
        return new DocumentContent(title, "insurance", Map.of("notes", title), null);
    }

    public static ConsolidatedOperation create(SyncId id, String user, String device, String title) {
        return op(id, user, device, OperationType.CREATE, 0, T0, content(title), List.of());
    }

    /** A document with the given attachments (declared as a device would: no s3Key). */
    public static DocumentContent content(String title, List<Attachment> attachments) {
        return new DocumentContent(title, "insurance", Map.of("notes", title), attachments);
    }

    public static ConsolidatedOperation create(SyncId id, String user, String device, DocumentContent content) {
        return op(id, user, device, OperationType.CREATE, 0, T0, content, List.of());
    }

    public static ConsolidatedOperation update(SyncId id, String user, String device, long base, Instant at,
            String title) {
        return op(id, user, device, OperationType.UPDATE, base, at, content(title), List.of());
    }

    public static ConsolidatedOperation delete(SyncId id, String user, String device, long base,
            List<UUID> tombstoned) {
        return op(id, user, device, OperationType.DELETE, base, T0.plusSeconds(5), null, tombstoned);
    }

    public static ConsolidatedOperation importOf(SyncId id, String user, String title, long legacyVersion) {
        return new ConsolidatedOperation(EventSchema.CURRENT_VERSION, id, user, "migration-worker",
                OperationType.IMPORT, title == null ? null : content(title), 0, T0, null,
                List.of(UUID.randomUUID()), List.of(), T0, T0,
                new LegacyOrigin("legacy-" + id, T0.minusSeconds(86_400), legacyVersion));
    }

    public static ConsolidatedOperation op(SyncId id, String user, String device, OperationType type, long base,
            Instant at, DocumentContent content, List<UUID> tombstoned) {
        return new ConsolidatedOperation(EventSchema.CURRENT_VERSION, id, user, device, type, content, base, at,
                null, List.of(UUID.randomUUID()), tombstoned, at, at, null);
    }
}
