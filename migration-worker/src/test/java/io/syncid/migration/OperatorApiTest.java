package io.syncid.migration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.syncid.migration.support.Tokens;

/** The operator API's edges: operators only, problem+json for every refusal. */
@QuarkusTest
class OperatorApiTest {

    @Test
    void aRequestWithoutATokenIs401ProblemJson() {
        given().get("/v1/admin/migrations/{id}", UUID.randomUUID())
                .then().statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("UNAUTHORIZED"));
    }

    @Test
    void aDeviceTokenWithoutTheOperatorGroupIs403ProblemJson() {
        given().header("Authorization", Tokens.device("user-1"))
                .contentType("application/json").body("{}")
                .post("/v1/admin/migrations")
                .then().statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("FORBIDDEN"));
    }

    @Test
    void anUnknownRunIs404AndAnInvalidRunIdIs400() {
        given().header("Authorization", Tokens.operator()).get("/v1/admin/migrations/{id}", UUID.randomUUID())
                .then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        given().header("Authorization", Tokens.operator()).get("/v1/admin/migrations/not-a-uuid/validation")
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
    }

    @Test
    void theOpenApiDocumentDescribesTheOperatorApi() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/v1/admin/migrations/{runId}/rollback'.post.summary",
                        startsWith("Delete what the run created"));
    }
}
