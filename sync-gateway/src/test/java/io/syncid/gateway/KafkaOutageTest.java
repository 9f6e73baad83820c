package io.syncid.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.syncid.gateway.support.ChangesTopic;
import io.syncid.gateway.support.Ops;
import io.syncid.gateway.support.Tokens;
import io.syncid.model.SyncId;
import io.syncid.testkit.KafkaBroker;
import io.syncid.testkit.quarkus.InjectKafkaBroker;

/** With the broker killed, a push answers 503 + Retry-After; after the restart the same batch is accepted once. */
@QuarkusTest
class KafkaOutageTest {

    @InjectKafkaBroker
    KafkaBroker kafka;

    @Test
    void brokerDownMeans503AndTheRetriedBatchIsAcceptedAfterRestart() {
        Map<String, Object> op = Ops.create(SyncId.random().toString());
        Map<String, Object> batch = Ops.batch(Ops.uniqueDevice(), List.of(op));
        // Warm the producer's metadata so the outage hits an established producer, as in production.
        given().header("Authorization", Tokens.bearer("alice")).contentType(ContentType.JSON)
                .body(Ops.batch(Ops.uniqueDevice(), List.of(Ops.create(SyncId.random().toString()))))
                .when().post("/v1/changes").then().statusCode(202);

        kafka.kill();
        try {
            given().header("Authorization", Tokens.bearer("alice")).contentType(ContentType.JSON).body(batch)
                    .when().post("/v1/changes")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", notNullValue())
                    .body("code", equalTo("SERVICE_UNAVAILABLE"));
        } finally {
            kafka.restart();
        }

        given().header("Authorization", Tokens.bearer("alice")).contentType(ContentType.JSON).body(batch)
                .when().post("/v1/changes")
                .then().statusCode(202)
                .body("results[0].status", equalTo("ACCEPTED"));
        // Records of a refused batch may have reached Kafka just before the outage; the retry carries the same opId,
        // which the writer deduplicates. Here the broker was dead before the send, so there is exactly one.
        assertThat(ChangesTopic.withOpIds(kafka.bootstrapServers(), op.get("opId")::equals)).hasSize(1);
    }
}
