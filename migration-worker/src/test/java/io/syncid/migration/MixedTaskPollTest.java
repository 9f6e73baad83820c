package io.syncid.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.syncid.migration.ledger.AssignmentEntity;
import io.syncid.migration.ledger.ItemEntity;
import io.syncid.migration.ledger.ItemStatus;
import io.syncid.migration.ledger.Ledger;
import io.syncid.migration.legacy.LegacyJson;
import io.syncid.migration.legacy.LegacySchema;
import io.syncid.migration.service.MigrationProcessor;
import io.syncid.migration.service.OpIds;
import io.syncid.model.ChangeEvent;
import io.syncid.model.EventJson;
import io.syncid.model.EventSchema;
import io.syncid.model.LegacySnapshot;
import io.syncid.model.MigrationTask;
import io.syncid.model.OperationType;
import io.syncid.model.SyncId;
import io.syncid.model.Topics;
import io.syncid.model.store.ChangePosition;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.DocumentItemCodec;
import io.syncid.model.store.DocumentsTable;
import io.syncid.testkit.Dynalite;
import io.syncid.testkit.KafkaBroker;
import io.syncid.testkit.TopicRecords;
import io.syncid.testkit.quarkus.InjectDynalite;
import io.syncid.testkit.quarkus.InjectKafkaBroker;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One poll's tasks done together ({@link MigrationProcessor#processAll}): good, malformed, vanished, deleted, shared
 * syncId, a syncId a device's document holds, dry-run and another run's tasks in one poll each end as they would
 * alone, every good one is published once, and the poll's tasks sent again change nothing.
 */
@QuarkusTest
class MixedTaskPollTest {

    @InjectKafkaBroker
    KafkaBroker kafka;
    @InjectDynalite
    Dynalite dynalite;
    @Inject
    MigrationProcessor processor;
    @Inject
    Ledger ledger;

    @Test
    void aMixedPollImportsEachGoodItemOnceAndSettlesTheOthersAlone() {
        LegacySchema.createIfAbsent(dynalite.client());
        String owner = "mixed-poll-" + UUID.randomUUID();
        SyncId legacySyncId = SyncId.random();
        String plain = legacy(owner, null, false);
        String keeps = legacy(owner, legacySyncId.toString().toUpperCase(Locale.ROOT), false);
        String shares = legacy(owner, legacySyncId.toString(), false);
        String deleted = legacy(owner, null, true);
        SyncId deviceSyncId = SyncId.random();
        deviceDocument(owner, deviceSyncId);
        String heldByDevice = legacy(owner, deviceSyncId.toString(), false);
        String malformed = legacy(null, null, false);
        String gone = "gone-" + UUID.randomUUID();
        UUID runId = UUID.randomUUID();
        UUID otherRun = UUID.randomUUID();
        List<String> ids = List.of(plain, keeps, shares, heldByDevice, deleted, malformed, gone);
        ledger.createRun(runId, ids.size(), ids.size(), Map.of());
        try {
            List<MigrationTask> poll = new ArrayList<>();
            ids.forEach(id -> poll.add(task(runId, id, false)));
            poll.add(task(runId, "dry-" + UUID.randomUUID(), true));
            poll.add(task(otherRun, plain, false));

            processor.processAll(poll);

            Map<String, ItemEntity> items = ledger.items(runId).stream()
                    .collect(Collectors.toMap(i -> i.legacyId, Function.identity()));
            assertThat(items).containsOnlyKeys(ids);
            for (String id : List.of(plain, keeps, shares, heldByDevice, deleted)) {
                assertThat(items.get(id).status).as(id).isEqualTo(ItemStatus.IMPORTING);
            }
            assertThat(items.get(malformed).status).isEqualTo(ItemStatus.FAILED);
            assertThat(items.get(malformed).reason).contains("malformed legacy item").contains("has no owner");
            assertThat(items.get(gone).status).isEqualTo(ItemStatus.FAILED);
            assertThat(items.get(gone).reason).contains("no longer exists");
            assertThat(ledger.items(otherRun)).isEmpty();

            // The first holder of the shared legacy syncId keeps it (normalized); the second, decided in the same
            // transaction, gets a fresh one with the reason.
            Map<String, AssignmentEntity> assignments = ledger.assignmentsOf(runId).stream()
                    .collect(Collectors.toMap(a -> a.legacyId, Function.identity()));
            assertThat(assignments.get(keeps).syncId).isEqualTo(legacySyncId.toString());
            assertThat(assignments.get(shares).syncId).isNotEqualTo(legacySyncId.toString());
            assertThat(assignments.get(shares).reason).contains("is shared with legacy item " + keeps);
            assertThat(items.get(plain).syncId).isEqualTo(assignments.get(plain).syncId);
            // A legacy syncId a device's own document already holds is never taken from it.
            assertThat(assignments.get(heldByDevice).syncId).isNotEqualTo(deviceSyncId.toString());
            assertThat(assignments.get(heldByDevice).reason)
                    .contains("already used by a document created on a device");

            Map<String, ChangeEvent> imported = imports(Set.copyOf(ids));
            assertThat(imported).containsOnlyKeys(plain, keeps, shares, heldByDevice, deleted);
            imported.forEach((id, event) -> {
                assertThat(event.opId()).isEqualTo(OpIds.importOp(runId, id, 0));
                assertThat(event.syncId().toString()).isEqualTo(assignments.get(id).syncId);
            });
            assertThat(imported.get(deleted).document()).isNull();
            assertThat(imported.get(plain).document().title()).isEqualTo("Mixed poll " + plain);

            // The same tasks again (a redelivered poll, here with a repeat inside it): nothing new is published.
            List<MigrationTask> again = new ArrayList<>(poll);
            again.add(task(runId, plain, false));
            processor.processAll(again);
            assertThat(imports(Set.copyOf(ids))).hasSize(5);
            assertThat(ledger.items(runId)).allMatch(i -> i.status == items.get(i.legacyId).status);
        } finally {
            // Not the current run of the other tests.
            ledger.markRunRolledBack(runId);
        }
    }

