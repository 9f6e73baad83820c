package io.syncid.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.syncid.gateway.support.Tokens;
import io.syncid.model.SyncId;
import io.syncid.testkit.S3Server;
import io.syncid.testkit.SyncInfrastructure;
import io.syncid.testkit.quarkus.InjectS3Server;

import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An upload URL is signed for the declared Content-Length and Content-Type: S3 (here S3Proxy, which checks V4
 * signatures) stores exactly those bytes and refuses any other upload through it.
 */
@QuarkusTest
class UploadBoundsTest {

    private static final String BODY = "%PDF-1.7 twelve bytes and some";

    @InjectS3Server
    S3Server s3;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void anUploadOfExactlyTheDeclaredBytesAndTypeIsStored() throws Exception {
        String user = "bounded";
        SyncId id = SyncId.random();
        JsonPath url = uploadUrl(user, id, "scan.pdf", "application/pdf", BODY.length());
        assertThat(url.getMap("headers")).containsEntry("Content-Type", "application/pdf")
                .containsEntry("Content-Length", Integer.toString(BODY.length()));
        assertThat(url.getString("url")).as("both are signed headers")
                .contains("X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost");

        assertThat(put(url, "application/pdf", BODY).statusCode()).isEqualTo(200);
        var stored = s3.client().getObjectAsBytes(b -> b.bucket(SyncInfrastructure.BUCKET)
                .key(user + "/" + id + "/scan.pdf"));
        assertThat(stored.asString(StandardCharsets.UTF_8)).isEqualTo(BODY);
        assertThat(stored.response().contentType()).isEqualTo("application/pdf");
    }

    @Test
    void withoutADeclaredTypeOnlyTheSizeIsBound() throws Exception {
        String user = "bounded";
        SyncId id = SyncId.random();
        JsonPath url = uploadUrl(user, id, "blob.bin", null, BODY.length());
        assertThat(url.getMap("headers")).containsOnlyKeys("Content-Length");
        assertThat(put(url, null, BODY).statusCode()).isEqualTo(200);
        assertThat(s3.client().getObjectAsBytes(b -> b.bucket(SyncInfrastructure.BUCKET)
                .key(user + "/" + id + "/blob.bin")).asString(StandardCharsets.UTF_8)).isEqualTo(BODY);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "more bytes,                 application/pdf, application/pdf, %PDF-1.7 twelve bytes and some more",
            "fewer bytes,                application/pdf, application/pdf, %PDF-1.7 twelve",
            "another type,               application/pdf, image/png,       %PDF-1.7 twelve bytes and some",
            "no type,                    application/pdf, ,                %PDF-1.7 twelve bytes and some",
            "same size other type,       application/pdf, text/plain,      %PDF-1.7 twelve bytes and soma",
            "more bytes without a declared type, ,        ,                %PDF-1.7 twelve bytes and some more"})
    void anUploadThatIsNotWhatWasDeclaredIsRefusedByS3AndStoresNothing(String why, String declaredType,
            String contentType, String body) throws Exception {
        String user = "bounded";
        SyncId id = SyncId.random();
        JsonPath url = uploadUrl(user, id, "scan.pdf", declaredType, BODY.length());

        HttpResponse<String> answer = put(url, contentType, body);
        assertThat(answer.statusCode()).as(why).isEqualTo(403);
        assertThat(answer.body()).contains("SignatureDoesNotMatch");
        assertThatThrownBy(() -> s3.client().headObject(b -> b
                .bucket(SyncInfrastructure.BUCKET).key(user + "/" + id + "/scan.pdf")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void theLargestAllowedSizeIsTheConfiguredMaximum() {
        long max = 25L * 1024 * 1024;
        given().header("Authorization", Tokens.bearer("bounded")).contentType("application/json")
                .body("{\"contentType\":\"video/mp4\",\"size\":" + max + "}")
                .when().post("/v1/documents/" + SyncId.random() + "/attachments/clip.mp4/upload-url")
                .then().statusCode(200).body("headers.Content-Length", equalTo(Long.toString(max)));
        given().header("Authorization", Tokens.bearer("bounded")).contentType("application/json")
                .body("{\"contentType\":\"video/mp4\",\"size\":" + (max + 1) + "}")
                .when().post("/v1/documents/" + SyncId.random() + "/attachments/clip.mp4/upload-url")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"contentType\":\"application/pdf\"}",
            "{\"contentType\":\"application/pdf\",\"size\":null}",
            "{\"contentType\":\"application/pdf\",\"size\":-1}",
            "{\"contentType\":\"pdf\",\"size\":10}",
            "{\"contentType\":\"application/pdf\\r\\nX-Evil: 1\",\"size\":10}",
            "{}"})
    void aMissingOrInvalidSizeOrTypeIs400(String body) {
        given().header("Authorization", Tokens.bearer("bounded")).contentType("application/json").body(body)
                .when().post("/v1/documents/" + SyncId.random() + "/attachments/a.pdf/upload-url")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"));
    }

    @Test
    void aDeclarationThatIsNotJsonIs415Or400() {
        String url = "/v1/documents/" + SyncId.random() + "/attachments/a.pdf/upload-url";
        given().header("Authorization", Tokens.bearer("bounded")).when().post(url)
                .then().statusCode(415).contentType("application/problem+json")
                .body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        given().header("Authorization", Tokens.bearer("bounded")).contentType("text/plain").body("size=1")
                .when().post(url).then().statusCode(415).body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        given().header("Authorization", Tokens.bearer("bounded")).contentType("application/json").body("{size")
                .when().post(url).then().statusCode(400).body("code", equalTo("MALFORMED_REQUEST"));
        given().header("Authorization", Tokens.bearer("bounded")).contentType("application/json")
                .body("{\"size\":1.5}")
                .when().post(url).then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
    }

    private static JsonPath uploadUrl(String user, SyncId id, String fileName, String contentType, long size) {
        String type = contentType == null ? "" : "\"contentType\":\"" + contentType + "\",";
        return given().header("Authorization", Tokens.bearer(user)).contentType("application/json")
                .body("{" + type + "\"size\":" + size + "}")
                .pathParam("syncId", id.toString()).pathParam("fileName", fileName)
                .when().post("/v1/documents/{syncId}/attachments/{fileName}/upload-url")
                .then().statusCode(200).extract().jsonPath();
    }

    private HttpResponse<String> put(JsonPath url, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.getString("url")))
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null && !contentType.isBlank()) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
