package io.syncid.tombstones;

import static io.restassured.RestAssured.given;
import static io.syncid.tombstones.support.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.syncid.model.CloudEventHeaders;
import io.syncid.model.ErrorCode;
import io.syncid.model.SyncId;
import io.syncid.model.Topics;
import io.syncid.model.WriteResult;
import io.syncid.testkit.S3Server;
import io.syncid.testkit.TopicRecords;
import io.syncid.testkit.quarkus.InjectS3Server;
import io.syncid.tombstones.repository.Tombstone;
import io.syncid.tombstones.support.Fixtures;
import io.syncid.tombstones.support.Kafka;
import io.syncid.tombstones.support.Registry;
import io.syncid.tombstones.support.TombstoneTestResources;

@QuarkusTest
class TombstoneRegistryTest {

    static {
        TombstoneTestResources.class.getName();
    }

    @InjectS3Server
    S3Server s3;

    @Test
    void aDeletedResultDeliveredThreeTimesIsOneTombstoneAndItsAttachmentsAreGoneButNoOneElses() {
        SyncId syncId = SyncId.random();
        SyncId othersSyncId = SyncId.random();
        String mine = Fixtures.upload(s3.client(), "reg-alice", syncId, "policy.pdf");
        String mineToo = Fixtures.upload(s3.client(), "reg-alice", syncId, "scan.png");
        String others = Fixtures.upload(s3.client(), "reg-bob", othersSyncId, "policy.pdf");
        // Another document of the same user whose syncId shares the prefix text must not be touched either.
        String sibling = Fixtures.upload(s3.client(), "reg-alice", othersSyncId, "policy.pdf");
        Instant deletedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        WriteResult result = Fixtures.deleted(syncId, "reg-alice", deletedAt);

        Kafka.sendResults(List.of(result, result, result));

        await("the tombstone is recorded and cleaned", () -> {
            Tombstone t = Registry.tombstone(syncId);
            return t != null && t.attachmentsCleanedAt != null;
        });
        Tombstone t = Registry.tombstone(syncId);
        assertThat(t.userId).isEqualTo("reg-alice");
        assertThat(t.deletedAt).isEqualTo(deletedAt);
        assertThat(t.deletedBy).isEqualTo("device-1");
        assertThat(t.reason).isEqualTo("user");
        assertThat(Registry.count(syncId)).isEqualTo(1);
        assertThat(Fixtures.exists(s3.client(), mine)).isFalse();
        assertThat(Fixtures.exists(s3.client(), mineToo)).isFalse();
        assertThat(Fixtures.exists(s3.client(), others)).isTrue();
        assertThat(Fixtures.exists(s3.client(), sibling)).isTrue();
    }

    @Test
    void resultsOtherThanDeletedRecordNothing() {
        SyncId applied = SyncId.random();
        SyncId deletedAfter = SyncId.random();

        // One key, one partition: once the DELETED result is recorded, the APPLIED one before it was consumed.
        Kafka.sendResults(deletedAfter.toString(), List.of(Fixtures.applied(applied, "reg-carol"),
                Fixtures.deleted(deletedAfter, "reg-carol", Instant.now())));

        await("the DELETED result is recorded", () -> Registry.tombstone(deletedAfter) != null);
        assertThat(Registry.tombstone(applied)).isNull();
    }

    @Test
    void anUnreadableResultGoesToTheDeadLetterTopicWithItsErrorAndTheNextOneIsRecorded() {
        SyncId syncId = SyncId.random();
        byte[] poison = "{\"schemaVersion\":1,\"syncId\":\"not-a-sync-id\"}".getBytes(StandardCharsets.UTF_8);

        Kafka.sendRaw(syncId.toString(), poison);
        Kafka.sendResults(List.of(Fixtures.deleted(syncId, "reg-dave", Instant.now())));

        await("the good result behind the poison one is recorded",
                () -> Registry.tombstone(syncId) != null);
        await("the poison record is dead-lettered", () -> !deadLettered(syncId).isEmpty());
        ConsumerRecord<String, byte[]> dead = deadLettered(syncId).get(0);
        assertThat(dead.value()).isEqualTo(poison);
        assertThat(TopicRecords.header(dead, CloudEventHeaders.DLQ_ERROR_CODE)).isIn(ErrorCode.POISON_RECORD.name(),
                ErrorCode.INVALID_SYNC_ID.name());
        assertThat(TopicRecords.header(dead, CloudEventHeaders.DLQ_ERROR_MESSAGE)).contains("WriteResult");
        assertThat(TopicRecords.header(dead, CloudEventHeaders.DLQ_SOURCE_TOPIC)).isEqualTo(Topics.RESULTS);
    }

    @Test
    void whileS3IsAwayTombstonesAreStillRecordedAndTheirCleanupIsCountedAndRetried() {
        SyncId syncId = SyncId.random();
        String key = Fixtures.upload(s3.client(), "reg-erin", syncId, "policy.pdf");
        double failedBefore = counter("sync_attachment_deletions_failed_total");

        s3.pause();
        try {
            Kafka.sendResults(List.of(Fixtures.deleted(syncId, "reg-erin", Instant.now())));
            await("the tombstone is recorded although S3 is away", () -> Registry.tombstone(syncId) != null);
            await("the failed clean-up is counted",
                    () -> counter("sync_attachment_deletions_failed_total") > failedBefore);
            assertThat(Registry.tombstone(syncId).attachmentsCleanedAt).isNull();
        } finally {
            s3.resume();
        }

        await("the clean-up is retried once S3 is back", () -> Registry.tombstone(syncId).attachmentsCleanedAt != null);
        assertThat(Fixtures.exists(s3.client(), key)).isFalse();
    }

    private static double counter(String name) {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static List<ConsumerRecord<String, byte[]>> deadLettered(SyncId key) {
        return Kafka.readAll(Topics.dlq(Topics.RESULTS)).stream()
                .filter(r -> key.toString().equals(r.key()))
                .toList();
    }
}
