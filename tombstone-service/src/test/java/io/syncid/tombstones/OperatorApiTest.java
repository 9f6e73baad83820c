package io.syncid.tombstones;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.syncid.model.SyncId;
import io.syncid.tombstones.repository.DeletionRequestRepository;
import io.syncid.tombstones.support.Fixtures;
import io.syncid.tombstones.support.Tokens;
import io.syncid.tombstones.support.TombstoneTestResources;

@QuarkusTest
class OperatorApiTest {

    static {
        TombstoneTestResources.class.getName();
    }

    @Test
    void withoutATokenEveryOperatorCallIs401ProblemJsonAndChangesNothing() {
        long before = requests();
        problem(given().contentType("application/json").body("{\"userId\":\"api-alice\"}")
                .post("/v1/admin/deletion-requests").then(), 401, "UNAUTHORIZED");
        problem(given().post("/v1/admin/purges").then(), 401, "UNAUTHORIZED");
        problem(given().get("/v1/admin/tombstones/counts").then(), 401, "UNAUTHORIZED");
        assertThat(requests()).isEqualTo(before);
    }

    @Test
    void aDeviceTokenIs403ProblemJsonAndChangesNothing() {
        long before = requests();
        problem(given().header("Authorization", Tokens.device("api-alice")).contentType("application/json")
                .body("{\"userId\":\"api-alice\"}").post("/v1/admin/deletion-requests").then(), 403, "FORBIDDEN");
        problem(given().header("Authorization", Tokens.device("api-alice")).post("/v1/admin/orphan-sweeps").then(),
                403, "FORBIDDEN");
        assertThat(requests()).isEqualTo(before);
    }

    @Test
    void badInputIs400Or404ProblemJsonAndChangesNothing() {
        long before = requests();
        String operator = Tokens.operator("ops-1");
        problem(given().header("Authorization", operator).get("/v1/admin/deletion-requests/not-a-uuid").then(),
                400, "VALIDATION_FAILED");
        problem(given().header("Authorization", operator).get("/v1/admin/deletion-requests/" + SyncId.random())
                .then(), 404, "NOT_FOUND");
        problem(given().header("Authorization", operator).contentType("application/json")
                .body("{\"userId\":\"never-seen-" + SyncId.random() + "\"}").post("/v1/admin/deletion-requests")
                .then(), 404, "NOT_FOUND");
        problem(given().header("Authorization", operator).contentType("application/json").body("{\"userId\":\"\"}")
                .post("/v1/admin/deletion-requests").then(), 400, "VALIDATION_FAILED");
        problem(given().header("Authorization", operator).contentType("application/json").body("{}")
                .post("/v1/admin/deletion-requests").then(), 400, "VALIDATION_FAILED");
        problem(given().header("Authorization", operator).contentType("application/json").body("{\"userId\":")
                .post("/v1/admin/deletion-requests").then(), 400, "MALFORMED_REQUEST");
        problem(given().header("Authorization", operator).contentType("application/json")
                .body("{\"userId\":\"syncid-system:probe\"}").post("/v1/admin/deletion-requests").then(), 400,
                "VALIDATION_FAILED");
        assertThat(requests()).isEqualTo(before);
    }

    @Test
    void aManualPurgeAnswers202AtOnceAndItsRunIsPolledToTheEnd() {
        String operator = Tokens.operator("ops-1");
        var started = given().header("Authorization", operator).post("/v1/admin/purges").then()
                .statusCode(202)
                .body("outcome", equalTo("RUNNING"))
                .body("finishedAt", nullValue())
                .extract();
        long id = started.jsonPath().getLong("id");
        assertThat(started.header("Location")).endsWith("/v1/admin/purges/" + id);

        Fixtures.await("purge " + id + " finished", () -> !"RUNNING".equals(given().header("Authorization", operator)
                .get("/v1/admin/purges/" + id).then().statusCode(200).extract().path("outcome")));
        given().header("Authorization", operator).get("/v1/admin/purges/" + id).then().statusCode(200)
                .body("outcome", equalTo("SUCCEEDED"))
                .body("finishedAt", notNullValue());
    }

    @Test
    void aPurgeRunIsReadByItsIdOnly() {
        String operator = Tokens.operator("ops-1");
        problem(given().header("Authorization", operator).get("/v1/admin/purges/not-a-number").then(), 400,
                "VALIDATION_FAILED");
        problem(given().header("Authorization", operator).get("/v1/admin/purges/" + Long.MAX_VALUE).then(), 404,
                "NOT_FOUND");
        problem(given().header("Authorization", Tokens.device("api-alice")).post("/v1/admin/purges").then(), 403,
                "FORBIDDEN");
    }

    @Test
    void tombstoneCountsAreByAge() {
        given().header("Authorization", Tokens.operator("ops-1")).get("/v1/admin/tombstones/counts")
                .then().statusCode(200)
                .body("byAge.keySet()", org.hamcrest.Matchers.contains("under7d", "7to30d", "30to90d", "over90d"))
                .body("asOf", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void theOpenApiDocumentDescribesTheOperatorApi() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.keySet()", org.hamcrest.Matchers.hasItems("/v1/admin/deletion-requests",
                        "/v1/admin/purges", "/v1/admin/orphan-sweeps", "/v1/admin/tombstones/counts"));
    }

    @Test
    void theRolloutsSeriesAreExported() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("sync_tombstones_recorded_total", "sync_tombstones_purged_total",
                "sync_attachments_deleted_total", "sync_attachment_deletions_failed_total", "orphaned_attachments",
                "sync_purge_seconds_count");
    }

    @Test
    void theServiceIsReady() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    private static void problem(ValidatableResponse response, int status, String code) {
        response.statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(status))
                .body("code", equalTo(code));
    }

    private static long requests() {
        return QuarkusTransaction.requiringNew()
                .call(() -> Arc.container().instance(DeletionRequestRepository.class).get().count());
    }
}
