package io.syncid.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.syncid.gateway.support.Ops;
import io.syncid.gateway.support.Tokens;
import io.syncid.model.SyncId;
import io.syncid.testkit.auth.DevJwt;

/** Every endpoint refuses a request without a valid RS256 token with 401 problem+json, before reading its input. */
@QuarkusTest
class AuthTest {

    static Stream<Arguments> badTokens() {
        DevJwt wrongKey = DevJwt.generate(DevJwt.DEV_ISSUER);
        DevJwt wrongIssuer = DevJwt.fromPem(java.nio.file.Path.of("../deploy/local/dev-keys/privateKey.pem"),
                "https://evil.example/issuer");
        return Stream.of(
                Arguments.of("missing", null),
                Arguments.of("not bearer", "Basic YWxpY2U6c2VjcmV0"),
                Arguments.of("garbage", "Bearer not.a.jwt"),
                Arguments.of("expired", "Bearer " + Tokens.SIGNER.token("alice", Duration.ofMinutes(-10))),
                Arguments.of("wrong key", "Bearer " + wrongKey.token("alice")),
                Arguments.of("wrong issuer", "Bearer " + wrongIssuer.token("alice")),
                Arguments.of("alg none", "Bearer " + DevJwt.unsigned("alice", DevJwt.DEV_ISSUER)),
                Arguments.of("no sub", "Bearer " + Tokens.SIGNER.token(null)),
                Arguments.of("sub with slash", "Bearer " + Tokens.SIGNER.token("alice/../bob")),
                Arguments.of("reserved platform sub", "Bearer " + Tokens.SIGNER.token("syncid-system:index-probe")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void pushIsRefused(String name, String authorization) {
        request(authorization).contentType(ContentType.JSON)
                .body(Ops.batch("d", List.of(Ops.create(SyncId.random().toString()))))
                .when().post("/v1/changes")
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("UNAUTHORIZED"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void readsAreRefused(String name, String authorization) {
        String syncId = SyncId.random().toString();
        for (String path : List.of("/v1/documents", "/v1/documents/" + syncId, "/v1/operations?opIds=" + syncId,
                "/v1/legacy/abc")) {
            request(authorization).when().get(path)
                    .then().statusCode(401).contentType("application/problem+json")
                    .body("code", equalTo("UNAUTHORIZED"));
        }
        request(authorization).when().post("/v1/documents/" + syncId + "/attachments/a.pdf/upload-url")
                .then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
    }

    private static RequestSpecification request(String authorization) {
        RequestSpecification spec = given();
        return authorization == null ? spec : spec.header("Authorization", authorization);
    }
}
