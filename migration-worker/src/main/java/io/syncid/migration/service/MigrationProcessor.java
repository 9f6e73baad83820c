package io.syncid.migration.service;

import java.time.Clock;
import java.util.ArrayList;
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
 * only repeats steps that change nothing: ledger first (syncId assignment and item, one transaction), then the
 * attachment copy and what it found, then the IMPORT on {@code sync.changes} (deterministic opId: a repeat is a
 * duplicate for the writer), then IMPORTING; the last two for a poll's tasks together.
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

    /** Does one task: {@link #processAll} of one. */
    public void process(MigrationTask task) {
        processAll(List.of(task));
    }

    /**
     * The tasks of one poll of one partition, each done as {@link #process} does up to its IMPORT; the IMPORTs are then
     * published together and their items marked IMPORTING in one transaction. One at a time, each task waited for its
     * own Kafka acknowledgement (the producer's linger included) and committed one more transaction.
     */
    public void processAll(List<MigrationTask> tasks) {
        List<Prepared> ready = new ArrayList<>(tasks.size());
        for (MigrationTask task : tasks) {
            prepare(task).ifPresent(ready::add);
        }
        if (ready.isEmpty()) {
            return;
        }
        publisher.publishChanges(ready.stream().map(Prepared::event).toList());
        ledger.markImporting(ready.stream().map(Prepared::item).toList());
        LOG.debugf("%d legacy items published as IMPORTs", ready.size());
    }

    /** A task ready to be published: its IMPORT and its item. */
    private record Prepared(Ledger.ItemKey item, ChangeEvent event) {
    }

    /** Everything before the IMPORT's publication; empty when the task has nothing (more) to publish. */
    private Optional<Prepared> prepare(MigrationTask task) {
        if (task.dryRun()) {
            // Dry-runs are evaluated by the coordinator and write nothing; a stray dry-run task is ignored.
            return Optional.empty();
        }
        metrics.task();
        UUID runId = task.runId();
        String legacyId = task.legacyId();
        Optional<Map<String, AttributeValue>> raw = legacy.item(legacyId);
        LegacyDocument doc = null;
        String malformed = null;
        if (raw.isPresent()) {
            try {
                doc = LegacyItems.document(raw.get(), legacy.attachmentItems(legacyId));
            } catch (MalformedLegacyItemException e) {
                malformed = e.getMessage();
            }
        }
        SyncId candidate = doc == null ? null : SyncIdPlan.of(doc.syncId()).candidate();
        // Everything the ledger knows about the task, in one transaction (the worker's cost is mostly transactions).
        Ledger.TaskState state = ledger.taskState(runId, legacyId, candidate);
        if (state.run() == null || !RunEntity.RUNNING.equals(state.run().status)) {
            LOG.infof("task for legacy item %s of run %s ignored: run %s", legacyId, runId,
                    state.run() == null ? "unknown" : state.run().status);
            return Optional.empty();
        }
        ItemEntity item = state.item();
        if (item != null && item.status != ItemStatus.ASSIGNED && item.status != ItemStatus.RETRYING) {
            return Optional.empty(); // already imported or settled: a redelivered task
        }
        if (raw.isEmpty()) {
            fail(runId, legacyId, null, "legacy item no longer exists");
            return Optional.empty();
        }
        if (doc == null) {
            fail(runId, legacyId, ownerOf(raw.get()), "malformed legacy item: " + malformed);
            return Optional.empty();
        }
        if (state.migratedByEarlierRun()) {
            Assignment inForce = state.inForce();
            ledger.finishWithout(runId, legacyId, ItemStatus.SKIPPED, doc.owner(), inForce.syncId(),
                    "already migrated by run " + inForce.runId() + " as " + inForce.syncId());
            metrics.finished(runId, ItemStatus.SKIPPED);
            return Optional.empty();
        }
        SyncIdPlan plan = plan(doc, state);
        int attempt = item == null ? 0 : item.attempt;
        UUID opId = OpIds.importOp(runId, legacyId, attempt);
        Ledger.Started started = ledger.assignAndStart(runId, legacyId, doc.owner(), state.inForce(),
                plan.candidate(), plan.reasonIfGenerated(), doc.deleted(), attempt, opId);
        Assignment assignment = started.assignment();
        try (OperationMdc mdc = OperationMdc.of(assignment.syncId(), opId, doc.owner(), DEVICE_ID)) {
            if (started.status() != ItemStatus.ASSIGNED) {
                return Optional.empty(); // another worker finished it meanwhile
            }
            AttachmentCopier.Copied copied = doc.deleted()
                    ? AttachmentCopier.Copied.NONE
                    : copier.copy(doc, assignment.syncId());
            if (!copied.records().isEmpty()) {
                ledger.copied(runId, legacyId, copied.records(),
                        copied.missing().isEmpty() ? null : String.join(",", copied.missing()));
            }
            LOG.debugf("legacy item %s to be imported as %s (%s)", legacyId, assignment.syncId(),
                    assignment.decision());
            return Optional.of(new Prepared(new Ledger.ItemKey(runId, legacyId),
                    importEvent(doc, assignment.syncId(), opId, copied)));
        }
    }

    /**
     * The syncId plan when no assignment is in force: the legacy item's valid syncId unless the ledger ever assigned
     * it (the ledger explains its own refusals) or a document a device created holds it.
     */
    private SyncIdPlan plan(LegacyDocument doc, Ledger.TaskState state) {
        SyncIdPlan plan = SyncIdPlan.of(doc.syncId());
        if (state.inForce() == null && plan.candidate() != null && !state.candidateEverAssigned()) {
            Optional<DocumentItem> existing = documents.get(plan.candidate());
            if (existing.isPresent() && !doc.id().equals(existing.get().legacyId())) {
                plan = plan.refused(SyncIdPlan.usedBy(plan.candidate(), existing.get()));
            }
        }
        return plan;
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
