package io.syncid.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.syncid.gateway.support.Ops;
import io.syncid.gateway.support.Tokens;
import io.syncid.model.SyncId;

/** Health (Kafka and DynamoDB), Prometheus metrics named in the spec, and the OpenAPI document. */
@QuarkusTest
class ObservabilityTest {

    @Test
    void readinessChecksKafkaAndDynamo() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body(containsString("dynamodb"))
                .body(containsString("Kafka"));
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void metricsCountOperationsByOutcomeAndCode() {
        given().header("Authorization", Tokens.bearer("alice")).contentType(ContentType.JSON)
                .body(Ops.batch("d", List.of(Ops.create(SyncId.random().toString()), Ops.create("bad"))))
                .when().post("/v1/changes").then().statusCode(202);
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("sync_operations_accepted_total{type=\"CREATE\""))
                .body(containsString("sync_operations_rejected_total{code=\"INVALID_SYNC_ID\""))
                .body(containsString("sync_operation_age_seconds_bucket"))
                .body(containsString("sync_gateway_kafka_send_seconds_bucket"))
                .body(containsString("http_server_requests_seconds_bucket"));
    }

    @Test
    void openApiDescribesTheDeviceApi() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body(containsString("/v1/changes"))
                .body(containsString("/v1/documents/{syncId}"))
                .body(containsString("/v1/operations"));
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        given().header("Authorization", Tokens.bearer("alice")).when().get("/v1/nothing-here")
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", Tokens.bearer("alice")).when().delete("/v1/changes")
                .then().statusCode(405).contentType("application/problem+json");
    }
}
