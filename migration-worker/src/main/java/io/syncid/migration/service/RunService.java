package io.syncid.migration.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncid.migration.config.MigrationConfig;
import io.syncid.migration.ledger.Assignment;
import io.syncid.migration.ledger.DuplicateEntity;
import io.syncid.migration.ledger.ItemEntity;
import io.syncid.migration.ledger.ItemStatus;
import io.syncid.migration.ledger.Ledger;
import io.syncid.migration.ledger.RunEntity;
import io.syncid.migration.legacy.LegacyAttachment;
import io.syncid.migration.legacy.LegacyDocument;
import io.syncid.migration.legacy.LegacyItems;
import io.syncid.migration.legacy.LegacyJson;
import io.syncid.migration.legacy.LegacySchema;
import io.syncid.migration.legacy.LegacyStore;
import io.syncid.migration.legacy.MalformedLegacyItemException;
import io.syncid.migration.messaging.Publisher;
import io.syncid.model.EventSchema;
import io.syncid.model.LegacySnapshot;
import io.syncid.model.MigrationTask;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Starts runs (scan of the legacy table, duplicates recorded, one {@link MigrationTask} per legacy id on
 * {@code sync.migration.tasks}), computes dry-runs without writing anything, queues failed items again and lists the
 * duplicates of a run with how each was resolved.
 */
@ApplicationScoped
public class RunService {

    private static final Logger LOG = Logger.getLogger(RunService.class);
    private static final int TASKS_PER_PUBLISH = 1000;
    /** A document with more attachment items than this is read by its worker: a task stays far below Kafka's 1 MB. */
    private static final int MAX_SNAPSHOT_ATTACHMENTS = 100;

    private final LegacyStore legacy;
    private final Ledger ledger;
    private final Publisher publisher;
    private final DryRuns dryRuns;
    private final DocumentsStore documents;
    private final MigrationConfig config;
    private final Clock clock;

    RunService(LegacyStore legacy, Ledger ledger, Publisher publisher, DryRuns dryRuns, DocumentsStore documents,
            MigrationConfig config, Clock clock) {
        this.config = config;
        this.legacy = legacy;
        this.ledger = ledger;
        this.publisher = publisher;
        this.dryRuns = dryRuns;
        this.documents = documents;
        this.clock = clock;
    }

    /** A run that was started: its id and how many tasks it has. */
    public record Started(UUID runId, boolean dryRun, int total) {
    }

    public Started start(boolean dryRun) {
        UUID runId = UUID.randomUUID();
        List<Map<String, AttributeValue>> items = legacy.scanAll();
        Map<String, List<Map<String, AttributeValue>>> attachments = legacy.attachmentItemsByDocument();
        LegacyScan scan = LegacyScan.of(items);
        if (dryRun) {
            dryRuns.put(dryRun(runId, items, attachments, scan));
            LOG.infof("dry-run %s: %d legacy documents evaluated, nothing written", runId, scan.ids().size());
            return new Started(runId, true, scan.ids().size());
        }
        ledger.createRun(runId, scan.ids().size(), scan.live(), scan.duplicates());
        Map<String, Map<String, AttributeValue>> byId = new HashMap<>(items.size() * 2);
        items.forEach(item -> {
            AttributeValue id = item.get(LegacySchema.ID);
            if (id != null && id.s() != null) {
                byId.put(id.s(), item);
            }
        });
        publishTasks(runId, scan.ids(), id -> snapshot(byId.get(id), attachments.getOrDefault(id, List.of())));
        LOG.infof("migration run %s started: %d legacy documents (%d live), %d shared syncIds, %d content duplicates",
                runId, scan.ids().size(), scan.live(), scan.sharedSyncIds().size(), scan.contentDuplicates().size());
        return new Started(runId, false, scan.ids().size());
    }

    /**
     * One task per legacy id, published a thousand at a time (so that only a thousand snapshots are in JSON form at
     * once), each with what {@code snapshots} gives for its id (null: the worker reads the item).
     */
    private void publishTasks(UUID runId, List<String> legacyIds, Function<String, LegacySnapshot> snapshots) {
        Instant now = clock.instant();
        List<MigrationTask> tasks = new ArrayList<>(TASKS_PER_PUBLISH);
        for (String id : legacyIds) {
            tasks.add(new MigrationTask(EventSchema.CURRENT_VERSION, runId, id, false, now, snapshots.apply(id)));
            if (tasks.size() == TASKS_PER_PUBLISH) {
                publisher.publishTasks(tasks);
                tasks.clear();
            }
        }
        if (!tasks.isEmpty()) {
            publisher.publishTasks(tasks);
        }
    }