    @Test
    void aTaskThatCarriesItsLegacyItemIsMigratedAsScannedAndOneWithoutIsReadNow() {
        LegacySchema.createIfAbsent(dynalite.client());
        String owner = "carried-" + UUID.randomUUID();
        String carried = legacy(owner, null, false);
        String read = legacy(owner, null, false);
        String carriedMalformed = legacy(owner, null, false);
        UUID runId = UUID.randomUUID();
        List<String> ids = List.of(carried, read, carriedMalformed);
        ledger.createRun(runId, ids.size(), ids.size(), Map.of());
        try {
            // What the scan read; the table changes afterwards (the run is what its scan saw).
            Map<String, AttributeValue> scanned = new HashMap<>(item(carried));
            scanned.put(LegacySchema.TITLE, AttributeValue.fromS("As scanned"));
            Map<String, AttributeValue> attachment = Map.of(
                    LegacySchema.ID, AttributeValue.fromS("file-" + carried),
                    LegacySchema.DOCUMENT_ID, AttributeValue.fromS(carried),
                    LegacySchema.FILE_NAME, AttributeValue.fromS("scan.pdf"),
                    LegacySchema.S3_KEY, AttributeValue.fromS("private/" + owner + "/" + carried + "/scan.pdf"),
                    LegacySchema.FILE_SIZE, AttributeValue.fromN("3"));
            // A carried item keeps its attribute types: a title stored as a number stays unreadable.
            Map<String, AttributeValue> unreadable = new HashMap<>(item(carriedMalformed));
            unreadable.put(LegacySchema.TITLE, AttributeValue.fromN("42"));
            processor.processAll(List.of(
                    carriedTask(runId, carried, scanned, List.of(attachment)),
                    task(runId, read, false),
                    carriedTask(runId, carriedMalformed, unreadable, List.of())));

            Map<String, ChangeEvent> imported = imports(Set.copyOf(ids));
            assertThat(imported).containsOnlyKeys(carried, read);
            assertThat(imported.get(carried).document().title()).isEqualTo("As scanned");
            // The carried attachment was looked for (its object does not exist: reported, never invented).
            assertThat(ledger.item(runId, carried).orElseThrow().missingObjects).isEqualTo("scan.pdf");
            assertThat(imported.get(read).document().title()).isEqualTo("Mixed poll " + read);
            ItemEntity failed = ledger.item(runId, carriedMalformed).orElseThrow();
            assertThat(failed.status).isEqualTo(ItemStatus.FAILED);
            assertThat(failed.reason).contains("has no title");
        } finally {
            ledger.markRunRolledBack(runId);
        }
    }

