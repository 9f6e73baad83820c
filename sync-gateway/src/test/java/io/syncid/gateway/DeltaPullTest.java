package io.syncid.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.syncid.gateway.support.Documents;
import io.syncid.gateway.support.Tokens;
import io.syncid.model.SyncId;
import io.syncid.model.Topics;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.SyncMetadataTable;
import io.syncid.testkit.Dynalite;
import io.syncid.testkit.KafkaBroker;
import io.syncid.testkit.quarkus.InjectDynalite;
import io.syncid.testkit.quarkus.InjectKafkaBroker;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code GET /v1/documents?since=&limit=}: pages over every lane (the partitions of sync.operations), tombstones
 * included; a paged pull never repeats an item, and the next pull never skips one.
 */
@QuarkusTest
class DeltaPullTest {

    @InjectDynalite
    Dynalite dynalite;

    @InjectKafkaBroker
    KafkaBroker kafka;

    @Test
    void pagesDeliverEveryChangeOnceAndOnlyTheCallersAndThenNothing() {
        String user = "puller-" + UUID.randomUUID();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            SyncId id = SyncId.random();
            int lane = i % 6;
            if (i % 5 == 0) {
                Documents.put(dynalite.client(), Documents.tombstone(id, user, lane, 100 + i));
            } else {
                Documents.put(dynalite.client(), Documents.live(id, user, lane, 100 + i, "doc " + i));
            }
            expected.add(id.toString());
        }
        Documents.put(dynalite.client(), Documents.live(SyncId.random(), "someone-else", 0, 50, "not yours"));
        Documents.put(dynalite.client(), Documents.live(SyncId.random(), user + "-x", 0, 51, "not yours either"));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        boolean hasMore = true;
        while (hasMore) {
            JsonPath page = pull(user, cursor, 5);
            seen.addAll(page.getList("documents.syncId"));
            cursor = page.getString("nextCursor");
            hasMore = page.getBoolean("hasMore");
            assertThat(++pages).isLessThan(10);
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(pages).isEqualTo(5);

        JsonPath after = pull(user, cursor, 100);
        assertThat(after.getList("documents")).isEmpty();
        assertThat(after.getBoolean("hasMore")).isFalse();

        SyncId later = SyncId.random();
        Documents.put(dynalite.client(), Documents.live(later, user, 3, 999, "later"));
        assertThat(pull(user, after.getString("nextCursor"), 100).getList("documents.syncId"))
                .containsExactly(later.toString());
    }

    @Test
    void aChangeYoungerThanTheSettleWindowIsDeliveredAgainUntilItSettles() {
        String user = "settle-" + UUID.randomUUID();
        SyncId settled = SyncId.random();
        SyncId young = SyncId.random();
        Documents.put(dynalite.client(), Documents.live(settled, user, 2, 10, "settled"));
        DocumentItem fresh = Documents.live(young, user, 2, 11, "still settling");
        // Written "in the future" of the gateway's clock: inside the settle window however small it is.
        Documents.put(dynalite.client(), new DocumentItem(fresh.syncId(), fresh.userId(), fresh.title(),
                fresh.category(), fresh.fields(), fresh.attachments(), fresh.createdAt(), fresh.lastModified(),
                fresh.version(), fresh.contentHash(), null, null, false, null, null, null, List.of(), null,
                fresh.changePos(), Instant.now().plusSeconds(3600).toEpochMilli()));

        JsonPath first = pull(user, null, 10);
        assertThat(first.getList("documents.syncId")).containsExactly(settled.toString(), young.toString());
        JsonPath second = pull(user, first.getString("nextCursor"), 10);
        assertThat(second.getList("documents.syncId"))
                .as("the cursor moved past the settled change only")
                .containsExactly(young.toString());
    }

    @Test
    void aPagedPullRightAfterABurstDeliversEachDocumentOnceAndTheNextPullStillNeverSkips() {
        String user = "burst-" + UUID.randomUUID();
        // Written "in the future" of the gateway's clock: every item is inside the settle window, as right after a
        // burst of writes with a window of seconds.
        long unsettled = Instant.now().plusSeconds(3600).toEpochMilli();
        List<DocumentItem> burst = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            DocumentItem doc = Documents.live(SyncId.random(), user, i % 4, 300 + i, "burst " + i);
            burst.add(Documents.put(dynalite.client(), Documents.changedAt(doc, unsettled)));
        }
        List<String> expected = burst.stream().map(d -> d.syncId().toString()).toList();

        PagedPull first = pullAll(user, null, 3);
        assertThat(first.ids()).as("each document once").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(first.pages()).as("ceil(10 / 3) pages").isEqualTo(4);

        PagedPull next = pullAll(user, first.cursor(), 3);
        assertThat(next.ids()).as("nothing had settled: the next pull delivers every document again, once")
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(next.pages()).isEqualTo(4);

