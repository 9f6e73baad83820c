package io.syncid.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.syncid.gateway.support.Documents;
import io.syncid.gateway.support.Tokens;
import io.syncid.model.SyncId;
import io.syncid.model.store.ChangePosition;
import io.syncid.model.store.DocumentItem;
import io.syncid.testkit.Dynalite;
import io.syncid.testkit.quarkus.InjectDynalite;

/** {@code GET /v1/legacy/{legacyId}}: the syncId of one of the caller's migrated documents, 404 otherwise. */
@QuarkusTest
class LegacyLookupTest {

    @InjectDynalite
    Dynalite dynalite;

    @Test
    void notMigratedIs404() {
        given().header("Authorization", Tokens.bearer("alice"))
                .when().get("/v1/legacy/" + UUID.randomUUID())
                .then().statusCode(404).body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void migratedDocumentIsFoundByItsOwnerOnly() {
        String legacyId = "legacy-" + UUID.randomUUID();
        SyncId id = SyncId.random();
        Instant now = Instant.now();
        Documents.put(dynalite.client(), new DocumentItem(id, "alice", "Old doc", "misc", null, List.of(), now, now, 3,
                "h", legacyId, null, false, null, null, null, List.of(), null,
                new ChangePosition(0, 1, 0), now.toEpochMilli()));

        given().header("Authorization", Tokens.bearer("alice"))
                .when().get("/v1/legacy/" + legacyId)
                .then().statusCode(200)
                .body("legacyId", equalTo(legacyId))
                .body("syncId", equalTo(id.toString()));
        given().header("Authorization", Tokens.bearer("bob"))
                .when().get("/v1/legacy/" + legacyId)
                .then().statusCode(404).body("code", equalTo("NOT_FOUND"));
    }
}
