package io.syncid.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.syncid.gateway.messaging.ResultsReader;
import io.syncid.gateway.service.ChangeListeners;
import io.syncid.gateway.support.Documents;
import io.syncid.gateway.support.Results;
import io.syncid.gateway.support.Tokens;
import io.syncid.model.SyncId;
import io.syncid.testkit.Dynalite;
import io.syncid.testkit.KafkaBroker;
import io.syncid.testkit.quarkus.InjectDynalite;
import io.syncid.testkit.quarkus.InjectKafkaBroker;

/**
 * {@code GET /v1/documents?wait=}: a held pull is woken by its user's result on {@code sync.results} and answers with
 * the new document; without a change it answers an empty page with a cursor that still delivers what comes next.
 */
@QuarkusTest
class LiveChangesTest {

    /** Longer than any wake-up needs, shorter than the wait the requests ask for: only a wake-up answers in time. */
    private static final Duration PATIENCE = Duration.ofSeconds(25);

    @InjectDynalite
    Dynalite dynalite;

    @InjectKafkaBroker
    KafkaBroker kafka;

    @Inject
    ChangeListeners listeners;

    @Inject
    ResultsReader reader;

    @TestHTTPResource("/v1/documents")
    URI documents;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aHeldPullIsWokenByItsUsersResultAndReturnsTheNewDocumentDespiteAnUnreadableRecordBeforeIt()
            throws Exception {
        String user = "longpoll-" + UUID.randomUUID();
        String cursor = pull(user, null).getString("nextCursor");
        awaitTrue(reader::reading);
        int heldBefore = listeners.held();

        CompletableFuture<HttpResponse<String>> held = longPoll(user, cursor, 60);
        awaitTrue(() -> listeners.held() > heldBefore);

        SyncId created = SyncId.random();
        Documents.put(dynalite.client(), Documents.live(created, user, 1, 4242, "from device A"));
        try (Results results = new Results(kafka.bootstrapServers())) {
            results.publishRaw(created.toString(), "{not a WriteResult".getBytes(StandardCharsets.UTF_8));
            results.publish(Results.applied(created, user, "device-a", UUID.randomUUID(), 1));
        }

        HttpResponse<String> answer = held.get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonPath page = JsonPath.from(answer.body());
        assertThat(page.getList("documents.syncId", String.class)).containsExactly(created.toString());

        SyncId next = SyncId.random();
        Documents.put(dynalite.client(), Documents.live(next, user, 1, 4243, "after"));
        // The cursor of a last page may re-deliver items younger than the settle window (SPEC §4: devices apply by
        // syncId and version); what it must never do is miss the next change.
        assertThat(pull(user, page.getString("nextCursor")).getList("documents.syncId", String.class))
                .as("the cursor after the woken answer delivers the next change")
                .contains(next.toString()).isSubsetOf(created.toString(), next.toString());
    }

    @Test
    void aHeldPullWithNothingToReportAnswersAnEmptyPageWhoseCursorDeliversWhatComesNext() throws Exception {
        String user = "idle-" + UUID.randomUUID();
        SyncId before = SyncId.random();
        Documents.put(dynalite.client(), Documents.live(before, user, 0, 7, "before"));
        String cursor = pull(user, null).getString("nextCursor");

        HttpResponse<String> answer = longPoll(user, cursor, 1).get(PATIENCE.toSeconds(),
                java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonPath empty = JsonPath.from(answer.body());
        assertThat(empty.getList("documents")).isEmpty();
        assertThat(empty.getBoolean("hasMore")).isFalse();

        SyncId later = SyncId.random();
        Documents.put(dynalite.client(), Documents.live(later, user, 2, 8, "later"));
        assertThat(pull(user, empty.getString("nextCursor")).getList("documents.syncId", String.class))
                .containsExactly(later.toString());
    }

    @Test
    void aPullWithWaitAnswersAtOnceWhenThereAreChanges() throws Exception {
        String user = "ready-" + UUID.randomUUID();
        SyncId doc = SyncId.random();
        Documents.put(dynalite.client(), Documents.live(doc, user, 3, 9, "ready"));
        // The wait is far beyond the patience: only an immediate answer passes.
        HttpResponse<String> answer = longPoll(user, null, 60).get(PATIENCE.toSeconds(),
                java.util.concurrent.TimeUnit.SECONDS);
        assertThat(JsonPath.from(answer.body()).getList("documents.syncId", String.class))
                .containsExactly(doc.toString());
    }

    @Test
    void aWakeUpReachesOnlyTheListenersOfItsUserAndAUserHoldsAtMostItsCap() {
        String mine = "mine-" + UUID.randomUUID();
        String theirs = "theirs-" + UUID.randomUUID();
        CompletableFuture<Boolean> listening = listeners.listen(mine);
        CompletableFuture<Boolean> other = listeners.listen(theirs);
        try {
            listeners.wake(theirs);
            assertThat(other).isCompletedWithValue(true);
            assertThat(listening).as("another user's change wakes nobody else").isNotDone();
            listeners.wake(mine);
            assertThat(listening).isCompletedWithValue(true);
        } finally {
            listeners.remove(mine, listening);
            listeners.remove(theirs, other);
        }

        String busy = "busy-" + UUID.randomUUID();
        List<CompletableFuture<Boolean>> held = new java.util.ArrayList<>();
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                while (held.size() < 100) {
                    held.add(listeners.listen(busy));
                }
            }).isInstanceOf(io.syncid.gateway.service.Refusal.class);
            assertThat(held).as("the default cap per user").hasSize(8);
        } finally {
            held.forEach(f -> listeners.remove(busy, f));
        }
    }

    @Test
    void aUserOverItsLongPollCapGets429WithRetryAfterAndAnotherUserIsUnaffected() throws Exception {
        String busy = "capped-" + UUID.randomUUID();
        String cursor = pull(busy, null).getString("nextCursor");
        int before = listeners.held();
        List<CompletableFuture<HttpResponse<String>>> held = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                held.add(longPoll(busy, cursor, 60));
            }
            awaitTrue(() -> listeners.held() >= before + 8);
            HttpResponse<String> refused = longPoll(busy, cursor, 60).get(PATIENCE.toSeconds(),
                    java.util.concurrent.TimeUnit.SECONDS);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(JsonPath.from(refused.body()).getString("code")).isEqualTo("TOO_MANY_REQUESTS");

            String other = "uncapped-" + UUID.randomUUID();
            assertThat(longPoll(other, pull(other, null).getString("nextCursor"), 1)
                    .get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        } finally {
            // Cancelling closes the connections: the server lets go of the held requests.
            held.forEach(f -> f.cancel(true));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "61", "-1", "abc", "1.5"})
    void aWaitOutsideOneToSixtySecondsIsRefused(String wait) {
        given().header("Authorization", Tokens.bearer("bad-wait"))
                .queryParam("wait", wait)
                .when()
                .get("/v1/documents")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"));
    }

    private CompletableFuture<HttpResponse<String>> longPoll(String user, String since, int waitSeconds) {
        String query = "?wait=" + waitSeconds + (since == null ? "" : "&since=" + since);
        HttpRequest request = HttpRequest.newBuilder(URI.create(documents + query))
                .header("Authorization", Tokens.bearer(user))
                .timeout(PATIENCE)
                .GET()
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonPath pull(String user, String since) {
        var request = given().header("Authorization", Tokens.bearer(user));
        if (since != null) {
            request = request.queryParam("since", since);
        }
        return request.when().get("/v1/documents").then().statusCode(200).extract().jsonPath();
    }

    /** Waits for a condition the test needs before it acts; fails only if it never holds within the patience. */
    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within the patience").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
