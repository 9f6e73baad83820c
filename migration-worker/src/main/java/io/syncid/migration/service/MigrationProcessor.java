package io.syncid.migration.service;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.syncid.migration.ledger.Assignment;
import io.syncid.migration.ledger.ItemEntity;
import io.syncid.migration.ledger.ItemStatus;
import io.syncid.migration.ledger.Ledger;
import io.syncid.migration.ledger.RunEntity;
import io.syncid.migration.legacy.LegacyDocument;
import io.syncid.migration.legacy.LegacyItems;
import io.syncid.migration.legacy.LegacySchema;
import io.syncid.migration.legacy.LegacyStore;
import io.syncid.migration.legacy.MalformedLegacyItemException;
import io.syncid.migration.messaging.Publisher;
import io.syncid.model.ChangeEvent;
import io.syncid.model.DocumentContent;
import io.syncid.model.EventSchema;
import io.syncid.model.LegacyOrigin;
import io.syncid.model.MigrationTask;
import io.syncid.model.OperationType;
import io.syncid.model.SyncId;
import io.syncid.model.store.DocumentItem;
import io.syncid.runtime.logging.OperationMdc;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The work of one {@link MigrationTask} (SPEC §9), idempotent so a crash anywhere, a second worker or a redelivery
 * only repeats steps that change nothing: ledger first (syncId assignment and item), then the attachment copy, then
 * the IMPORT on {@code sync.changes} (deterministic opId: a repeat is a duplicate for the writer), then IMPORTING.
 * The writer's result completes the item ({@link OutcomeRecorder}). A malformed legacy item fails alone, with its
 * reason.
 */
@ApplicationScoped
public class MigrationProcessor {

    /** The deviceId of every operation the migration publishes (a reserved {@code syncid-system:} name). */
    public static final String DEVICE_ID = "syncid-system:migration";
    /** The reason carried by IMPORT operations. */
    public static final String IMPORT_REASON = "migration";

    private static final Logger LOG = Logger.getLogger(MigrationProcessor.class);

    private final Ledger ledger;
    private final LegacyStore legacy;
    private final DocumentsStore documents;
    private final AttachmentCopier copier;
    private final Publisher publisher;
    private final MigrationMetrics metrics;
    private final Clock clock;

    MigrationProcessor(Ledger ledger, LegacyStore legacy, DocumentsStore documents, AttachmentCopier copier,
            Publisher publisher, MigrationMetrics metrics, Clock clock) {
        this.ledger = ledger;
        this.legacy = legacy;
        this.documents = documents;
        this.copier = copier;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
    }

    public void process(MigrationTask task) {
        if (task.dryRun()) {
            // Dry-runs are evaluated by the coordinator and write nothing; a stray dry-run task is ignored.
            return;
        }
        UUID runId = task.runId();
        String legacyId = task.legacyId();
        Optional<RunEntity> run = ledger.run(runId);
        if (run.isEmpty() || !RunEntity.RUNNING.equals(run.get().status)) {
            LOG.infof("task for legacy item %s of run %s ignored: run %s", legacyId, runId,
                    run.map(r -> r.status).orElse("unknown"));
            return;
        }
        Optional<ItemEntity> item = ledger.item(runId, legacyId);
        if (item.isPresent() && item.get().status != ItemStatus.ASSIGNED
                && item.get().status != ItemStatus.RETRYING) {
            return; // already imported or settled: a redelivered task
        }
        Optional<Map<String, AttributeValue>> raw = legacy.item(legacyId);
        if (raw.isEmpty()) {
            fail(runId, legacyId, null, "legacy item no longer exists");
            return;
        }
        String owner = ownerOf(raw.get());
        LegacyDocument doc;
        try {
            doc = LegacyItems.document(raw.get(), legacy.attachmentItems(legacyId));
        } catch (MalformedLegacyItemException e) {
            fail(runId, legacyId, owner, "malformed legacy item: " + e.getMessage());
            return;
        }
        Optional<Assignment> inForce = ledger.assignmentInForce(legacyId);
        if (inForce.isPresent() && !inForce.get().runId().equals(runId)
                && ledger.item(inForce.get().runId(), legacyId).map(i -> i.status == ItemStatus.MIGRATED)
                        .orElse(false)) {
            ledger.finishWithout(runId, legacyId, ItemStatus.SKIPPED, doc.owner(), inForce.get().syncId(),
                    "already migrated by run " + inForce.get().runId() + " as " + inForce.get().syncId());
            metrics.finished(runId, ItemStatus.SKIPPED);
            return;
        }
        Assignment assignment = assign(runId, doc);
        int attempt = item.map(i -> i.attempt).orElse(0);
        UUID opId = OpIds.importOp(runId, legacyId, attempt);
        try (OperationMdc mdc = OperationMdc.of(assignment.syncId(), opId, doc.owner(), DEVICE_ID)) {
            ItemEntity started = ledger.startItem(runId, legacyId, assignment.syncId(), doc.owner(), doc.deleted(),
                    attempt, opId);
            if (started.status != ItemStatus.ASSIGNED) {
                return; // another worker finished it meanwhile
            }
            AttachmentCopier.Copied copied = doc.deleted()
                    ? new AttachmentCopier.Copied(List.of(), List.of())
                    : copier.copy(runId, doc, assignment.syncId());
            publisher.publishChange(importEvent(doc, assignment.syncId(), opId, copied));
            ledger.markImporting(runId, legacyId,
                    copied.missing().isEmpty() ? null : String.join(",", copied.missing()));
            LOG.debugf("legacy item %s published as IMPORT of %s (%s)", legacyId, assignment.syncId(),
                    assignment.decision());
        }
    }

    private Assignment assign(UUID runId, LegacyDocument doc) {
        Optional<Assignment> inForce = ledger.assignmentInForce(doc.id());
        if (inForce.isPresent()) {
            return inForce.get();
        }
        SyncIdPlan plan = SyncIdPlan.of(doc.syncId());
        if (plan.candidate() != null && !ledger.everAssigned(plan.candidate())) {
            // Not the ledger's (which explains its own refusals): a document a device created may hold it.
            Optional<DocumentItem> existing = documents.get(plan.candidate());
            if (existing.isPresent() && !doc.id().equals(existing.get().legacyId())) {
                plan = plan.refused(SyncIdPlan.usedBy(plan.candidate(), existing.get()));
            }
        }
        return ledger.assign(runId, doc.id(), doc.owner(), plan.candidate(), plan.reasonIfGenerated());
    }

    ChangeEvent importEvent(LegacyDocument doc, SyncId syncId, UUID opId, AttachmentCopier.Copied copied) {
        DocumentContent content = doc.deleted() ? null : LegacyMapping.content(doc, copied.attachments());
        return new ChangeEvent(EventSchema.CURRENT_VERSION, opId, syncId, OperationType.IMPORT, 0,
                doc.lastModified(), content, IMPORT_REASON, doc.owner(), DEVICE_ID, clock.instant(),
                new LegacyOrigin(doc.id(), doc.createdAt(), doc.version()));
    }

    private void fail(UUID runId, String legacyId, String owner, String reason) {
        LOG.warnf("legacy item %s not migrated: %s", legacyId, reason);
        ledger.finishWithout(runId, legacyId, ItemStatus.FAILED, owner, null, reason);
        metrics.finished(runId, ItemStatus.FAILED);
    }

    /** The owner of a raw legacy item, if it has one (recorded with a malformed item). */
    private static String ownerOf(Map<String, AttributeValue> item) {
        AttributeValue owner = item.get(LegacySchema.OWNER);
        return owner == null ? null : owner.s();
    }
}
