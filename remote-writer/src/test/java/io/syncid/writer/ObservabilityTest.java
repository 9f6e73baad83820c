package io.syncid.writer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Health (readiness: Kafka and DynamoDB; liveness: the polling thread) and the series of SPEC §10. */
@QuarkusTest
class ObservabilityTest {

    @Test
    void readinessChecksKafkaAndDynamoAndLivenessThePollingThread() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItems("dynamodb", "Kafka connection health check"));
        given().when().get("/q/health/live").then().statusCode(200)
                .body("checks.name", hasItems("sync-operations-poller"));
    }

    @Test
    void metricsExportTheFailureRateAndLatencySeries() {
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("sync_failure_rate"))
                .body(containsString("sync_apply_latency_seconds"))
                .body(containsString("sync_write_seconds"))
                .body(containsString("sync_conflicts_total"))
                .body(containsString("sync_index_lag_seconds"))
                .body(containsString("sync_attachment_mismatches_total"));
    }
}
