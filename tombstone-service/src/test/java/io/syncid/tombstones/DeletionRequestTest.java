package io.syncid.tombstones;

import static io.restassured.RestAssured.given;
import static io.syncid.tombstones.support.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.syncid.model.ChangeEvent;
import io.syncid.model.CloudEventHeaders;
import io.syncid.model.EventJson;
import io.syncid.model.OperationType;
import io.syncid.model.SyncId;
import io.syncid.model.Topics;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.DocumentItemCodec;
import io.syncid.model.store.DocumentsTable;
import io.syncid.runtime.aws.DynamoBatches;
import io.syncid.testkit.Dynalite;
import io.syncid.testkit.S3Server;
import io.syncid.testkit.TopicRecords;
import io.syncid.testkit.quarkus.InjectDynalite;
import io.syncid.testkit.quarkus.InjectS3Server;
import io.syncid.tombstones.support.FakeWriter;
import io.syncid.tombstones.support.Fixtures;
import io.syncid.tombstones.support.Kafka;
import io.syncid.tombstones.support.Tokens;
import io.syncid.tombstones.support.TombstoneTestResources;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@QuarkusTest
class DeletionRequestTest {

    static {
        TombstoneTestResources.class.getName();
    }

    private static final String USER = "dd-user-" + SyncId.random();
    private static final String OTHER = "dd-other-" + SyncId.random();
    private static final int DOCUMENTS = 1_000;

    @InjectDynalite
    Dynalite dynalite;

    @InjectS3Server
    S3Server s3;

    @Test
    void aRequestDeletesAThousandDocumentsAndTheirAttachmentsAndNothingElseAndRepeatedDoesNothingMore()
            throws Exception {
        List<DocumentItem> mine = seed(USER, DOCUMENTS);
        List<DocumentItem> others = seed(OTHER, 3);
        // A conflict copy that appears while the request runs must be deleted too (found by the re-scan).
        SyncId lateCopy = SyncId.random();
        AtomicBoolean copied = new AtomicBoolean();

        try (FakeWriter writer = new FakeWriter(USER, dynalite.client(), batch -> {
            if (copied.compareAndSet(false, true)) {
                put(List.of(Fixtures.live(lateCopy, USER, Instant.now())));
            }
        })) {
            String id = post(USER).getString("id");
            assertThat(post(USER).getString("id")).as("asking again while open is the same request").isEqualTo(id);

            await("the request completes", () -> "COMPLETED".equals(status(id).getString("status")));
            JsonPath done = status(id);
            assertThat(done.getInt("documents")).isEqualTo(DOCUMENTS + 1);
            assertThat(done.getLong("deleted")).isEqualTo(DOCUMENTS + 1);
            assertThat(done.getString("requestedBy")).isEqualTo("ops-7");
            assertThat(done.getString("userId")).isEqualTo(USER);
            assertThat(done.getString("completedAt")).isNotNull();

            Map<SyncId, DocumentItem> stored = items(USER);
            assertThat(stored).hasSize(DOCUMENTS + 1);
            assertThat(stored.values()).allMatch(DocumentItem::deleted);
            assertThat(Fixtures.count(s3.client(), USER + "/")).isZero();
            assertThat(items(OTHER).values()).hasSize(3).noneMatch(DocumentItem::deleted);
            assertThat(Fixtures.count(s3.client(), OTHER + "/")).isEqualTo(3);

            List<ConsumerRecord<String, byte[]>> published = publishedFor(USER);
            assertThat(published).hasSize(DOCUMENTS + 1);
            Set<SyncId> expected = mine.stream().map(DocumentItem::syncId).collect(Collectors.toSet());
            expected.add(lateCopy);
            assertThat(published.stream().map(r -> SyncId.parse(r.key())).collect(Collectors.toSet()))
                    .isEqualTo(expected);
            for (ConsumerRecord<String, byte[]> r : published) {
                ChangeEvent e = EventJson.read(r.value(), ChangeEvent.class);
                assertThat(e.type()).isEqualTo(OperationType.DELETE);
                assertThat(e.reason()).isEqualTo("data-deletion-request");
                assertThat(e.deviceId()).isEqualTo("syncid-system:data-deletion");
                assertThat(e.baseVersion()).isEqualTo(1);
                assertThat(TopicRecords.header(r, CloudEventHeaders.ID)).isEqualTo(e.opId().toString());
                assertThat(TopicRecords.header(r, CloudEventHeaders.TYPE)).isEqualTo(CloudEventHeaders.TYPE_CHANGE);
                assertThat(TopicRecords.header(r, CloudEventHeaders.SOURCE)).isEqualTo("/tombstone-service");
                assertThat(TopicRecords.header(r, CloudEventHeaders.SUBJECT)).isEqualTo(r.key());
            }

            String again = post(USER).getString("id");
            assertThat(again).isNotEqualTo(id);
            await("the repeated request completes", () -> "COMPLETED".equals(status(again).getString("status")));
            assertThat(status(again).getInt("documents")).isZero();
            assertThat(publishedFor(USER)).hasSize(DOCUMENTS + 1);
            assertThat(writer.seen()).hasSize(DOCUMENTS + 1);
        }
        assertThat(others).hasSize(3);
    }

    private JsonPath post(String userId) {
        return given().header("Authorization", Tokens.operator("ops-7")).contentType("application/json")
                .body(Map.of("userId", userId)).post("/v1/admin/deletion-requests")
                .then().statusCode(202).extract().jsonPath();
    }

    private JsonPath status(String id) {
        return given().header("Authorization", Tokens.operator("ops-7")).get("/v1/admin/deletion-requests/" + id)
                .then().statusCode(200).extract().jsonPath();
    }

    private List<DocumentItem> seed(String userId, int count) throws Exception {
        List<DocumentItem> docs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            docs.add(Fixtures.live(SyncId.random(), userId, Instant.now()));
        }
        put(docs);
        ExecutorService uploads = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> done = new ArrayList<>();
            for (DocumentItem d : docs) {
                done.add(uploads.submit(() -> Fixtures.upload(s3.client(), userId, d.syncId(), "policy.pdf")));
            }
            for (Future<String> f : done) {
                f.get();
            }
        } finally {
            uploads.shutdown();
        }
        return docs;
    }

    private void put(List<DocumentItem> docs) {
        DynamoBatches.put(dynalite.client(), DocumentsTable.NAME, docs.stream().map(DocumentItemCodec::toItem)
                .toList());
    }

    private Map<SyncId, DocumentItem> items(String userId) {
        Map<SyncId, DocumentItem> out = new java.util.HashMap<>();
        dynalite.client().queryPaginator(b -> b.tableName(DocumentsTable.NAME).indexName(DocumentsTable.USER_INDEX)
                .keyConditionExpression("#u = :u")
                .expressionAttributeNames(Map.of("#u", DocumentsTable.USER_ID))
                .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId))))
                .items().forEach(i -> {
                    DocumentItem d = DocumentItemCodec.fromItem(i);
                    out.put(d.syncId(), d);
                });
        return out;
    }

    private static List<ConsumerRecord<String, byte[]>> publishedFor(String userId) {
        return Kafka.readAll(Topics.CHANGES).stream()
                .filter(r -> EventJson.read(r.value(), ChangeEvent.class).userId().equals(userId))
                .toList();
    }
}
