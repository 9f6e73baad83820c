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
import io.syncid.migration.legacy.LegacyJson;
import io.syncid.migration.legacy.LegacySchema;
import io.syncid.migration.legacy.LegacyStore;
import io.syncid.migration.legacy.MalformedLegacyItemException;
import io.syncid.migration.messaging.Publisher;
import io.syncid.model.ChangeEvent;
import io.syncid.model.DocumentContent;
import io.syncid.model.EventSchema;
import io.syncid.model.LegacyOrigin;
import io.syncid.model.LegacySnapshot;
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
 * duplicate for the writer), then IMPORTING; each step for a poll's tasks together ({@link #processAll}).
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
     * The tasks of one poll of one partition, in steps each taken for all of them together, so every task still goes
     * ledger → copy → copies recorded → IMPORT → IMPORTING, and a crash between two steps repeats only steps that
     * change nothing: the legacy items in one read (none for tasks that carry them as the run's scan read them), the
     * ledger's state of every task in one transaction, the documents that may hold their legacy syncIds in one read,
     * the syncId decisions and items in one transaction, the copies, what they found in one transaction, the IMPORTs
     * published together (one wait for all acknowledgements) and marked IMPORTING in one. One task at a time cost two
     * reads and three or four transactions each. A poll naming one legacy item twice (a task sent again) goes one
     * task at a time, so the second sees what the first recorded.
     */
    public void processAll(List<MigrationTask> tasks) {
        List<MigrationTask> work = tasks.stream().filter(task -> !task.dryRun()).toList();
        // Dry-runs are evaluated by the coordinator and write nothing; a stray dry-run task is ignored.
        if (work.isEmpty()) {
            return;
        }
        if (work.size() > 1 && work.stream().map(t -> new Ledger.ItemKey(t.runId(), t.legacyId())).distinct()
                .count() < work.size()) {
            work.forEach(this::process);
            return;
        }
        // A snapshot that does not decode fails the task before anything is written (a poison task: dead-lettered).
        List<Carried> carried = work.stream().map(Carried::of).toList();
        List<String> unread = work.stream().filter(task -> task.legacy() == null).map(MigrationTask::legacyId)
                .toList();
        Map<String, Map<String, AttributeValue>> raws = unread.isEmpty() ? Map.of() : legacy.items(unread);
        List<Read> reads = new ArrayList<>(work.size());
        for (Carried c : carried) {
            metrics.task();
            reads.add(c.item() != null
                    ? read(c.task(), Optional.of(c.item()), c.attachments())
                    : read(c.task(), Optional.ofNullable(raws.get(c.task().legacyId())), null));
        }
        List<Ledger.TaskState> states = ledger.taskStates(reads.stream()
                .map(r -> new Ledger.TaskQuery(r.task().runId(), r.task().legacyId(), r.candidate()))
                .toList());
        // The documents that may hold the legacy syncIds no assignment ever had, in one read.
        List<SyncId> unassigned = new ArrayList<>();
        for (int i = 0; i < reads.size(); i++) {
            Ledger.TaskState state = states.get(i);
            SyncId candidate = reads.get(i).candidate();
            if (candidate != null && state.inForce() == null && !state.candidateEverAssigned()
                    && !unassigned.contains(candidate)) {
                unassigned.add(candidate);
            }
        }
        Map<SyncId, DocumentItem> holders = unassigned.isEmpty() ? Map.of() : documents.getAll(unassigned);
        List<Read> toStart = new ArrayList<>();
        List<Ledger.Start> starts = new ArrayList<>();
        for (int i = 0; i < reads.size(); i++) {
            Read read = reads.get(i);
            start(read, states.get(i), holders).ifPresent(start -> {
                toStart.add(read);
                starts.add(start);
            });
        }
        if (starts.isEmpty()) {
            return;
        }
        List<Ledger.Started> started = ledger.assignAndStartAll(starts);
        List<Prepared> ready = new ArrayList<>(starts.size());
        List<Ledger.Copied> copies = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            copy(toStart.get(i).doc(), starts.get(i), started.get(i)).ifPresent(prepared -> {
                ready.add(prepared);
                if (!prepared.copied().records().isEmpty()) {
                    copies.add(new Ledger.Copied(prepared.item().runId(), prepared.item().legacyId(),
                            prepared.copied().records(), prepared.copied().missing().isEmpty()
                                    ? null
                                    : String.join(",", prepared.copied().missing())));
                }
            });
        }
        if (!copies.isEmpty()) {
            ledger.copiedAll(copies);
        }
        if (ready.isEmpty()) {
            return;
        }
        publisher.publishChanges(ready.stream().map(Prepared::event).toList());
        ledger.markImporting(ready.stream().map(Prepared::item).toList());
        LOG.debugf("%d legacy items published as IMPORTs", ready.size());
    }

    /** A task with its legacy item as read: the document, or why it is unreadable, or neither when it is gone. */
    private record Read(MigrationTask task, Optional<Map<String, AttributeValue>> raw, LegacyDocument doc,
            String malformed) {

        /** The legacy item's own syncId when valid: the ledger says whether it was ever assigned. */
        SyncId candidate() {
            return doc == null ? null : SyncIdPlan.of(doc.syncId()).candidate();
        }
    }

    /** A task ready to be published: its item, its IMPORT and what its copy found. */
    private record Prepared(Ledger.ItemKey item, ChangeEvent event, AttachmentCopier.Copied copied) {
    }

    /** A task with the legacy items its snapshot carries, decoded; none when it carries none. */
    private record Carried(MigrationTask task, Map<String, AttributeValue> item,
            List<Map<String, AttributeValue>> attachments) {

        static Carried of(MigrationTask task) {
            LegacySnapshot snapshot = task.legacy();
            if (snapshot == null) {
                return new Carried(task, null, null);
            }
            return new Carried(task, LegacyJson.fromJson(snapshot.document()),
                    snapshot.attachments().stream().map(LegacyJson::fromJson).toList());
        }
    }

    /** The task's document from {@code raw} and {@code attachments} (null: read from the legacy index now). */
    private Read read(MigrationTask task, Optional<Map<String, AttributeValue>> raw,
            List<Map<String, AttributeValue>> attachments) {
        if (raw.isEmpty()) {
            return new Read(task, raw, null, null);
        }
        try {
            return new Read(task, raw, LegacyItems.document(raw.get(),
                    attachments != null ? attachments : legacy.attachmentItems(task.legacyId())), null);
        } catch (MalformedLegacyItemException e) {
            return new Read(task, raw, null, e.getMessage());
        }
    }

    /**
     * What the ledger should record to start a task; empty when the task has nothing (more) to do — its run is not
     * running, its item is settled, or it ends here (FAILED, SKIPPED), which is recorded now.
     */
    private Optional<Ledger.Start> start(Read read, Ledger.TaskState state, Map<SyncId, DocumentItem> holders) {
        UUID runId = read.task().runId();
        String legacyId = read.task().legacyId();
        if (state.run() == null || !RunEntity.RUNNING.equals(state.run().status)) {
            LOG.infof("task for legacy item %s of run %s ignored: run %s", legacyId, runId,
                    state.run() == null ? "unknown" : state.run().status);
            return Optional.empty();
        }
        ItemEntity item = state.item();
        if (item != null && item.status != ItemStatus.ASSIGNED && item.status != ItemStatus.RETRYING) {
            return Optional.empty(); // already imported or settled: a redelivered task
        }
        if (read.raw().isEmpty()) {
            fail(runId, legacyId, null, "legacy item no longer exists");
            return Optional.empty();
        }
        LegacyDocument doc = read.doc();
        if (doc == null) {
            fail(runId, legacyId, ownerOf(read.raw().get()), "malformed legacy item: " + read.malformed());
            return Optional.empty();
        }
        if (state.migratedByEarlierRun()) {
            Assignment inForce = state.inForce();
            ledger.finishWithout(runId, legacyId, ItemStatus.SKIPPED, doc.owner(), inForce.syncId(),
                    "already migrated by run " + inForce.runId() + " as " + inForce.syncId());
            metrics.finished(runId, ItemStatus.SKIPPED);
            return Optional.empty();
        }
        SyncIdPlan plan = plan(doc, state, holders);
        int attempt = item == null ? 0 : item.attempt;
        return Optional.of(new Ledger.Start(runId, legacyId, doc.owner(), state.inForce(), plan.candidate(),
                plan.reasonIfGenerated(), doc.deleted(), attempt, OpIds.importOp(runId, legacyId, attempt)));
    }

    /** The copy of a started task's attachments and its IMPORT; empty when another worker finished it meanwhile. */
    private Optional<Prepared> copy(LegacyDocument doc, Ledger.Start start, Ledger.Started started) {
        Assignment assignment = started.assignment();
        try (OperationMdc mdc = OperationMdc.of(assignment.syncId(), start.opId(), doc.owner(), DEVICE_ID)) {
            if (started.status() != ItemStatus.ASSIGNED) {
                return Optional.empty();
            }
            AttachmentCopier.Copied copied = doc.deleted()
                    ? AttachmentCopier.Copied.NONE
                    : copier.copy(doc, assignment.syncId());
            LOG.debugf("legacy item %s to be imported as %s (%s)", doc.id(), assignment.syncId(),
                    assignment.decision());
            return Optional.of(new Prepared(new Ledger.ItemKey(start.runId(), start.legacyId()),
                    importEvent(doc, assignment.syncId(), start.opId(), copied), copied));
        }
    }

    /**
     * The syncId plan when no assignment is in force: the legacy item's valid syncId unless the ledger ever assigned
     * it (the ledger explains its own refusals) or a document a device created holds it ({@code holders}: the
     * documents of such syncIds, read for the whole poll).
     */
    private static SyncIdPlan plan(LegacyDocument doc, Ledger.TaskState state, Map<SyncId, DocumentItem> holders) {
        SyncIdPlan plan = SyncIdPlan.of(doc.syncId());
        if (state.inForce() == null && plan.candidate() != null && !state.candidateEverAssigned()) {
            DocumentItem existing = holders.get(plan.candidate());
            if (existing != null && !doc.id().equals(existing.legacyId())) {
                plan = plan.refused(SyncIdPlan.usedBy(plan.candidate(), existing));
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