    /**
     * The scanned item and its attachment items, carried by the task; none for a document with more attachments than
     * a task should carry (its worker reads them, as it does for a retry).
     */
    private static LegacySnapshot snapshot(Map<String, AttributeValue> item,
            List<Map<String, AttributeValue>> attachments) {
        if (item == null || attachments.size() > MAX_SNAPSHOT_ATTACHMENTS) {
            return null;
        }
        return new LegacySnapshot(LegacyJson.toJson(item),
                attachments.stream().map(a -> (JsonNode) LegacyJson.toJson(a)).toList());
    }

    /**
     * Queues the run's FAILED items again (a new attempt, hence a new opId); a syncId the writer refused is released
     * first, so the retry gets a fresh one. Legacy ids of the run that have no item at all (the start was
     * interrupted before all its tasks were published) are queued too. Returns how many tasks were published.
     */
    public Optional<Integer> retry(UUID runId) {
        Optional<RunEntity> run = ledger.run(runId);
        if (run.isEmpty() || !RunEntity.RUNNING.equals(run.get().status)) {
            return run.isEmpty() ? Optional.empty() : Optional.of(0);
        }
        List<String> again = new ArrayList<>();
        for (ItemEntity item : ledger.items(runId, ItemStatus.FAILED)) {
            if (item.reason != null && (item.reason.startsWith("SYNC_ID_UNAVAILABLE")
                    || item.reason.startsWith("TOMBSTONED"))) {
                ledger.release(item.legacyId, "retry of run " + runId + " after the writer refused " + item.syncId
                        + ": " + item.reason);
            }
            if (ledger.markRetrying(runId, item.legacyId)) {
                again.add(item.legacyId);
            }
        }
        if (ledger.items(runId).size() < run.get().total) {
            Set<String> known = new HashSet<>();
            ledger.items(runId).forEach(i -> known.add(i.legacyId));
            for (String id : LegacyScan.of(legacy.scanAll()).ids()) {
                if (!known.contains(id)) {
                    again.add(id);
                }
            }
        }
        // No snapshot: a retry reads each legacy item as it is now (an operator may have repaired it).
        publishTasks(runId, again, id -> null);
        LOG.infof("migration run %s: %d tasks queued again", runId, again.size());
        return Optional.of(again.size());
    }

    /** One duplicate group of a run: the legacy ids involved and the syncId each has now (with the reason). */
    public record DuplicateGroup(String kind, String key, List<Holder> holders) {
    }

    /** A legacy id of a duplicate group and its resolution. */
    public record Holder(String legacyId, String syncId, String decision, String reason, String status) {
    }

    public Optional<List<DuplicateGroup>> duplicates(UUID runId) {
        if (ledger.run(runId).isEmpty()) {
            return dryRuns.get(runId).map(this::dryRunDuplicates);
        }
        List<DuplicateGroup> groups = new ArrayList<>();
        for (DuplicateEntity d : ledger.duplicates(runId)) {
            List<Holder> holders = new ArrayList<>();
            for (String id : d.legacyIds.split(",")) {
                Optional<Assignment> a = ledger.assignmentInForce(id);
                Optional<ItemEntity> item = ledger.item(runId, id);
                holders.add(new Holder(id, a.map(x -> x.syncId().toString()).orElse(null),
                        a.map(Assignment::decision).orElse(null), a.map(Assignment::reason).orElse(null),
                        item.map(i -> i.status.name()).orElse("PENDING")));
            }
            groups.add(new DuplicateGroup(d.kind, d.dupKey, holders));
        }
        return Optional.of(groups);
    }