    private Map<String, AttributeValue> item(String legacyId) {
        return dynalite.client().getItem(b -> b.tableName(LegacySchema.DOCUMENTS)
                .key(Map.of(LegacySchema.ID, AttributeValue.fromS(legacyId)))).item();
    }

    private static MigrationTask carriedTask(UUID runId, String legacyId, Map<String, AttributeValue> item,
            List<Map<String, AttributeValue>> attachments) {
        return new MigrationTask(EventSchema.CURRENT_VERSION, runId, legacyId, false, Instant.now(),
                new LegacySnapshot(LegacyJson.toJson(item),
                        attachments.stream().map(a -> (JsonNode) LegacyJson.toJson(a)).toList()));
    }

    /** The IMPORTs on {@code sync.changes} for {@code ids}, checking that none was published twice. */
    private Map<String, ChangeEvent> imports(Set<String> ids) {
        Map<String, ChangeEvent> out = new HashMap<>();
        for (var record : TopicRecords.readAll(kafka.bootstrapServers(), Topics.CHANGES)) {
            ChangeEvent event = EventJson.read(record.value(), ChangeEvent.class);
            if (event.type() == OperationType.IMPORT && ids.contains(event.legacy().legacyId())) {
                assertThat(out.put(event.legacy().legacyId(), event)).as("one IMPORT of %s",
                        event.legacy().legacyId()).isNull();
            }
        }
        return out;
    }

    private static MigrationTask task(UUID runId, String legacyId, boolean dryRun) {
        return new MigrationTask(EventSchema.CURRENT_VERSION, runId, legacyId, dryRun, Instant.now(), null);
    }

    /** A document a device created (no legacy id) under {@code syncId}. */
    private void deviceDocument(String owner, SyncId syncId) {
        Instant now = Instant.now();
        DocumentItem doc = new DocumentItem(syncId, owner, "Made on a phone", "insurance", Map.of(), List.of(), now,
                now, 1, "0".repeat(64), null, null, false, null, null, null, List.of(UUID.randomUUID().toString()),
                "pixel-7", new ChangePosition(0, 0, 0), now.toEpochMilli());
        dynalite.client().putItem(b -> b.tableName(DocumentsTable.NAME).item(DocumentItemCodec.toItem(doc)));
    }

    /** Puts a legacy document without attachments; no owner makes it malformed. */
    private String legacy(String owner, String syncId, boolean deleted) {
        String id = UUID.randomUUID().toString();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(LegacySchema.ID, AttributeValue.fromS(id));
        if (owner != null) {
            item.put(LegacySchema.OWNER, AttributeValue.fromS(owner));
        }
        item.put(LegacySchema.TITLE, AttributeValue.fromS("Mixed poll " + id));
        item.put(LegacySchema.CATEGORY, AttributeValue.fromS("insurance"));
        item.put(LegacySchema.CREATED_AT, AttributeValue.fromS("2023-04-05T06:07:08Z"));
        item.put(LegacySchema.VERSION, AttributeValue.fromN("2"));
        item.put(LegacySchema.DELETED, AttributeValue.fromBool(deleted));
        if (syncId != null) {
            item.put(LegacySchema.SYNC_ID, AttributeValue.fromS(syncId));
        }
        dynalite.client().putItem(b -> b.tableName(LegacySchema.DOCUMENTS).item(item));
        return id;
    }
}
