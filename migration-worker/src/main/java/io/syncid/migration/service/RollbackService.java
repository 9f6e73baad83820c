package io.syncid.migration.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.syncid.migration.ledger.AttachmentCopyEntity;
import io.syncid.migration.ledger.ItemEntity;
import io.syncid.migration.ledger.ItemStatus;
import io.syncid.migration.ledger.Ledger;
import io.syncid.migration.ledger.RunEntity;
import io.syncid.migration.messaging.Publisher;
import io.syncid.model.ChangeEvent;
import io.syncid.model.EventSchema;
import io.syncid.model.OperationType;
import io.syncid.model.SyncId;
import io.syncid.model.store.DocumentItem;
import io.syncid.runtime.aws.AwsConfig;
import io.syncid.runtime.logging.OperationMdc;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * Rolls a run back (SPEC §9): stops it, then publishes a DELETE (reason {@code migration-rollback}) for every document
 * it created that no device has changed since (still the imported version, last written by the migration), removes
 * the copied attachments and releases the syncId (never reused: a later run gives the legacy id a fresh one).
 * Documents a device changed are kept and reported; imported tombstones stay tombstones.
 */
@ApplicationScoped
public class RollbackService {

    public static final String REASON = "migration-rollback";

    private static final Logger LOG = Logger.getLogger(RollbackService.class);

    private final Ledger ledger;
    private final DocumentsStore documents;
    private final Publisher publisher;
    private final S3Client s3;
    private final String bucket;
    private final Clock clock;

    RollbackService(Ledger ledger, DocumentsStore documents, Publisher publisher, S3Client s3, AwsConfig aws,
            Clock clock) {
        this.ledger = ledger;
        this.documents = documents;
        this.publisher = publisher;
        this.s3 = s3;
        this.bucket = aws.s3().bucket();
        this.clock = clock;
    }

    /** What a rollback did. */
    public record RollbackReport(UUID runId, int deleted, int tombstonesKept, List<Kept> kept) {
    }

    /** A document the rollback left in place, and why. */
    public record Kept(String legacyId, String syncId, String reason) {
    }

    public Optional<RollbackReport> rollback(UUID runId) {
        Optional<RunEntity> run = ledger.run(runId);
        if (run.isEmpty()) {
            return Optional.empty();
        }
        if (RunEntity.RUNNING.equals(run.get().status)) {
            ledger.markRunRolledBack(runId);
        }
        Map<String, List<AttachmentCopyEntity>> copies = new HashMap<>();
        ledger.copies(runId).forEach(c -> copies.computeIfAbsent(c.legacyId, k -> new ArrayList<>()).add(c));
        int deleted = 0;
        int tombstones = 0;
        List<Kept> kept = new ArrayList<>();
        for (ItemEntity item : ledger.items(runId)) {
            if (item.status == ItemStatus.IMPORTING || item.status == ItemStatus.ASSIGNED) {
                kept.add(new Kept(item.legacyId, item.syncId, "import still in flight (" + item.status + ")"));
                continue;
            }
            if (item.status != ItemStatus.MIGRATED) {
                continue;
            }
            String why = "rolled back with run " + runId;
            if (item.legacyDeleted) {
                ledger.release(item.legacyId, why + " (its tombstone stays)");
                ledger.markRolledBack(runId, item.legacyId, "tombstone kept");
                tombstones++;
                continue;
            }
            SyncId syncId = SyncId.parse(item.syncId);
            Optional<DocumentItem> doc = documents.get(syncId);
            String changed = changedBy(item, doc);
            if (changed != null) {
                kept.add(new Kept(item.legacyId, item.syncId, changed));
                continue;
            }
            UUID opId = OpIds.rollbackOp(runId, item.legacyId);
            try (OperationMdc mdc = OperationMdc.of(syncId, opId, item.userId, MigrationProcessor.DEVICE_ID)) {
                Instant now = clock.instant();
                publisher.publishChange(new ChangeEvent(EventSchema.CURRENT_VERSION, opId, syncId,
                        OperationType.DELETE, doc.get().version(), now, null, REASON, item.userId,
                        MigrationProcessor.DEVICE_ID, now));
                for (AttachmentCopyEntity copy : copies.getOrDefault(item.legacyId, List.of())) {
                    if (copy.targetKey != null) {
                        s3.deleteObject(b -> b.bucket(bucket).key(copy.targetKey));
                    }
                }
                ledger.release(item.legacyId, why);
                ledger.markRolledBack(runId, item.legacyId, REASON);
                deleted++;
            }
        }
        LOG.infof("migration run %s rolled back: %d deleted, %d tombstones kept, %d documents kept", runId, deleted,
                tombstones, kept.size());
        return Optional.of(new RollbackReport(runId, deleted, tombstones, kept));
    }

    /** Why the document must be kept (a device changed or deleted it since the import), or null to delete it. */
    private static String changedBy(ItemEntity item, Optional<DocumentItem> doc) {
        if (doc.isEmpty()) {
            return "document not found";
        }
        DocumentItem d = doc.get();
        if (d.deleted()) {
            return "deleted since the import by " + d.deletedBy();
        }
        if (item.importedVersion == null || d.version() != item.importedVersion
                || !MigrationProcessor.DEVICE_ID.equals(d.lastDeviceId())) {
            return "changed since the import: version " + d.version() + " (imported " + item.importedVersion
                    + ") by " + d.lastDeviceId();
        }
        return null;
    }
}
