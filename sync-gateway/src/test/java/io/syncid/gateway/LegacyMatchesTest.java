package io.syncid.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.syncid.gateway.support.Documents;
import io.syncid.gateway.support.Tokens;
import io.syncid.model.SyncId;
import io.syncid.model.store.ChangePosition;
import io.syncid.model.store.DocumentItem;
import io.syncid.testkit.Dynalite;
import io.syncid.testkit.quarkus.InjectDynalite;

/**
 * {@code GET /v1/legacy/matches}: the caller's live documents with a local document's title, ranked by category and
 * creation time; never another user's or a deleted one; bad input is 400, no candidate an empty 200.
 */
@QuarkusTest
class LegacyMatchesTest {

    private static final Instant CREATED = Instant.parse("2021-03-04T05:06:07Z");

    @InjectDynalite
    Dynalite dynalite;

    private long offset;

    @Test
    void theExactMatchComesFirstThenCategoryThenCreationTime() {
        String user = user();
        SyncId exact = put(user, "Home insurance", "insurance", CREATED.plusMillis(400), null);
        SyncId sameCategoryLater = put(user, "  HOME Insurance ", "Insurance", CREATED.plusSeconds(90), "legacy-9");
        SyncId sameTimeOtherCategory = put(user, "home insurance", "car", CREATED, null);
        SyncId titleOnly = put(user, "Home insurance", "misc", CREATED.plusSeconds(3600), null);
        put(user, "Home insurance 2", "insurance", CREATED, null);
        put(user, "Car insurance", "insurance", CREATED, null);

        as(user).queryParam("title", "home INSURANCE").queryParam("category", "insurance")
                .queryParam("createdAt", CREATED.toString())
                .when().get("/v1/legacy/matches")
                .then().statusCode(200)
                // Equal scores: the nearer creation time first.
                .body("matches.syncId", contains(exact.toString(), sameTimeOtherCategory.toString(),
                        sameCategoryLater.toString(), titleOnly.toString()))
                .body("matches.score", contains(3, 2, 2, 1))
                .body("matches[0].title", equalTo("Home insurance"))
                .body("matches[0].category", equalTo("insurance"))
                .body("matches[0].createdAt", equalTo(CREATED.plusMillis(400).toString()))
                .body("matches[0].legacyId", nullValue())
                .body("matches[2].legacyId", equalTo("legacy-9"));
    }

    @Test
    void withTitleAloneEqualCandidatesAreOrderedBySyncId() {
        String user = user();
        SyncId a = put(user, "Passport", "id", CREATED, null);
        SyncId b = put(user, "passport", "travel", CREATED.plusSeconds(5), null);
        List<String> expected = a.toString().compareTo(b.toString()) < 0
                ? List.of(a.toString(), b.toString())
                : List.of(b.toString(), a.toString());

        as(user).queryParam("title", "Passport")
                .when().get("/v1/legacy/matches")
                .then().statusCode(200)
                .body("matches.syncId", equalTo(expected))
                .body("matches.score", contains(1, 1));
    }

    @Test
    void anotherUsersDocumentIsNeverACandidate() {
        String alice = user();
        String bob = user();
        put(bob, "Tax return 2020", "tax", CREATED, null);

        as(alice).queryParam("title", "Tax return 2020").queryParam("category", "tax")
                .queryParam("createdAt", CREATED.toString())
                .when().get("/v1/legacy/matches")
                .then().statusCode(200).body("matches", empty());
        as(bob).queryParam("title", "Tax return 2020")
                .when().get("/v1/legacy/matches")
                .then().statusCode(200).body("matches.size()", equalTo(1));
    }

    @Test
    void aDeletedDocumentIsNotACandidate() {
        String user = user();
        SyncId live = put(user, "Lease", "home", CREATED, null);
        SyncId deleted = SyncId.random();
        Documents.put(dynalite.client(), Documents.tombstone(deleted, user, 0, ++offset));

        as(user).queryParam("title", "Lease")
                .when().get("/v1/legacy/matches")
                .then().statusCode(200).body("matches.syncId", contains(live.toString()));
    }

    @Test
    void noCandidateIsAnEmptyList() {
        String user = user();
        put(user, "Something else", "misc", CREATED, null);

        as(user).queryParam("title", "Nothing like it")
                .when().get("/v1/legacy/matches")
                .then().statusCode(200).body("matches", empty());
    }

    @Test
    void aMissingOrBlankTitleIs400() {
        as(user()).when().get("/v1/legacy/matches")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"));
        as(user()).queryParam("title", "   ").when().get("/v1/legacy/matches")
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        as(user()).queryParam("title", "x".repeat(513)).when().get("/v1/legacy/matches")
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
    }

    @Test
    void aCreatedAtThatIsNoInstantIs400() {
        for (String bad : List.of("yesterday", "2021-03-04", "2021-03-04T05:06:07", "1614834367")) {
            as(user()).queryParam("title", "Lease").queryParam("createdAt", bad)
                    .when().get("/v1/legacy/matches")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("VALIDATION_FAILED"));
        }
    }

    @Test
    void anEmptyCategoryOrCreatedAtCountsAsAbsent() {
        String user = user();
        SyncId id = put(user, "Lease", "home", CREATED, null);

        as(user).queryParam("title", "Lease").queryParam("category", "").queryParam("createdAt", "")
                .when().get("/v1/legacy/matches")
                .then().statusCode(200)
                .body("matches.syncId", contains(id.toString()))
                .body("matches.score", contains(1));
    }

    @Test
    void aLegacyIdLookupStillReachesItsOwnMethod() {
        given().header("Authorization", Tokens.bearer(user()))
                .when().get("/v1/legacy/" + UUID.randomUUID())
                .then().statusCode(404).body("code", equalTo("NOT_FOUND"));
    }

    private SyncId put(String user, String title, String category, Instant createdAt, String legacyId) {
        SyncId id = SyncId.random();
        Documents.put(dynalite.client(), new DocumentItem(id, user, title, category, Map.of("k", "v"), List.of(),
                createdAt, createdAt, 1, "h", legacyId, null, false, null, null, null, List.of(), "device-1",
                new ChangePosition(0, ++offset, 0), Instant.now().toEpochMilli()));
        return id;
    }

    private static String user() {
        return "matches-" + UUID.randomUUID();
    }

    private static RequestSpecification as(String user) {
        return given().header("Authorization", Tokens.bearer(user));
    }
}
