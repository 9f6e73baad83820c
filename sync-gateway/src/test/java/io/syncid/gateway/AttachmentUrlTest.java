package io.syncid.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.syncid.gateway.support.Documents;
import io.syncid.gateway.support.Tokens;
import io.syncid.model.SyncId;
import io.syncid.testkit.Dynalite;
import io.syncid.testkit.S3Server;
import io.syncid.testkit.SyncInfrastructure;
import io.syncid.testkit.quarkus.InjectDynalite;
import io.syncid.testkit.quarkus.InjectS3Server;

/** Presigned upload and download URLs at {@code {userId}/{syncId}/{fileName}}, for the owner only. */
@QuarkusTest
class AttachmentUrlTest {

    @InjectDynalite
    Dynalite dynalite;

    @InjectS3Server
    S3Server s3;

    @Test
    void ownerUploadsThroughOneUrlAndDownloadsThroughTheOther() throws Exception {
        SyncId id = SyncId.random();
        Documents.put(dynalite.client(), Documents.live(id, "alice", 0, 1, "Passport"));

        JsonPath upload = presign("alice", id.toString(), "scan 1.pdf", "upload-url", 200).extract().jsonPath();
        assertThat(upload.getString("method")).isEqualTo("PUT");
        assertThat(upload.getString("s3Key")).isEqualTo("alice/" + id + "/scan 1.pdf");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(upload.getString("url")))
                .header("Content-Type", "application/pdf")
                .PUT(HttpRequest.BodyPublishers.ofString("%PDF-1.7 passport")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(s3.client()
                .getObjectAsBytes(b -> b.bucket(SyncInfrastructure.BUCKET).key("alice/" + id + "/scan 1.pdf"))
                .asString(StandardCharsets.UTF_8)).isEqualTo("%PDF-1.7 passport");

        JsonPath download = presign("alice", id.toString(), "scan 1.pdf", "download-url", 200).extract().jsonPath();
        HttpResponse<String> get = http.send(
                HttpRequest.newBuilder(URI.create(download.getString("url"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("%PDF-1.7 passport");
    }

    @Test
    void uploadBeforeTheFirstWriteIsAllowedUnderTheCallersOwnPrefix() {
        SyncId fresh = SyncId.random();
        presign("carol", fresh.toString(), "a.jpg", "upload-url", 200)
                .body("s3Key", equalTo("carol/" + fresh + "/a.jpg"));
        presign("carol", fresh.toString(), "a.jpg", "download-url", 404).body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void anotherUsersDocumentIs404ForBothUrls() {
        SyncId id = SyncId.random();
        Documents.put(dynalite.client(), Documents.live(id, "alice", 0, 1, "Private"));
        presign("mallory", id.toString(), "policy.pdf", "upload-url", 404).body("code", equalTo("NOT_FOUND"));
        presign("mallory", id.toString(), "policy.pdf", "download-url", 404).body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void deletedDocumentIs410() {
        SyncId id = SyncId.random();
        Documents.put(dynalite.client(), Documents.tombstone(id, "alice", 0, 1));
        presign("alice", id.toString(), "policy.pdf", "upload-url", 410).body("code", equalTo("TOMBSTONED"));
        presign("alice", id.toString(), "policy.pdf", "download-url", 410).body("code", equalTo("TOMBSTONED"));
    }

    @Test
    void badFileNamesAndSyncIdsAre400() {
        String id = SyncId.random().toString();
        for (String name : List.of("a%5Cb", "a%00b", "a%0Ab", "a%09b", "x".repeat(256))) {
            given().urlEncodingEnabled(false).header("Authorization", Tokens.bearer("alice"))
                    .contentType("application/json").body("{\"contentType\":\"image/png\",\"size\":1}")
                    .when().post("/v1/documents/" + id + "/attachments/" + name + "/upload-url")
                    .then().statusCode(400).body("code", equalTo("INVALID_FILE_NAME"));
        }
        presign("alice", "not-a-uuid", "a.pdf", "upload-url", 400).body("code", equalTo("INVALID_SYNC_ID"));
        // Dot segments never reach the resource: HTTP path normalization turns them into another path, unknown here.
        for (String name : List.of("..", ".", "%2E%2E", "%2e")) {
            given().urlEncodingEnabled(false).header("Authorization", Tokens.bearer("alice"))
                    .when().post("/v1/documents/" + id + "/attachments/" + name + "/upload-url")
                    .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("NOT_FOUND"));
        }
    }

    private static io.restassured.response.ValidatableResponse presign(String user, String syncId, String fileName,
            String kind, int status) {
        var request = given().header("Authorization", Tokens.bearer(user));
        if (kind.equals("upload-url")) {
            // The size of the upload of the first test, "%PDF-1.7 passport".
            request = request.contentType("application/json").body("{\"contentType\":\"application/pdf\",\"size\":17}");
        }
        return request
                .pathParam("syncId", syncId).pathParam("fileName", fileName)
                .when().post("/v1/documents/{syncId}/attachments/{fileName}/" + kind)
                .then().statusCode(status);
    }
}
