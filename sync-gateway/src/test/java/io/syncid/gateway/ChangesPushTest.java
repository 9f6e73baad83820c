package io.syncid.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.syncid.gateway.support.ChangesTopic;
import io.syncid.gateway.support.Ops;
import io.syncid.gateway.support.Tokens;
import io.syncid.model.ChangeEvent;
import io.syncid.model.ChangeEventDeserializer;
import io.syncid.model.OperationType;
import io.syncid.model.SyncId;
import io.syncid.testkit.KafkaBroker;
import io.syncid.testkit.TopicRecords;
import io.syncid.testkit.quarkus.InjectKafkaBroker;

/** {@code POST /v1/changes}: accepted operations land on sync.changes keyed by syncId with CloudEvents headers. */
@QuarkusTest
class ChangesPushTest {

    @InjectKafkaBroker
    KafkaBroker kafka;

    @Test
    void acceptedOperationIsOnTheTopicWithKeyHeadersAndPayload() {
        String syncId = SyncId.random().toString().toUpperCase();
        Map<String, Object> op = Ops.create(syncId);
        op.put("occurredAt", "2026-11-24T10:15:30.120+01:00");
        Map<String, Object> body = Ops.batch("pixel-7-a1", List.of(op));
        body.put("userId", "someone-else");

        given().header("Authorization", Tokens.bearer("alice")).contentType(ContentType.JSON).body(body)
                .when().post("/v1/changes")
                .then().statusCode(202)
                .body("results", hasSize(1))
                .body("results[0].status", equalTo("ACCEPTED"))
                .body("results[0].opId", equalTo(op.get("opId")))
                .body("results[0].syncId", equalTo(syncId.toLowerCase()));

        List<ConsumerRecord<String, byte[]>> records = ChangesTopic.withOpIds(kafka.bootstrapServers(),
                op.get("opId")::equals);
        assertThat(records).hasSize(1);
        ConsumerRecord<String, byte[]> record = records.get(0);
        assertThat(record.key()).isEqualTo(syncId.toLowerCase());
        assertThat(TopicRecords.header(record, "ce_subject")).isEqualTo(syncId.toLowerCase());
        assertThat(TopicRecords.header(record, "ce_type")).isEqualTo("io.syncid.change.v1");
        assertThat(TopicRecords.header(record, "ce_source")).isEqualTo("/sync-gateway");
        assertThat(TopicRecords.header(record, "ce_specversion")).isEqualTo("1.0");
        try (ChangeEventDeserializer deserializer = new ChangeEventDeserializer()) {
            ChangeEvent event = deserializer.deserialize("sync.changes", record.value());
            assertThat(event.userId()).as("userId comes from the token, never the body").isEqualTo("alice");
            assertThat(event.deviceId()).isEqualTo("pixel-7-a1");
            assertThat(event.type()).isEqualTo(OperationType.CREATE);
            assertThat(event.syncId().toString()).isEqualTo(syncId.toLowerCase());
            assertThat(event.document().title()).isEqualTo("Home insurance");
            assertThat(event.document().fields()).containsEntry("renewal", "2027-01-31");
            assertThat(event.document().attachments()).singleElement()
                    .satisfies(a -> assertThat(a.fileName()).isEqualTo("policy.pdf"));
            assertThat(event.receivedAt()).isNotNull();
            assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-24T09:15:30.120Z"));
            assertThat(event.schemaVersion()).isEqualTo(1);
        }
        // Instants travel as UTC ISO-8601 text, as Instant.toString() writes them.
        assertThat(new String(record.value(), StandardCharsets.UTF_8))
                .contains("\"occurredAt\":\"2026-11-24T09:15:30.120Z\"");
    }

    @Test
    void validOperationsAreAcceptedBesideRejectedOnesInRequestOrder() {
        Map<String, Object> good1 = Ops.create(SyncId.random().toString());
        Map<String, Object> bad = Ops.create("not-a-sync-id");
        Map<String, Object> good2 = Ops.delete(SyncId.random().toString(), 3);

        given().header("Authorization", Tokens.bearer("alice")).contentType(ContentType.JSON)
                .body(Ops.batch(Ops.uniqueDevice(), List.of(good1, bad, good2)))
                .when().post("/v1/changes")
                .then().statusCode(202)
                .body("results.status", equalTo(List.of("ACCEPTED", "REJECTED", "ACCEPTED")))
                .body("results.opId", equalTo(List.of(good1.get("opId"), bad.get("opId"), good2.get("opId"))))
                .body("results[1].error.code", equalTo("INVALID_SYNC_ID"));

        List<String> published = ChangesTopic.readAll(kafka.bootstrapServers()).stream()
                .map(r -> TopicRecords.header(r, "ce_id"))
                .toList();
        assertThat(published).contains((String) good1.get("opId"), (String) good2.get("opId"))
                .doesNotContain((String) bad.get("opId"));
    }

    @Test
    void theSameOpIdTwiceInOneBatchIsRejectedTheSecondTime() {
        Map<String, Object> first = Ops.create(SyncId.random().toString());
        Map<String, Object> again = Ops.update((String) first.get("syncId"), 1);
        again.put("opId", first.get("opId"));

        given().header("Authorization", Tokens.bearer("alice")).contentType(ContentType.JSON)
                .body(Ops.batch(Ops.uniqueDevice(), List.of(first, again)))
                .when().post("/v1/changes")
                .then().statusCode(202)
                .body("results.status", equalTo(List.of("ACCEPTED", "REJECTED")))
                .body("results[1].error.code", equalTo("DUPLICATE_OP_ID"));

        assertThat(ChangesTopic.withOpIds(kafka.bootstrapServers(), first.get("opId")::equals)).hasSize(1);
    }

    @Test
    void fiveHundredOperationsAreOneBatch() {
        List<Map<String, Object>> ops = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ops.add(Ops.create(SyncId.random().toString()));
        }
        given().header("Authorization", Tokens.bearer("alice")).contentType(ContentType.JSON)
                .body(Ops.batch(Ops.uniqueDevice(), ops))
                .when().post("/v1/changes")
                .then().statusCode(202)
                .body("results", hasSize(500))
                .body("results.findAll { it.status == 'ACCEPTED' }", hasSize(500));
    }
}
