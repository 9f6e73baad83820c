package io.syncid.tombstones;

import static io.syncid.model.store.DocumentsTable.*;
import static io.syncid.tombstones.support.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.syncid.model.SyncId;
import io.syncid.model.WriteResult;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.DocumentItemCodec;
import io.syncid.model.store.SyncMetadataTable;
import io.syncid.runtime.aws.DynamoBatches;
import io.syncid.testkit.Dynalite;
import io.syncid.testkit.quarkus.InjectDynalite;
import io.syncid.tombstones.service.PurgeService;
import io.syncid.tombstones.support.Fixtures;
import io.syncid.tombstones.support.Kafka;
import io.syncid.tombstones.support.Registry;
import io.syncid.tombstones.support.TestClock;
import io.syncid.tombstones.support.TombstoneTestResources;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@QuarkusTest
class PurgeTest {

    static {
        TombstoneTestResources.class.getName();
    }

    @InjectDynalite
    Dynalite dynalite;

    @Inject
    PurgeService purge;

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    @Test
    void tombstonesOlderThanTheRetentionBecomeReservationsAndYoungerOnesStay() {
        Instant now = Instant.now();
        Instant old = now.minus(Duration.ofDays(120)).truncatedTo(ChronoUnit.MILLIS);
        Instant young = now.minus(Duration.ofDays(89));
        DocumentItem oldOne = tombstone(SyncId.random(), "purge-alice", old);
        DocumentItem youngOne = tombstone(SyncId.random(), "purge-alice", young);
        recordAll(List.of(oldOne, youngOne));

        PurgeService.Report report = purge.purge();

        assertThat(report.outcome()).isEqualTo("SUCCEEDED");
        assertThat(report.purged()).isGreaterThanOrEqualTo(1);
        // The horizon is "now - 90 days" by the service's clock, and the gateway reads it from SyncMetadata.
        long horizon = horizonMillis();
        assertThat(Instant.ofEpochMilli(horizon)).isEqualTo(report.horizon().truncatedTo(ChronoUnit.MILLIS))
                .isBetween(now.minus(Duration.ofDays(90)), Instant.now().minus(Duration.ofDays(90)));
        assertThat(Registry.tombstone(oldOne.syncId())).isNull();
        assertThat(Registry.tombstone(youngOne.syncId())).isNotNull();

        Map<String, AttributeValue> reserved = item(oldOne.syncId());
        assertThat(reserved.keySet()).containsExactlyInAnyOrder(SYNC_ID, USER_ID, VERSION, DELETED, DELETED_AT,
                DELETED_BY, DELETE_REASON, CREATED_AT, LAST_MODIFIED, LAST_DEVICE_ID, RESERVED, PURGED_AT,
                PURGED_CHANGE_POS);
        assertThat(reserved.get(RESERVED).bool()).isTrue();
        assertThat(reserved.get(DELETED).bool()).isTrue();
        assertThat(reserved.get(PURGED_CHANGE_POS).s()).isEqualTo(oldOne.changePos().encode());
        assertThat(Instant.parse(reserved.get(PURGED_AT).s())).isAfterOrEqualTo(now);
        assertThat(DocumentItemCodec.isReservation(reserved)).isTrue();
        DocumentItem read = DocumentItemCodec.fromItem(reserved);
        assertThat(read.deleted()).isTrue();
        assertThat(read.userId()).isEqualTo("purge-alice");
        assertThat(read.version()).isEqualTo(oldOne.version());
        assertThat(read.title()).isNull();
        assertThat(read.changePos()).isEqualTo(oldOne.changePos());
        assertThat(inUserIndex("purge-alice")).contains(youngOne.syncId().toString())
                .doesNotContain(oldOne.syncId().toString());

        Map<String, AttributeValue> stillTombstone = item(youngOne.syncId());
        assertThat(stillTombstone).doesNotContainKey(RESERVED).containsKey(CHANGE_POS);
    }

    @Test
    void theHorizonNeverMovesBackward() {
        purge.purge();
        long before = horizonMillis();

        TestClock.shift(Duration.ofDays(-30));
        PurgeService.Report report = purge.purge();

        assertThat(report.outcome()).isEqualTo("SUCCEEDED");
        assertThat(report.horizon().toEpochMilli()).isLessThan(before);
        assertThat(horizonMillis()).isEqualTo(before);
    }

    @Test
    void twoPurgesAtOnceDoTheWorkOnce() throws Exception {
        purge.purge(); // nothing older than the retention is left from other tests
        Instant old = Instant.now().minus(Duration.ofDays(200));
        List<DocumentItem> items = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            items.add(tombstone(SyncId.random(), "purge-bob", old.plusSeconds(i)));
        }
        recordAll(items);

        CountDownLatch start = new CountDownLatch(1);
        var first = CompletableFuture.supplyAsync(() -> awaitThen(start, purge::purge));
        var second = CompletableFuture.supplyAsync(() -> awaitThen(start, purge::purge));
        start.countDown();
        PurgeService.Report a = first.get();
        PurgeService.Report b = second.get();

        assertThat(a.outcome()).isEqualTo("SUCCEEDED");
        assertThat(b.outcome()).isEqualTo("SUCCEEDED");
        assertThat(a.purged() + b.purged()).isEqualTo(items.size());
        assertThat(a.skipped() + b.skipped()).isZero();
        for (DocumentItem item : items) {
            assertThat(DocumentItemCodec.isReservation(item(item.syncId()))).isTrue();
            assertThat(Registry.tombstone(item.syncId())).isNull();
        }
    }

    private static <T> T awaitThen(CountDownLatch start, java.util.function.Supplier<T> task) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return task.get();
    }

    /** Writes the tombstones as the writer would, sends their DELETED results, waits until they are recorded. */
    private void recordAll(List<DocumentItem> tombstones) {
        DynamoBatches.put(dynalite.client(), NAME, tombstones.stream().map(DocumentItemCodec::toItem).toList());
        List<WriteResult> results = tombstones.stream()
                .map(t -> Fixtures.deleted(t.syncId(), t.userId(), t.deletedAt()))
                .toList();
        Kafka.sendResults(results);
        for (DocumentItem t : tombstones) {
            await("tombstone " + t.syncId() + " recorded and cleaned", () -> {
                var row = Registry.tombstone(t.syncId());
                return row != null && row.attachmentsCleanedAt != null;
            });
        }
    }

    private static DocumentItem tombstone(SyncId syncId, String userId, Instant at) {
        return Fixtures.tombstone(syncId, userId, 3, at, "user");
    }

    private Map<String, AttributeValue> item(SyncId syncId) {
        return dynalite.client().getItem(b -> b.tableName(NAME)
                .key(Map.of(SYNC_ID, AttributeValue.fromS(syncId.toString()))).consistentRead(true)).item();
    }

    private long horizonMillis() {
        var item = dynalite.client().getItem(b -> b.tableName(SyncMetadataTable.NAME)
                .key(Map.of(SyncMetadataTable.KEY, AttributeValue.fromS(SyncMetadataTable.RETENTION_HORIZON_KEY)))
                .consistentRead(true)).item();
        return Long.parseLong(item.get(SyncMetadataTable.HORIZON_MILLIS).n());
    }

    private List<String> inUserIndex(String userId) {
        return dynalite.client().query(b -> b.tableName(NAME).indexName(USER_INDEX)
                .keyConditionExpression("#u = :u")
                .expressionAttributeNames(Map.of("#u", USER_ID))
                .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId))))
                .items().stream().map(i -> i.get(SYNC_ID).s()).toList();
    }
}
