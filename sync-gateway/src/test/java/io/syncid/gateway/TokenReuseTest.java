package io.syncid.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.syncid.gateway.support.Tokens;

/** A device's token is verified once and then reused, and reuse never lets a changed copy of it through. */
@QuarkusTest
class TokenReuseTest {

    @Test
    void aTokenIsVerifiedOnceAndReusedAfterwards() {
        String bearer = Tokens.bearer("dora-" + UUID.randomUUID());
        double before = reuses();
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", bearer).when().get("/v1/documents").then().statusCode(200);
        }
        assertEquals(before + 2, reuses(), "the first request verifies the token, the next two reuse it");
    }

    @Test
    void aChangedCopyOfAReusedTokenIsRefused() {
        String token = Tokens.SIGNER.token("erin-" + UUID.randomUUID());
        given().header("Authorization", "Bearer " + token).when().get("/v1/documents").then().statusCode(200);

        String[] parts = token.split("\\.");
        char last = parts[2].charAt(parts[2].length() - 2);
        String otherSignature = parts[2].substring(0, parts[2].length() - 2) + (last == 'A' ? 'B' : 'A')
                + parts[2].charAt(parts[2].length() - 1);
        String otherSubject = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"erin-", "\"mallory-").getBytes(StandardCharsets.UTF_8));
        for (String forged : new String[]{parts[0] + "." + parts[1] + "." + otherSignature,
                parts[0] + "." + otherSubject + "." + parts[2]}) {
            given().header("Authorization", "Bearer " + forged).when().get("/v1/documents")
                    .then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
        }
    }

    private static double reuses() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("sync_gateway_token_reuses_total")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("sync_gateway_token_reuses_total is not exported");
    }
}
