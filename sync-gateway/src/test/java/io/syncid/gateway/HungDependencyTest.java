package io.syncid.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.syncid.gateway.support.Ops;
import io.syncid.gateway.support.Tokens;
import io.syncid.model.SyncId;
import io.syncid.testkit.Dynalite;
import io.syncid.testkit.KafkaBroker;
import io.syncid.testkit.quarkus.InjectDynalite;
import io.syncid.testkit.quarkus.InjectKafkaBroker;

/**
 * Every call to a dependency has a deadline: with DynamoDB or the broker hung (SIGSTOP: connections accepted, nothing
 * answered), pushes, pulls and readiness still answer. The bound asserted is the HTTP client's generous timeout, not a
 * tight timing: before the deadlines existed these requests took minutes.
 */
@QuarkusTest
class HungDependencyTest {

    /** Far above every deadline the gateway sets, far below the minutes a missing one costs. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectDynalite
    Dynalite dynalite;

    @InjectKafkaBroker
    KafkaBroker kafka;

    @TestHTTPResource("/")
    URI base;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(ANSWER_WITHIN).build();

    @Test
    void withDynamoHungAnUpdateIsAcceptedOnKafkaAloneAndPullAndReadinessAnswer() throws Exception {
        // Warm up: the lanes of a pull are known, the producer is connected.
        assertThat(get("/v1/documents", "alice").statusCode()).isEqualTo(200);
        assertThat(push(Ops.create(SyncId.random().toString())).statusCode()).isEqualTo(202);

        dynalite.pause();
        try {
            HttpResponse<String> pushed = push(Ops.update(SyncId.random().toString(), 3));
            assertThat(pushed.statusCode()).isEqualTo(202);
            assertThat(JSON.readTree(pushed.body()).at("/results/0/status").asText())
                    .as("the ownership read-ahead fails open").isEqualTo("ACCEPTED");

            HttpResponse<String> pulled = get("/v1/documents", "alice");
            assertThat(pulled.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(pulled.body()).get("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");

            HttpResponse<String> ready = get("/q/health/ready", null);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(check(ready, "dynamodb")).isEqualTo("DOWN");
        } finally {
            dynalite.resume();
        }
        awaitReady();
    }

    @Test
    void withTheBrokerHungReadinessAndPushAnswer() throws Exception {
        assertThat(get("/v1/documents", "alice").statusCode()).isEqualTo(200);
        kafka.pause();
        try {
            HttpResponse<String> ready = get("/q/health/ready", null);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(check(ready, "Kafka")).isEqualTo("DOWN");

            HttpResponse<String> pushed = push(Ops.create(SyncId.random().toString()));
            assertThat(pushed.statusCode()).isEqualTo(503);
            assertThat(pushed.headers().firstValue("Retry-After")).isPresent();

            assertThat(get("/v1/documents", "alice").statusCode())
                    .as("a pull needs DynamoDB and the lanes it already knows, not the broker").isEqualTo(200);
        } finally {
            kafka.resume();
        }
        awaitReady();
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int status = 0;
        while (status != 200 && System.nanoTime() < deadline) {
            status = get("/q/health/ready", null).statusCode();
            if (status != 200) {
                Thread.sleep(500);
            }
        }
        assertThat(status).as("ready again after the dependency came back").isEqualTo(200);
    }

    private static String check(HttpResponse<String> health, String name) throws Exception {
        for (JsonNode check : JSON.readTree(health.body()).get("checks")) {
            if (name.equals(check.get("name").asText())) {
                return check.get("status").asText();
            }
        }
        throw new AssertionError("no check " + name + " in " + health.body());
    }

    private HttpResponse<String> push(Object op) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve("/v1/changes"))
                .timeout(ANSWER_WITHIN)
                .header("Authorization", Tokens.bearer("alice"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Ops.batch(Ops.uniqueDevice(), List.of(op)))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String user) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(ANSWER_WITHIN).GET();
        if (user != null) {
            request.header("Authorization", Tokens.bearer(user));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
