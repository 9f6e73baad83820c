package io.syncid.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.syncid.gateway.service.RateLimits;
import io.syncid.gateway.support.Tokens;
import io.syncid.model.SyncId;

/**
 * Fair use: a user whose bucket is empty gets 429 problem+json with {@code Retry-After}, counted by route; other users
 * go on. The test profile's bucket is large and refills slowly (see application.properties), so no other test meets
 * it and an emptied bucket stays empty while this test asks.
 */
@QuarkusTest
class RateLimitTest {

    @Inject
    RateLimits limits;

    @Inject
    MeterRegistry registry;

    @Test
    void aUserOverTheRateGets429WithRetryAfterAndAnotherUserIsUnaffected() {
        String greedy = "greedy-" + UUID.randomUUID();
        String modest = "modest-" + UUID.randomUUID();
        read(greedy).then().statusCode(404);

        // Empties the bucket as a burst of requests would, without sending ten thousand of them.
        int taken = 0;
        while (taken < 1_000_000 && limits.tryAcquire(greedy).allowed()) {
            taken++;
        }
        assertThat(taken).as("the bucket has a bottom").isLessThan(1_000_000);
        double before = refusals("getDocument");

        String retryAfter = read(greedy).then()
                .statusCode(429)
                .contentType("application/problem+json")
                .body("code", equalTo("TOO_MANY_REQUESTS"))
                .body("status", equalTo(429))
                .extract().header("Retry-After");
        assertThat(Long.parseLong(retryAfter)).isPositive();
        assertThat(refusals("getDocument")).isEqualTo(before + 1);

        read(modest).then().statusCode(404);
    }

    @Test
    void aRequestWithoutATokenIsNotCountedAndGets401() {
        given().when().get("/v1/documents/" + SyncId.random()).then().statusCode(401)
                .body("code", equalTo("UNAUTHORIZED"));
    }

    private static io.restassured.response.Response read(String user) {
        return given().header("Authorization", Tokens.bearer(user)).when().get("/v1/documents/" + SyncId.random());
    }

    private double refusals(String route) {
        Counter counter = registry.find("sync_gateway_rate_limited_total").tag("route", route).counter();
        return counter == null ? 0 : counter.count();
    }
}
