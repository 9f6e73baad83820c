package io.syncid.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.syncid.gateway.support.ChangesTopic;
import io.syncid.gateway.support.Documents;
import io.syncid.gateway.support.Ops;
import io.syncid.gateway.support.Tokens;
import io.syncid.model.SyncId;
import io.syncid.testkit.Dynalite;
import io.syncid.testkit.KafkaBroker;
import io.syncid.testkit.TopicRecords;
import io.syncid.testkit.quarkus.InjectDynalite;
import io.syncid.testkit.quarkus.InjectKafkaBroker;

/** User B can neither read, pull, presign nor write user A's syncId, and learns nothing from trying. */
@QuarkusTest
class CrossUserTest {

    @InjectDynalite
    Dynalite dynalite;

    @InjectKafkaBroker
    KafkaBroker kafka;

    @Test
    void writesOnAnotherUsersSyncIdAreRejectedAndNeverPublished() {
        SyncId alices = SyncId.random();
        Documents.put(dynalite.client(), Documents.live(alices, "alice", 4, 10, "Alice's will"));
        Map<String, Object> create = Ops.create(alices.toString());
        Map<String, Object> update = Ops.update(alices.toString(), 1);
        Map<String, Object> delete = Ops.delete(alices.toString(), 1);

        given().header("Authorization", Tokens.bearer("bob")).contentType(ContentType.JSON)
                .body(Ops.batch("bobs-phone", List.of(update, delete, create)))
                .when().post("/v1/changes")
                .then().statusCode(202)
                .body("results.status", equalTo(List.of("REJECTED", "REJECTED", "REJECTED")))
                .body("results.error.code", equalTo(List.of("NOT_FOUND", "NOT_FOUND", "SYNC_ID_UNAVAILABLE")));

        // The same UPDATE from the owner goes through.
        Map<String, Object> own = Ops.update(alices.toString(), 1);
        given().header("Authorization", Tokens.bearer("alice")).contentType(ContentType.JSON)
                .body(Ops.batch("alices-phone", List.of(own)))
                .when().post("/v1/changes")
                .then().statusCode(202).body("results[0].status", equalTo("ACCEPTED"));

        List<String> published = ChangesTopic.readAll(kafka.bootstrapServers()).stream()
                .map(r -> TopicRecords.header(r, "ce_id")).toList();
        assertThat(published).contains((String) own.get("opId"))
                .doesNotContain((String) update.get("opId"), (String) delete.get("opId"), (String) create.get("opId"));
    }

    @Test
    void readsPullsAndPresignsRevealNothing() {
        SyncId alices = SyncId.random();
        Documents.put(dynalite.client(), Documents.live(alices, "alice", 1, 11, "Alice's diary"));
        String bob = Tokens.bearer("bob-" + alices);
        given().header("Authorization", bob).when().get("/v1/documents/" + alices)
                .then().statusCode(404);
        List<String> pulled = given().header("Authorization", bob).when().get("/v1/documents?limit=1000")
                .then().statusCode(200).extract().jsonPath().getList("documents.syncId");
        assertThat(pulled).doesNotContain(alices.toString());
        given().header("Authorization", bob)
                .when().post("/v1/documents/" + alices + "/attachments/policy.pdf/download-url")
                .then().statusCode(404);
        given().header("Authorization", bob).contentType("application/json").body("{\"size\":1}")
                .when().post("/v1/documents/" + alices + "/attachments/policy.pdf/upload-url")
                .then().statusCode(404);
    }
}
