package io.syncid.migration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.syncid.migration.ledger.AssignmentEntity;
import io.syncid.migration.ledger.AttachmentCopyEntity;
import io.syncid.migration.ledger.ItemEntity;
import io.syncid.migration.ledger.ItemStatus;
import io.syncid.migration.ledger.Ledger;
import io.syncid.migration.legacy.LegacyGenerator;
import io.syncid.migration.support.Polling;
import io.syncid.migration.support.Tokens;
import io.syncid.migration.support.ValidationReports;
import io.syncid.migration.support.WriterStandIn;
import io.syncid.model.ChangeEvent;
import io.syncid.model.EventJson;
import io.syncid.model.OperationType;
import io.syncid.model.SyncId;
import io.syncid.model.Topics;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.DocumentItemCodec;
import io.syncid.model.store.DocumentsTable;
import io.syncid.testkit.Dynalite;
import io.syncid.testkit.KafkaBroker;
import io.syncid.testkit.S3Server;
import io.syncid.testkit.SyncInfrastructure;
import io.syncid.testkit.TopicRecords;
import io.syncid.testkit.quarkus.InjectDynalite;
import io.syncid.testkit.quarkus.InjectKafkaBroker;
import io.syncid.testkit.quarkus.InjectS3Server;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A generated legacy set through the whole migration, against real Kafka, dynalite, S3Proxy and PostgreSQL with the
 * test playing the writer: dry-run, run, clean validation, syncId decisions with reasons, duplicates, metrics, retry,
 * rollback and a later run. The steps share one data set, so they run in order.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrationRunTest {

    static final int COUNT = 300;
    static final long SEED = 20261128L;
    static final int MALFORMED = 3;
    static final Duration DEADLINE = Duration.ofSeconds(180);

    @InjectKafkaBroker
    KafkaBroker kafka;
    @InjectDynalite
    Dynalite dynalite;
    @InjectS3Server
    S3Server s3;
    @Inject
    Ledger ledger;

    static LegacyGenerator.Generated generated;
    static UUID firstRun;
    static WriterStandIn writer;
    static String keptLegacyId;

    @AfterAll
    static void stopWriter() throws InterruptedException {
        if (writer != null) {
            writer.close();
        }
    }

    @Test
    @Order(1)
    void aDryRunReportsWhatItWouldDoAndWritesNothing() {
        generated = LegacyGenerator.generate(dynalite.client(), s3.client(), SyncInfrastructure.BUCKET, COUNT, SEED,
                MALFORMED);
        long changes = TopicRecords.endOffsets(kafka.bootstrapServers(), Topics.CHANGES);
        long tasks = TopicRecords.endOffsets(kafka.bootstrapServers(), Topics.MIGRATION_TASKS);
        int documents = documentCount();
        Set<String> objects = objectKeys();

        UUID runId = start(true);
        JsonPath status = status(runId);
        assertThat(status.getBoolean("dryRun")).isTrue();
        assertThat(status.getInt("total")).isEqualTo(COUNT + MALFORMED);
        assertThat(status.getInt("failed")).isEqualTo(MALFORMED);
        JsonPath report = operator().get("/v1/admin/migrations/{id}/validation", runId).then().statusCode(200)
                .extract().jsonPath();
        assertThat(report.getMap("malformed")).containsOnlyKeys(generated.malformed().keySet().toArray());
        assertThat(report.getMap("sharedSyncIds")).hasSize(generated.sharedSyncIds().size());
        assertThat(report.getMap("missingObjects")).containsOnlyKeys(generated.missingObjects().keySet().toArray());
        assertThat(report.getInt("keepLegacySyncId"))
                .isEqualTo(generated.validSyncIds().size());

        assertThat(TopicRecords.endOffsets(kafka.bootstrapServers(), Topics.CHANGES)).isEqualTo(changes);
        assertThat(TopicRecords.endOffsets(kafka.bootstrapServers(), Topics.MIGRATION_TASKS)).isEqualTo(tasks);
        assertThat(documentCount()).isEqualTo(documents);
        assertThat(objectKeys()).isEqualTo(objects);
        assertThat(ledger.run(runId)).isEmpty();
        assertThat(ledger.currentRun()).isEmpty();
    }

    @Test
    @Order(2)
    void aGeneratedSetMigratesWithACleanReportAndEveryDecisionHasItsReason() {
        writer = new WriterStandIn(kafka.bootstrapServers(), dynalite.client());
        firstRun = start(false);
        JsonPath status = awaitFinished(firstRun);
        assertThat(status.getInt("total")).isEqualTo(COUNT + MALFORMED);
        assertThat(status.getInt("migrated")).isEqualTo(COUNT);
        assertThat(status.getInt("failed")).isEqualTo(MALFORMED);
        assertThat(status.getDouble("failureRate")).isCloseTo((double) MALFORMED / (COUNT + MALFORMED),
                org.assertj.core.data.Offset.offset(1e-6));

        Map<String, ItemEntity> items = byLegacyId(ledger.items(firstRun));
        generated.malformed().forEach((id, fragment) -> {
            assertThat(items.get(id).status).isEqualTo(ItemStatus.FAILED);
            assertThat(items.get(id).reason).contains(fragment);
        });

        JsonPath report = validation(firstRun);
        ValidationReports.assertClean(report, COUNT, generated);

        Map<String, AssignmentEntity> assignments = ledger.assignmentsOf(firstRun).stream()
                .collect(Collectors.toMap(a -> a.legacyId, Function.identity()));
        Set<String> shared = generated.sharedSyncIds().stream().flatMap(List::stream).collect(Collectors.toSet());
        generated.validSyncIds().forEach((id, syncId) -> {
            if (!shared.contains(id)) {
                assertThat(assignments.get(id).syncId).as("kept, normalized").isEqualTo(syncId);
                assertThat(assignments.get(id).decision).isEqualTo("KEPT_LEGACY");
            }
        });
        assertThat(generated.upperCaseSyncIds()).isNotEmpty();
        generated.invalidSyncIds().forEach(id -> {
            assertThat(assignments.get(id).decision).isEqualTo("GENERATED");
            assertThat(assignments.get(id).reason).contains("invalid legacy syncId");
            assertThat(SyncId.isValid(assignments.get(id).syncId)).isTrue();
        });
        assertThat(generated.sharedSyncIds()).isNotEmpty();
        for (List<String> pair : generated.sharedSyncIds()) {
            AssignmentEntity a = assignments.get(pair.get(0));
            AssignmentEntity b = assignments.get(pair.get(1));
            assertThat(List.of(a.decision, b.decision)).containsExactlyInAnyOrder("KEPT_LEGACY", "GENERATED");
            AssignmentEntity second = a.decision.equals("GENERATED") ? a : b;
            assertThat(second.reason).contains("is shared with legacy item");
            assertThat(a.syncId).isNotEqualTo(b.syncId);
        }
        Set<String> syncIds = new HashSet<>();
        items.values().stream().filter(i -> i.syncId != null).forEach(i -> assertThat(syncIds.add(i.syncId))
                .as("syncId %s assigned once", i.syncId).isTrue());

        Map<String, Integer> imports = new HashMap<>();
        for (var record : TopicRecords.readAll(kafka.bootstrapServers(), Topics.CHANGES)) {
            ChangeEvent event = EventJson.read(record.value(), ChangeEvent.class);
            // Only this set's: other test classes import items of their own through the same topic.
            if (event.type() == OperationType.IMPORT && generated.ids().contains(event.legacy().legacyId())) {
                imports.merge(event.legacy().legacyId(), 1, Integer::sum);
                assertThat(record.key()).isEqualTo(event.syncId().toString());
                assertThat(TopicRecords.header(record, "ce_id")).isEqualTo(event.opId().toString());
                assertThat(event.deviceId()).isEqualTo("syncid-system:migration");
            }
        }
        assertThat(imports).hasSize(COUNT);
        assertThat(imports.values()).allMatch(n -> n == 1);

        JsonPath duplicates = operator().get("/v1/admin/migrations/{id}/duplicates", firstRun).then()
                .statusCode(200).extract().jsonPath();
        List<List<String>> sharedGroups = new ArrayList<>();
        List<List<String>> contentGroups = new ArrayList<>();
        List<Map<String, Object>> groups = duplicates.getList("$");
        for (Map<String, Object> g : groups) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> holders = (List<Map<String, Object>>) g.get("holders");
            List<String> ids = holders.stream().map(h -> (String) h.get("legacyId")).sorted().toList();
            (g.get("kind").equals("SHARED_SYNC_ID") ? sharedGroups : contentGroups).add(ids);
            holders.forEach(h -> assertThat(h.get("syncId")).isNotNull());
        }
        assertThat(sharedGroups).containsExactlyInAnyOrderElementsOf(
                generated.sharedSyncIds().stream().map(p -> p.stream().sorted().toList()).toList());
        assertThat(contentGroups).containsAll(
                generated.contentDuplicates().stream().map(p -> p.stream().sorted().toList()).toList());

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metric(metrics, "migration_failure_rate")).isCloseTo((double) MALFORMED / (COUNT + MALFORMED),
                org.assertj.core.data.Offset.offset(1e-9));
        // The malformed items are live legacy documents that still have no syncId: the alert rightly fires.
        assertThat(metric(metrics, "documents_without_sync_id")).isEqualTo(MALFORMED);
        assertThat(metric(metrics, "duplicate_sync_ids")).isZero();
        assertThat(metric(metrics, "migration_documents_total{outcome=\"migrated\"}")).isEqualTo(COUNT);
        assertThat(metric(metrics, "migration_documents_total{outcome=\"failed\"}")).isEqualTo(MALFORMED);
    }

    private static double metric(String exposition, String series) {
        return exposition.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError(series + " not exposed"));
    }

    @Test
    @Order(3)
    void retryQueuesTheFailedItemsAgainUnderANewAttempt() {
        int queued = operator().post("/v1/admin/migrations/{id}/retry", firstRun).then().statusCode(200)
                .extract().jsonPath().getInt("queued");
        assertThat(queued).isEqualTo(MALFORMED);
        Polling.until("the retried items failed again", DEADLINE, () -> ledger.items(firstRun, ItemStatus.FAILED)
                .stream().filter(i -> i.attempt == 1).count() == MALFORMED);
        assertThat(status(firstRun).getInt("migrated")).isEqualTo(COUNT);
    }

    @Test
    @Order(4)
    void rollbackDeletesWhatNoDeviceChangedAndKeepsAndReportsTheRest() {
        Map<String, ItemEntity> items = byLegacyId(ledger.items(firstRun));
        keptLegacyId = generated.withAttachments().stream()
                .filter(id -> !generated.deleted().contains(id) && !generated.missingObjects().containsKey(id))
                .findFirst().orElseThrow();
        SyncId keptSyncId = SyncId.parse(items.get(keptLegacyId).syncId);
        DocumentItem imported = DocumentItemCodec.fromItem(dynalite.client().getItem(b -> b
                .tableName(DocumentsTable.NAME)
                .key(Map.of(DocumentsTable.SYNC_ID, AttributeValue.fromS(keptSyncId.toString())))).item());
        DocumentItem edited = new DocumentItem(imported.syncId(), imported.userId(), "edited on a phone",
                imported.category(), imported.fields(), imported.attachments(), imported.createdAt(),
                imported.lastModified(), imported.version() + 1, imported.contentHash(), imported.legacyId(), null,
                false, null, null, null, List.of(UUID.randomUUID().toString()), "pixel-7", imported.changePos(),
                imported.changedAtMillis());
        dynalite.client().putItem(b -> b.tableName(DocumentsTable.NAME).item(DocumentItemCodec.toItem(edited)));
        Set<String> keptKeys = new HashSet<>();
        for (AttachmentCopyEntity c : ledger.copies(firstRun)) {
            if (c.legacyId.equals(keptLegacyId)) {
                keptKeys.add(c.targetKey);
            }
        }
        assertThat(keptKeys).isNotEmpty();

        JsonPath report = operator().post("/v1/admin/migrations/{id}/rollback", firstRun).then().statusCode(200)
                .extract().jsonPath();
        int live = COUNT - generated.deleted().size();
        assertThat(report.getInt("deleted")).isEqualTo(live - 1);
        assertThat(report.getInt("tombstonesKept")).isEqualTo(generated.deleted().size());
        assertThat(report.getList("kept.legacyId", String.class)).containsExactly(keptLegacyId);
        assertThat(report.getString("kept[0].reason")).contains("pixel-7");

        Polling.until("every rolled-back document is a tombstone", DEADLINE,
                () -> liveDocuments().equals(Set.of(keptSyncId.toString())));
        Set<String> copiedNow = objectKeys().stream().filter(k -> !k.startsWith("private/"))
                .collect(Collectors.toSet());
        assertThat(copiedNow).isEqualTo(keptKeys);
        assertThat(ledger.items(firstRun, ItemStatus.ROLLED_BACK)).hasSize(COUNT - 1);
        assertThat(status(firstRun).getString("state")).isEqualTo("ROLLED_BACK");
    }

    @Test
    @Order(5)
    void aLaterRunGivesRolledBackLegacyIdsFreshSyncIdsAndSkipsTheKeptOne() {
        Map<String, ItemEntity> before = byLegacyId(ledger.items(firstRun));
        UUID second = start(false);
        JsonPath status = awaitFinished(second);
        assertThat(status.getInt("skipped")).isEqualTo(1);
        assertThat(status.getInt("migrated")).isEqualTo(COUNT - 1);
        Map<String, ItemEntity> after = byLegacyId(ledger.items(second));
        assertThat(after.get(keptLegacyId).status).isEqualTo(ItemStatus.SKIPPED);
        assertThat(after.get(keptLegacyId).syncId).isEqualTo(before.get(keptLegacyId).syncId);
        Map<String, AssignmentEntity> assignments = ledger.assignmentsOf(second).stream()
                .collect(Collectors.toMap(a -> a.legacyId, Function.identity()));
        for (String id : generated.migratable()) {
            if (id.equals(keptLegacyId)) {
                continue;
            }
            assertThat(after.get(id).syncId).as("fresh syncId for %s", id).isNotEqualTo(before.get(id).syncId);
            assertThat(assignments.get(id).decision).isEqualTo("GENERATED");
        }
        generated.validSyncIds().keySet().stream().filter(id -> !id.equals(keptLegacyId)).forEach(
                id -> assertThat(assignments.get(id).reason).contains("released by a rollback: never reused"));
        assertThat(validation(second).getBoolean("clean")).isTrue();
    }

    private static io.restassured.specification.RequestSpecification operator() {
        return given().header("Authorization", Tokens.operator());
    }

    private static UUID start(boolean dryRun) {
        String id = operator().contentType(ContentType.JSON).body(Map.of("dryRun", dryRun))
                .post("/v1/admin/migrations").then().statusCode(202).extract().jsonPath().getString("runId");
        return UUID.fromString(id);
    }

    private static JsonPath status(UUID runId) {
        return operator().get("/v1/admin/migrations/{id}", runId).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath validation(UUID runId) {
        return operator().get("/v1/admin/migrations/{id}/validation", runId).then().statusCode(200).extract()
                .jsonPath();
    }

    private static JsonPath awaitFinished(UUID runId) {
        Polling.until("run " + runId + " has nothing pending", DEADLINE, () -> status(runId).getInt("pending") == 0);
        return status(runId);
    }

    private static Map<String, ItemEntity> byLegacyId(List<ItemEntity> items) {
        return items.stream().collect(Collectors.toMap(i -> i.legacyId, Function.identity()));
    }

    private int documentCount() {
        return dynalite.client().scanPaginator(b -> b.tableName(DocumentsTable.NAME)).stream()
                .mapToInt(p -> p.count()).sum();
    }

    /** The live documents of this set (other test classes import documents of their own). */
    private Set<String> liveDocuments() {
        Set<String> live = new HashSet<>();
        Set<String> ids = Set.copyOf(generated.ids());
        dynalite.client().scanPaginator(b -> b.tableName(DocumentsTable.NAME)).items().forEach(item -> {
            DocumentItem doc = DocumentItemCodec.fromItem(item);
            if (!doc.deleted() && ids.contains(doc.legacyId())) {
                live.add(doc.syncId().toString());
            }
        });
        return live;
    }

    private Set<String> objectKeys() {
        return s3.client().listObjectsV2Paginator(b -> b.bucket(SyncInfrastructure.BUCKET)).contents().stream()
                .map(S3Object::key).collect(Collectors.toSet());
    }
}
