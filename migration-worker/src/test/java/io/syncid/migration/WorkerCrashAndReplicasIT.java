package io.syncid.migration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.syncid.migration.legacy.LegacyGenerator;
import io.syncid.migration.messaging.Consumers;
import io.syncid.migration.service.MigrationProcessor;
import io.syncid.migration.support.PackagedPipeline;
import io.syncid.migration.support.Polling;
import io.syncid.migration.support.Tokens;
import io.syncid.migration.support.ValidationReports;
import io.syncid.model.ChangeEvent;
import io.syncid.model.EventJson;
import io.syncid.model.OperationType;
import io.syncid.model.Outcome;
import io.syncid.model.Topics;
import io.syncid.model.WriteResult;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.DocumentItemCodec;
import io.syncid.model.store.DocumentsTable;
import io.syncid.testkit.ServiceProcess;
import io.syncid.testkit.SyncInfrastructure;
import io.syncid.testkit.TopicRecords;

/**
 * The packaged worker as real processes beside the real consolidator and writer (SPEC §9): a replica SIGKILLed in the
 * middle of a run and started again completes the run with a clean report; then two replicas share a run. Both
 * check, from what reached the topics and {@code Documents}, that no syncId was assigned twice and every legacy
 * document was imported once. They share the servers and the legacy tables, so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerCrashAndReplicasIT {

    /** Legacy documents per run; {@code -Dsyncid.crash.documents=N} runs more (the CI time budget sets the default). */
    static final int COUNT = Integer.getInteger("syncid.crash.documents", 400);
    static final int PARTITIONS = 6;
    static final Duration DEADLINE = Duration.ofMinutes(4);

    static PackagedPipeline pipeline;
    static ServiceProcess worker;
    static final List<LegacyGenerator.Generated> sets = new ArrayList<>();

    @BeforeAll
    static void startPipeline() {
        pipeline = PackagedPipeline.start(PARTITIONS);
    }

    @AfterAll
    static void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    @Order(1)
    void aWorkerKilledWithSigkillInTheMiddleOfARunAndRestartedCompletesTheRunWithACleanReport() {
        LegacyGenerator.Generated generated = generate(1);
        ServiceProcess first = pipeline.worker("crash");
        UUID run = start(first);

        Polling.until("a third of the run is migrated", DEADLINE,
                () -> status(first, run).getInt("migrated") >= COUNT / 3);
        // Progress is no alert: documents on their way are pending, not documents without a syncId.
        String scrape = PackagedPipeline.metrics(first);
        first.kill();
        assertThat(first.isAlive()).isFalse();
        assertThat(PackagedPipeline.sample(scrape, "migration_documents_pending")).isPositive();
        assertThat(PackagedPipeline.sample(scrape, "documents_without_sync_id")).isZero();

        worker = pipeline.worker("crash");
        JsonPath afterKill = status(worker, run);
        assertThat(afterKill.getInt("pending")).as("the kill landed in the middle of the run").isPositive();

        JsonPath finished = awaitFinished(worker, run);
        assertThat(finished.getInt("migrated")).isEqualTo(COUNT);
        assertThat(finished.getInt("failed")).isZero();
        assertClean(worker, run, generated);
        assertImportedOnce(allIds());
        String after = PackagedPipeline.metrics(worker);
        assertThat(PackagedPipeline.sample(after, "migration_documents_pending")).isZero();
        assertThat(PackagedPipeline.sample(after, "documents_without_sync_id")).isZero();
        assertThat(PackagedPipeline.sample(after, "duplicate_sync_ids")).isZero();
    }

    @Test
    @Order(2)
    void twoReplicasShareARunWithoutAssigningASyncIdTwiceAndImportEveryDocumentOnce() throws Exception {
        LegacyGenerator.Generated generated = generate(2);
        ServiceProcess second = pipeline.worker("replica-b");
        awaitTaskMembers(2 * 4);
        UUID run = start(worker);

        JsonPath finished = awaitFinished(worker, run);
        // The first set was migrated by the first run: kept as it is, never imported again.
        assertThat(finished.getInt("skipped")).isEqualTo(COUNT);
        assertThat(finished.getInt("migrated")).isEqualTo(COUNT);
        assertThat(finished.getInt("failed")).isZero();
        assertClean(second, run, generated);
        assertImportedOnce(allIds());
        for (ServiceProcess replica : List.of(worker, second)) {
            assertThat(PackagedPipeline.sample(PackagedPipeline.metrics(replica), "migration_tasks_total"))
                    .as("tasks worked by %s", replica.name()).isPositive();
        }
    }

    private static LegacyGenerator.Generated generate(long seed) {
        SyncInfrastructure infra = pipeline.infra();
        LegacyGenerator.Generated generated = LegacyGenerator.generate(infra.dynamo().client(), infra.s3().client(),
                SyncInfrastructure.BUCKET, COUNT, seed, 0);
        sets.add(generated);
        return generated;
    }

    private static Set<String> allIds() {
        Set<String> ids = new HashSet<>();
        sets.forEach(g -> ids.addAll(g.ids()));
        return ids;
    }

    private static void assertClean(ServiceProcess replica, UUID run, LegacyGenerator.Generated generated) {
        ValidationReports.assertClean(operator(replica).get("/v1/admin/migrations/{id}/validation", run).then()
                .statusCode(200).extract().jsonPath(), COUNT, generated);
    }

    /**
     * What really happened, from the topics and the table: each legacy id was published with one syncId and one opId
     * (a task worked again after the kill publishes the same IMPORT, which the writer answers DUPLICATE), no syncId
     * stands for two legacy ids, the writer created each document exactly once (one APPLIED or DELETED per legacy id),
     * and {@code Documents} holds exactly one document per legacy id, under that syncId.
     */
    private static void assertImportedOnce(Set<String> legacyIds) {
        String bootstrap = pipeline.infra().kafka().bootstrapServers();
        Map<String, Set<String>> syncIdsOf = new HashMap<>();
        Map<String, Set<String>> legacyIdsOf = new HashMap<>();
        Map<String, Set<UUID>> opIdsOf = new HashMap<>();
        Map<UUID, String> legacyIdOfOp = new HashMap<>();
        int published = 0;
        for (var record : TopicRecords.readAll(bootstrap, Topics.CHANGES)) {
            ChangeEvent event = EventJson.read(record.value(), ChangeEvent.class);
            if (event.type() != OperationType.IMPORT) {
                continue;
            }
            published++;
            String legacyId = event.legacy().legacyId();
            syncIdsOf.computeIfAbsent(legacyId, k -> new TreeSet<>()).add(event.syncId().toString());
            legacyIdsOf.computeIfAbsent(event.syncId().toString(), k -> new TreeSet<>()).add(legacyId);
            opIdsOf.computeIfAbsent(legacyId, k -> new HashSet<>()).add(event.opId());
            legacyIdOfOp.put(event.opId(), legacyId);
        }
        System.out.printf("%d IMPORTs published for %d legacy ids%n", published, syncIdsOf.size());
        assertThat(syncIdsOf.keySet()).isEqualTo(legacyIds);
        assertThat(syncIdsOf).allSatisfy((id, syncIds) -> assertThat(syncIds).as("syncIds of %s", id).hasSize(1));
        assertThat(legacyIdsOf).allSatisfy((syncId, ids) -> assertThat(ids).as("legacy ids of %s", syncId).hasSize(1));
        assertThat(opIdsOf).allSatisfy((id, ops) -> assertThat(ops).as("opIds of %s", id).hasSize(1));

        Map<String, Integer> created = new HashMap<>();
        for (var record : TopicRecords.readAll(bootstrap, Topics.RESULTS)) {
            WriteResult result = EventJson.read(record.value(), WriteResult.class);
            if (!MigrationProcessor.DEVICE_ID.equals(result.deviceId())) {
                continue;
            }
            assertThat(result.outcome()).as("outcome of %s", result.sourceOpIds())
                    .isIn(Outcome.APPLIED, Outcome.DELETED, Outcome.DUPLICATE);
            if (result.outcome() != Outcome.DUPLICATE) {
                result.sourceOpIds().forEach(op -> created.merge(legacyIdOfOp.get(op), 1, Integer::sum));
            }
        }
        assertThat(created.keySet()).isEqualTo(legacyIds);
        assertThat(created).allSatisfy((id, n) -> assertThat(n).as("documents created for %s", id).isEqualTo(1));

        Map<String, List<String>> documents = new HashMap<>();
        pipeline.infra().dynamo().client().scanPaginator(b -> b.tableName(DocumentsTable.NAME)).items()
                .forEach(item -> {
                    DocumentItem doc = DocumentItemCodec.fromItem(item);
                    if (doc.legacyId() != null) {
                        documents.computeIfAbsent(doc.legacyId(), k -> new ArrayList<>()).add(doc.syncId().toString());
                    }
                });
        assertThat(documents.keySet()).isEqualTo(legacyIds);
        assertThat(documents).allSatisfy((id, syncIds) -> assertThat(syncIds).as("documents of %s", id)
                .containsExactlyElementsOf(syncIdsOf.get(id)));
    }

    /** Waits until the task group has {@code members} members, all assigned, so a run starts with every replica in. */
    private static void awaitTaskMembers(int members) throws Exception {
        try (Admin admin = pipeline.infra().kafka().admin()) {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (true) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(Consumers.TASKS_GROUP)).all()
                        .get().get(Consumers.TASKS_GROUP);
                if (group.groupState() == GroupState.STABLE && group.members().size() == members) {
                    return;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("the task group did not settle on " + members + " members: " + group);
                }
                Thread.sleep(250);
            }
        }
    }

    private static RequestSpecification operator(ServiceProcess replica) {
        return given().baseUri(replica.baseUri().toString()).header("Authorization", Tokens.operator());
    }

    private static UUID start(ServiceProcess replica) {
        String id = operator(replica).contentType(ContentType.JSON).body(Map.of("dryRun", false))
                .post("/v1/admin/migrations").then().statusCode(202).extract().jsonPath().getString("runId");
        return UUID.fromString(id);
    }

    private static JsonPath status(ServiceProcess replica, UUID run) {
        return operator(replica).get("/v1/admin/migrations/{id}", run).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath awaitFinished(ServiceProcess replica, UUID run) {
        Polling.until("run " + run + " has nothing pending", DEADLINE,
                () -> status(replica, run).getInt("pending") == 0);
        return status(replica, run);
    }
}
