package io.syncid.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.syncid.gateway.support.Documents;
import io.syncid.gateway.support.Tokens;
import io.syncid.model.SyncId;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.SyncMetadataTable;
import io.syncid.testkit.Dynalite;
import io.syncid.testkit.quarkus.InjectDynalite;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code GET /v1/documents?since=&limit=}: pages over every lane, tombstones included, cursor never skips. */
@QuarkusTest
class DeltaPullTest {

    @InjectDynalite
    Dynalite dynalite;

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

    private static JsonPath pull(String user, String cursor, int limit) {
        var request = given().header("Authorization", Tokens.bearer(user)).queryParam("limit", limit);
        if (cursor != null) {
            request.queryParam("since", cursor);
        }
        return request.when().get("/v1/documents").then().statusCode(200).extract().jsonPath();
    }
}