    private List<DuplicateGroup> dryRunDuplicates(DryRunReport report) {
        List<DuplicateGroup> groups = new ArrayList<>();
        report.sharedSyncIds().forEach((key, ids) -> groups.add(new DuplicateGroup(LegacyScan.SHARED_SYNC_ID, key,
                ids.stream().map(id -> new Holder(id, null, null, null, "DRY_RUN")).toList())));
        report.contentDuplicates().forEach((key, ids) -> groups.add(new DuplicateGroup(LegacyScan.CONTENT_DUPLICATE,
                key, ids.stream().map(id -> new Holder(id, null, null, null, "DRY_RUN")).toList())));
        return groups;
    }

    /** The read-only evaluation of one legacy item in a dry-run. */
    private record DryItem(String id, String malformed, boolean deleted, boolean already, SyncIdPlan plan,
            List<String> missing) {
    }

    /**
     * Every decision a run would take, read-only (legacy items, attachment rows, object existence, Documents,
     * ledger), evaluated on {@link MigrationConfig#dryRunThreads()} threads; shared syncIds are settled afterwards in
     * scan order, as the first worker to reach one would keep it.
     */
    private DryRunReport dryRun(UUID runId, List<Map<String, AttributeValue>> items,
            Map<String, List<Map<String, AttributeValue>>> attachments, LegacyScan scan) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, config.dryRunThreads()));
        List<DryItem> evaluated = new ArrayList<>();
        try {
            List<Future<DryItem>> futures = new ArrayList<>();
            for (Map<String, AttributeValue> item : items) {
                if (item.get("id") != null) {
                    futures.add(pool.submit(() -> evaluate(item,
                            attachments.getOrDefault(item.get("id").s(), List.of()))));
                }
            }
            for (Future<DryItem> f : futures) {
                evaluated.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("dry-run interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        int keep = 0;
        int generate = 0;
        int already = 0;
        int deleted = 0;
        Map<String, String> malformed = new TreeMap<>();
        Map<String, String> reasons = new TreeMap<>();
        Map<String, List<String>> missing = new TreeMap<>();
        Set<String> claimed = new HashSet<>();
        for (DryItem item : evaluated) {
            if (item.malformed() != null) {
                malformed.put(item.id(), item.malformed());
                continue;
            }
            if (item.deleted()) {
                deleted++;
            }
            if (item.already()) {
                already++;
                continue;
            }
            SyncIdPlan plan = item.plan();
            if (plan.candidate() != null && !claimed.add(plan.candidate().toString())) {
                plan = plan.refused("legacy syncId " + plan.candidate() + " is shared with another legacy item");
            }
            if (plan.candidate() != null) {
                keep++;
            } else {
                generate++;
                reasons.put(item.id(), plan.reasonIfGenerated());
            }
            if (!item.missing().isEmpty()) {
                missing.put(item.id(), item.missing());
            }
        }
        return new DryRunReport(runId, clock.instant(), scan.ids().size(), keep, generate, already, deleted,
                malformed, reasons, missing, new LinkedHashMap<>(scan.sharedSyncIds()),
                new LinkedHashMap<>(scan.contentDuplicates()));
    }

    private DryItem evaluate(Map<String, AttributeValue> item, List<Map<String, AttributeValue>> attachments) {
        String id = item.get("id").s();
        LegacyDocument doc;
        try {
            doc = LegacyItems.document(item, attachments);
        } catch (MalformedLegacyItemException e) {
            return new DryItem(id, e.getMessage(), false, false, null, List.of());
        }
        if (ledger.assignmentInForce(id).isPresent()) {
            return new DryItem(id, null, doc.deleted(), true, null, List.of());
        }
        SyncIdPlan plan = SyncIdPlan.of(doc.syncId());
        if (plan.candidate() != null) {
            if (ledger.everAssigned(plan.candidate())) {
                plan = plan.refused("legacy syncId " + plan.candidate() + " was assigned before: never reused");
            } else {
                var holder = documents.get(plan.candidate()).filter(d -> !id.equals(d.legacyId()));
                if (holder.isPresent()) {
                    plan = plan.refused(SyncIdPlan.usedBy(plan.candidate(), holder.get()));
                }
            }
        }
        List<String> gone = new ArrayList<>();
        if (!doc.deleted()) {
            for (LegacyAttachment a : doc.attachments()) {
                if (!legacy.objectExists(a.s3Key())) {
                    gone.add(a.fileName());
                }
            }
        }
        return new DryItem(id, null, doc.deleted(), false, plan, gone);
    }
}
