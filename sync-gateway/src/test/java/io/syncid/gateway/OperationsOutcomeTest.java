package io.syncid.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.StringJoiner;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.syncid.gateway.support.Tokens;
import io.syncid.model.ErrorCode;
import io.syncid.model.Outcome;
import io.syncid.model.SyncId;
import io.syncid.model.store.OperationOutcome;
import io.syncid.model.store.OperationOutcomesTable;
import io.syncid.testkit.Dynalite;
import io.syncid.testkit.quarkus.InjectDynalite;

/** {@code GET /v1/operations}: recorded outcomes of the caller's opIds; PENDING for everything else. */
@QuarkusTest
class OperationsOutcomeTest {

    @InjectDynalite
    Dynalite dynalite;

    @Test
    void recordedOutcomesAreShownToTheirOwnerOnly() {
        String applied = SyncId.random().toString();
        String conflict = SyncId.random().toString();
        String rejected = SyncId.random().toString();
        String bobs = SyncId.random().toString();
        String unknown = SyncId.random().toString();
        String syncId = SyncId.random().toString();
        String copy = SyncId.random().toString();
        seed(applied, "alice", syncId, "APPLIED", null, 4, null);
        seed(conflict, "alice", syncId, "CONFLICT_RESOLVED", null, 5, copy);
        seed(rejected, "alice", syncId, "REJECTED", "TOMBSTONED", 6, null);
        seed(bobs, "bob", syncId, "APPLIED", null, 1, null);

        given().header("Authorization", Tokens.bearer("alice"))
                .queryParam("opIds", String.join(",", applied, conflict.toUpperCase(), rejected, bobs, unknown))
                .when().get("/v1/operations")
                .then().statusCode(200)
                .body("operations", hasSize(5))
                .body("operations[0].status", equalTo("APPLIED"))
                .body("operations[0].version", equalTo(4))
                .body("operations[0].syncId", equalTo(syncId))
                .body("operations[1].opId", equalTo(conflict))
                .body("operations[1].status", equalTo("CONFLICT_RESOLVED"))
                .body("operations[1].conflictCopySyncId", equalTo(copy))
                .body("operations[2].status", equalTo("REJECTED"))
                .body("operations[2].error.code", equalTo("TOMBSTONED"))
                .body("operations[3].status", equalTo("PENDING"))
                .body("operations[3].syncId", nullValue())
                .body("operations[4].status", equalTo("PENDING"));
    }

    @Test
    void badOpIdListsAre400() {
        StringJoiner many = new StringJoiner(",");
        for (int i = 0; i < 101; i++) {
            many.add(SyncId.random().toString());
        }
        given().header("Authorization", Tokens.bearer("alice")).when().get("/v1/operations")
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        given().header("Authorization", Tokens.bearer("alice")).queryParam("opIds", many.toString())
                .when().get("/v1/operations")
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        for (String bad : new String[]{"x", SyncId.random() + ",", "," + SyncId.random(),
                "00000000-0000-0000-0000-000000000000"}) {
            given().header("Authorization", Tokens.bearer("alice")).queryParam("opIds", bad)
                    .when().get("/v1/operations")
                    .then().statusCode(400).body("code", equalTo("INVALID_OP_ID"));
        }
    }

    private void seed(String opId, String userId, String syncId, String outcome, String code, long version,
            String copy) {
        OperationOutcome recorded = new OperationOutcome(java.util.UUID.fromString(opId), userId, SyncId.parse(syncId),
                Outcome.valueOf(outcome), code == null ? null : ErrorCode.valueOf(code), version,
                copy == null ? null : SyncId.parse(copy), Instant.now(),
                Instant.now().plusSeconds(7 * 86400).getEpochSecond());
        dynalite.client().putItem(b -> b.tableName(OperationOutcomesTable.NAME).item(recorded.toItem()));
    }
}
