package io.syncid.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.syncid.gateway.support.ChangesTopic;
import io.syncid.gateway.support.Ops;
import io.syncid.gateway.support.Tokens;
import io.syncid.model.SyncId;
import io.syncid.testkit.KafkaBroker;
import io.syncid.testkit.quarkus.InjectKafkaBroker;

/** The push corrections of SPEC v2 §4: baseVersion 0 on edits, a required Content-Type, lengths in code points. */
@QuarkusTest
class ChangesSpecV2Test {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** U+1F4C4: one code point, two UTF-16 units. */
    private static final String EMOJI = "\uD83D\uDCC4";

    @InjectKafkaBroker
    KafkaBroker kafka;

    @TestHTTPResource("/v1/changes")
    URI changes;

    @Test
    void anUpdateAndADeleteWithBaseVersion0AreAcceptedAndPublishedAsSent() throws Exception {
        String syncId = SyncId.random().toString();
        Map<String, Object> create = Ops.create(syncId);
        Map<String, Object> update = Ops.update(syncId, 0);
        Map<String, Object> delete = Ops.delete(syncId, 0);
        given().header("Authorization", Tokens.bearer("offline-creator")).contentType(ContentType.JSON)
                .body(Ops.batch(Ops.uniqueDevice(), List.of(create, update, delete)))
                .when().post("/v1/changes")
                .then().statusCode(202)
                .body("results.status", equalTo(List.of("ACCEPTED", "ACCEPTED", "ACCEPTED")));
        var records = ChangesTopic.withOpIds(kafka.bootstrapServers(),
                id -> id.equals(update.get("opId")) || id.equals(delete.get("opId")));
        assertThat(records).hasSize(2);
        for (var record : records) {
            JsonNode event = JSON.readTree(record.value());
            assertThat(event.get("baseVersion").asLong()).isZero();
        }
    }

    @Test
    void lengthsCountCodePointsNotUtf16Units() {
        Map<String, Object> op = Ops.create(SyncId.random().toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> document = (Map<String, Object>) op.get("document");
        document.put("title", EMOJI.repeat(300));
        document.put("category", EMOJI.repeat(128));
        document.put("attachments", List.of(Map.of("fileName", EMOJI.repeat(255), "label", EMOJI.repeat(255))));
        Map<String, Object> longest = Ops.create(SyncId.random().toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> longestDocument = (Map<String, Object>) longest.get("document");
        longestDocument.put("title", EMOJI.repeat(512));
        given().header("Authorization", Tokens.bearer("alice")).contentType(ContentType.JSON)
                .body(Ops.batch(EMOJI.repeat(128), List.of(op, longest)))
                .when().post("/v1/changes")
                .then().statusCode(202)
                .body("results.status", equalTo(List.of("ACCEPTED", "ACCEPTED")));
    }

    @Test
    void aBodyWithoutContentTypeIs415ProblemJson() throws Exception {
        String body = JSON.writeValueAsString(Ops.batch("d", List.of(Ops.create(SyncId.random().toString()))));
        // java.net.http sends no Content-Type unless told to, unlike REST Assured.
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(changes)
                .header("Authorization", Tokens.bearer("alice"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).get("code").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }
}