        // Now they settle, and one more change arrives, also settled.
        burst.forEach(d -> Documents.put(dynalite.client(), Documents.changedAt(d, Instant.now().toEpochMilli())));
        SyncId later = SyncId.random();
        Documents.put(dynalite.client(), Documents.live(later, user, 1, 400, "later"));
        List<String> all = new ArrayList<>(expected);
        all.add(later.toString());
        PagedPull settled = pullAll(user, next.cursor(), 3);
        assertThat(settled.ids()).containsExactlyInAnyOrderElementsOf(all);
        assertThat(settled.pages()).isEqualTo(4);
        assertThat(pullAll(user, settled.cursor(), 3).ids()).as("all settled: nothing comes again").isEmpty();
    }

    @Test
    void theLanesAreThePartitionsOfSyncOperationsAsTheBrokerHasThem() throws Exception {
        String user = "lanes-" + UUID.randomUUID();
        try (Admin admin = kafka.admin()) {
            int partitions = admin.describeTopics(List.of(Topics.OPERATIONS)).allTopicNames().get()
                    .get(Topics.OPERATIONS).partitions().size();
            SyncId beyond = SyncId.random();
            Documents.put(dynalite.client(), Documents.live(beyond, user, partitions, 5, "in a new partition"));
            assertThat(pull(user, null, 100).getList("documents")).as("no lane %d yet", partitions).isEmpty();

            admin.createPartitions(Map.of(Topics.OPERATIONS, NewPartitions.increaseTo(partitions + 1))).all().get();
            awaitPulled(user, beyond);
        }
    }

    private static void awaitPulled(String user, SyncId beyond) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> seen = List.of();
        while (seen.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            seen = pull(user, null, 100).getList("documents.syncId");
        }
        assertThat(seen).as("the new partition is read as a lane").containsExactly(beyond.toString());
    }

    @Test
    void tombstonesComeWithTheirMarker() {
        String user = "tomb-" + UUID.randomUUID();
        SyncId id = SyncId.random();
        Documents.put(dynalite.client(), Documents.tombstone(id, user, 2, 7));
        JsonPath page = pull(user, null, 10);
        assertThat(page.getList("documents.syncId")).containsExactly(id.toString());
        assertThat(page.getBoolean("documents[0].deleted")).isTrue();
        assertThat(page.getString("documents[0].title")).isNull();
    }

    @Test
    void aCursorOlderThanTheRetentionHorizonMustResync() {
        String user = "resync-" + UUID.randomUUID();
        String cursor = pull(user, null, 10).getString("nextCursor");
        dynalite.client().putItem(b -> b.tableName(SyncMetadataTable.NAME).item(Map.of(
                SyncMetadataTable.KEY, AttributeValue.fromS(SyncMetadataTable.RETENTION_HORIZON_KEY),
                SyncMetadataTable.HORIZON_MILLIS,
                AttributeValue.fromN(Long.toString(Instant.now().plusSeconds(1).toEpochMilli())))));
        try {
            given().header("Authorization", Tokens.bearer(user))
                    .queryParam("since", cursor)
                    .when().get("/v1/documents")
                    .then().statusCode(410).body("code", equalTo("RESYNC_REQUIRED"));
            given().header("Authorization", Tokens.bearer(user))
                    .when().get("/v1/documents")
                    .then().statusCode(200);
        } finally {
            dynalite.client().deleteItem(b -> b.tableName(SyncMetadataTable.NAME).key(Map.of(
                    SyncMetadataTable.KEY, AttributeValue.fromS(SyncMetadataTable.RETENTION_HORIZON_KEY))));
        }
    }

    @Test
    void badCursorAndLimitAre400() {
        for (String cursor : List.of("garbage", "djE7MTIzOzA9YQ", "!!!")) {
            given().header("Authorization", Tokens.bearer("alice")).queryParam("since", cursor)
                    .when().get("/v1/documents")
                    .then().statusCode(400).body("code", equalTo("INVALID_CURSOR"));
        }
        for (String limit : List.of("0", "1001", "-1", "ten", "1.5")) {
            given().header("Authorization", Tokens.bearer("alice")).queryParam("limit", limit)
                    .when().get("/v1/documents")
                    .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        }
    }

    /** Every page of one pull, from {@code cursor} until {@code hasMore} is false. */
    private static PagedPull pullAll(String user, String cursor, int limit) {
        List<String> ids = new ArrayList<>();
        int pages = 0;
        boolean hasMore = true;
        while (hasMore) {
            JsonPath page = pull(user, cursor, limit);
            ids.addAll(page.getList("documents.syncId"));
            cursor = page.getString("nextCursor");
            hasMore = page.getBoolean("hasMore");
            assertThat(++pages).as("a paged pull that does not end").isLessThan(50);
        }
        return new PagedPull(ids, pages, cursor);
    }

    private record PagedPull(List<String> ids, int pages, String cursor) {
    }

    private static JsonPath pull(String user, String cursor, int limit) {
        var request = given().header("Authorization", Tokens.bearer(user)).queryParam("limit", limit);
        if (cursor != null) {
            request.queryParam("since", cursor);
        }
        return request.when().get("/v1/documents").then().statusCode(200).extract().jsonPath();
    }
}
