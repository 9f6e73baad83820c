package io.syncid.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.syncid.gateway.support.Documents;
import io.syncid.gateway.support.Tokens;
import io.syncid.model.EventJson;
import io.syncid.model.SyncId;
import io.syncid.testkit.Dynalite;
import io.syncid.testkit.quarkus.InjectDynalite;

/** {@code GET /v1/documents/{syncId}}: 200 own, 404 unknown or another user's, 410 with tombstone, 400 invalid. */
@QuarkusTest
class DocumentReadTest {

    @InjectDynalite
    Dynalite dynalite;

    @Test
    void ownerReadsTheDocument() {
        SyncId id = SyncId.random();
        Documents.put(dynalite.client(), Documents.live(id, "alice", 0, 1, "Car insurance"));
        given().header("Authorization", Tokens.bearer("alice"))
                .when().get("/v1/documents/" + id.toString().toUpperCase())
                .then().statusCode(200)
                .body("syncId", equalTo(id.toString()))
                .body("title", equalTo("Car insurance"))
                .body("version", equalTo(1))
                .body("fields.renewal", equalTo("2027-01-31"))
                .body("attachments[0].fileName", equalTo("policy.pdf"))
                .body("attachments[0].s3Key", nullValue())
                .body("deleted", equalTo(false));
    }

    @Test
    void storedFieldsComeBackAsTheSameJsonObjectFromAReadAndAPull() throws Exception {
        String user = "fields-" + UUID.randomUUID();
        SyncId id = SyncId.random();
        Map<String, Object> owner = new LinkedHashMap<>();
        owner.put("name", "Zoë \"Z\" Ünal\n");
        owner.put("tags", List.of("a", 2, true));
        owner.put("none", null);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("owner", owner);
        fields.put("premium", 420.5);
        Documents.put(dynalite.client(), Documents.withFields(Documents.live(id, user, 0, 1, "Nested"), fields));

        JsonNode read = EventJson.mapper().readTree(given().header("Authorization", Tokens.bearer(user))
                .when().get("/v1/documents/" + id)
                .then().statusCode(200).extract().asByteArray());
        JsonNode pulled = EventJson.mapper().readTree(given().header("Authorization", Tokens.bearer(user))
                .when().get("/v1/documents")
                .then().statusCode(200).extract().asByteArray());
        JsonNode expected = EventJson.mapper().valueToTree(fields);
        assertThat(read.get("fields")).isEqualTo(expected);
        assertThat(pulled.get("documents").get(0).get("fields")).isEqualTo(expected);
    }

    @Test
    void unknownAndAnotherUsersAreTheSame404() {
        SyncId mine = SyncId.random();
        Documents.put(dynalite.client(), Documents.live(mine, "alice", 0, 2, "Secret"));
        String other = given().header("Authorization", Tokens.bearer("bob"))
                .when().get("/v1/documents/" + mine)
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("NOT_FOUND"))
                .extract().body().asString();
        String unknown = given().header("Authorization", Tokens.bearer("bob"))
                .when().get("/v1/documents/" + SyncId.random())
                .then().statusCode(404).body("code", equalTo("NOT_FOUND"))
                .extract().body().asString();
        org.assertj.core.api.Assertions.assertThat(other.replace(mine.toString(), "X"))
                .as("another user's document answers exactly like an unknown one")
                .isEqualTo(unknown.replaceAll("[0-9a-f-]{36}", "X"));
    }

    @Test
    void deletedDocumentIs410WithItsTombstone() {
        SyncId id = SyncId.random();
        Documents.put(dynalite.client(), Documents.tombstone(id, "alice", 1, 3));
        given().header("Authorization", Tokens.bearer("alice"))
                .when().get("/v1/documents/" + id)
                .then().statusCode(410)
                .contentType("application/problem+json")
                .body("code", equalTo("TOMBSTONED"))
                .body("tombstone.syncId", equalTo(id.toString()))
                .body("tombstone.reason", equalTo("user"))
                .body("tombstone.version", equalTo(2));
    }

    @Test
    void invalidSyncIdIs400() {
        for (String bad : new String[]{"123", "00000000-0000-0000-0000-000000000000",
                SyncId.random().toString().replace("-", ""), "urn:uuid:" + SyncId.random()}) {
            given().header("Authorization", Tokens.bearer("alice"))
                    .when().get("/v1/documents/" + bad)
                    .then().statusCode(400).body("code", equalTo("INVALID_SYNC_ID"));
        }
    }
}
