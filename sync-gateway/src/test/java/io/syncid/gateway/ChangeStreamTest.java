package io.syncid.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.syncid.gateway.messaging.ResultsReader;
import io.syncid.gateway.service.LiveStreams;
import io.syncid.gateway.support.Results;
import io.syncid.gateway.support.Tokens;
import io.syncid.model.ErrorCode;
import io.syncid.model.Outcome;
import io.syncid.model.SyncId;
import io.syncid.testkit.EventStream;
import io.syncid.testkit.KafkaBroker;
import io.syncid.testkit.quarkus.InjectKafkaBroker;

/**
 * {@code GET /v1/changes/stream}: the outcomes of the device's own operations and a change event for its other
 * devices' edits, resumed with {@code Last-Event-ID}, ended by the token's expiry, capped per user.
 */
@QuarkusTest
class ChangeStreamTest {

    private static final Duration PATIENCE = Duration.ofSeconds(25);

    @InjectKafkaBroker
    KafkaBroker kafka;

    @Inject
    ResultsReader reader;

    @Inject
    LiveStreams streams;

    @TestHTTPResource("/v1/changes/stream")
    URI stream;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<EventStream> opened = new ArrayList<>();
    private Results results;

    @BeforeEach
    void startPublishing() throws InterruptedException {
        results = new Results(kafka.bootstrapServers());
        awaitTrue(reader::reading);
    }

    @AfterEach
    void closeEverything() {
        opened.forEach(EventStream::close);
        results.close();
    }

    @Test
    void aStreamDeliversItsDevicesOutcomesAndAChangeEventForAnotherDevicesEdit() throws Exception {
        String user = "stream-" + UUID.randomUUID();
        EventStream events = open(user, "phone", null);

        UUID ownOp = UUID.randomUUID();
        SyncId own = SyncId.random();
        SyncId theirs = SyncId.random();
        UUID conflictOp = UUID.randomUUID();
        SyncId contested = SyncId.random();
        SyncId copy = SyncId.random();
        results.publish(Results.applied(own, user, "phone", ownOp, 1));
        results.publish(Results.applied(theirs, user, "laptop", UUID.randomUUID(), 3));
        results.publish(Results.result(contested, user, "phone", Outcome.CONFLICT_RESOLVED, null, 5, conflictOp,
                copy));

        List<EventStream.Event> got = events.nextEvents(4, PATIENCE);
        assertThat(got).extracting(EventStream.Event::name)
                .as("own APPLIED brings its outcome only; another device's edit a change; own conflict both")
                .containsExactly("outcome", "changes", "outcome", "changes");
        assertThat(got.get(0).json().path("opId").asText()).isEqualTo(ownOp.toString());
        assertThat(got.get(0).json().path("status").asText()).isEqualTo("APPLIED");
        assertThat(got.get(0).json().path("version").asLong()).isEqualTo(1);
        assertThat(got.get(1).strings("syncIds")).containsExactly(theirs.toString());
        assertThat(got.get(2).json().path("status").asText()).isEqualTo("CONFLICT_RESOLVED");
        assertThat(got.get(2).json().path("conflictCopySyncId").asText()).isEqualTo(copy.toString());
        assertThat(got.get(3).strings("syncIds"))
                .containsExactly(contested.toString(), copy.toString());
        assertThat(got.get(2).id()).as("an event followed by another of the same result carries no id: a stream "
                + "cut between them resumes before both").isNull();
        assertThat(List.of(got.get(0), got.get(1), got.get(3))).extracting(EventStream.Event::id)
                .doesNotContainNull().doesNotHaveDuplicates();
    }

    @Test
    void aStreamOfAnotherUserSeesNothingOfTheFirstUsersResults() throws Exception {
        String alice = "alice-" + UUID.randomUUID();
        String bob = "bob-" + UUID.randomUUID();
        EventStream bobs = open(bob, "phone", null);

        results.publish(Results.applied(SyncId.random(), alice, "phone", UUID.randomUUID(), 1));
        results.publish(Results.applied(SyncId.random(), alice, "laptop", UUID.randomUUID(), 1));
        SyncId marker = SyncId.random();
        results.publish(Results.applied(marker, bob, "laptop", UUID.randomUUID(), 1));

        // One partition: alice's results were read before bob's marker, so the first event bob sees is the marker.
        EventStream.Event first = bobs.nextEvents(1, PATIENCE).get(0);
        assertThat(first.name()).isEqualTo("changes");
        assertThat(first.strings("syncIds")).containsExactly(marker.toString());
    }

    @Test
    void lastEventIdResumesWithoutLosingAnEventPublishedWhileDisconnected() throws Exception {
        String user = "resume-" + UUID.randomUUID();
        EventStream first = open(user, "phone", null);
        UUID before = UUID.randomUUID();
        results.publish(Results.applied(SyncId.random(), user, "phone", before, 1));
        EventStream.Event seen = first.nextEvents(1, PATIENCE).get(0);
        assertThat(seen.json().path("opId").asText()).isEqualTo(before.toString());
        String lastId = first.lastEventId();
        first.close();

        UUID whileAway = UUID.randomUUID();
        SyncId edited = SyncId.random();
        results.publish(Results.applied(SyncId.random(), user, "phone", whileAway, 2));
        results.publish(Results.applied(edited, user, "laptop", UUID.randomUUID(), 7));
        // Both are read (and so could only be replayed, not delivered live) before the stream comes back.
        SyncId marker = SyncId.random();
        String other = "marker-" + UUID.randomUUID();
        EventStream markers = open(other, "phone", null);
        results.publish(Results.applied(marker, other, "laptop", UUID.randomUUID(), 1));
        markers.nextEvents(1, PATIENCE);

        EventStream resumed = open(user, "phone", lastId);
        List<EventStream.Event> got = resumed.nextEvents(2, PATIENCE);
        assertThat(got).extracting(EventStream.Event::name).containsExactly("outcome", "changes");
        assertThat(got.get(0).json().path("opId").asText())
                .as("the event before the id is not repeated; the one after it is not lost")
                .isEqualTo(whileAway.toString());
        assertThat(got.get(1).strings("syncIds")).containsExactly(edited.toString());
    }

    @Test
    void aLastEventIdThisServerCannotReadGetsAResetAndTheStreamGoesOnLive() throws Exception {
        String user = "reset-" + UUID.randomUUID();
        EventStream events = open(user, "phone", "from-another-version");
        EventStream.Event reset = events.nextEvents(1, PATIENCE).get(0);
        assertThat(reset.name()).isEqualTo("reset");
        assertThat(reset.id()).startsWith("v1:");

        UUID op = UUID.randomUUID();
        results.publish(Results.applied(SyncId.random(), user, "phone", op, 1));
        assertThat(events.nextEvents(1, PATIENCE).get(0).json().path("opId").asText()).isEqualTo(op.toString());
    }

    @Test
    void anIdleStreamGetsHeartbeatsThatCarryAnId() throws Exception {
        EventStream events = open("idle-" + UUID.randomUUID(), "phone", null);
        // The test profile beats every second; the first block is the stream's opening id, the second a heartbeat.
        EventStream.Event beat = events.next(PATIENCE);
        assertThat(beat.isComment()).isTrue();
        assertThat(beat.comment()).isEqualTo("heartbeat");
        assertThat(beat.id()).startsWith("v1:");
    }

    @Test
    void aStreamEndsWithAnExpiredEventWhenItsTokenExpires() throws Exception {
        String user = "expiring-" + UUID.randomUUID();
        EventStream events = track(EventStream.open(http, URI.create(stream + "?deviceId=phone"),
                "Bearer " + Tokens.SIGNER.token(user, Duration.ofSeconds(3)), null));
        assertThat(events.response().statusCode()).isEqualTo(200);
        EventStream.Event expired = events.nextEvents(1, PATIENCE).get(0);
        assertThat(expired.name()).isEqualTo("expired");
        EventStream.Event after;
        do {
            after = events.next(PATIENCE);
        } while (after != null && after.isComment());
        assertThat(after).as("the stream ends after expired").isNull();
    }

    @Test
    void aUserOverItsStreamCapGets429WithRetryAfterAndAClosedStreamFreesItsSlot() throws Exception {
        String user = "many-" + UUID.randomUUID();
        List<EventStream> four = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            four.add(open(user, "device-" + i, null));
        }
        HttpResponse<String> fifth = http.send(HttpRequest.newBuilder(URI.create(stream + "?deviceId=device-5"))
                .header("Authorization", Tokens.bearer(user)).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(fifth.statusCode()).isEqualTo(429);
        assertThat(fifth.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(fifth.headers().firstValue("Retry-After")).isPresent();
        assertThat(JsonPath.from(fifth.body()).getString("code")).isEqualTo(ErrorCode.TOO_MANY_REQUESTS.name());

        four.get(0).close();
        awaitTrue(() -> streams.openFor(user) == 3);
        assertThat(open(user, "device-5", null).response().statusCode()).isEqualTo(200);
    }

    @Test
    void aStreamWithoutDeviceIdIsRefused() {
        given().header("Authorization", Tokens.bearer("no-device"))
                .header("Accept", "text/event-stream")
                .when()
                .get("/v1/changes/stream")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"));
    }

    /** Opens a stream and waits for its opening block, so results published from here on reach it live. */
    private EventStream open(String user, String device, String lastEventId) throws InterruptedException {
        EventStream events = track(EventStream.open(http, URI.create(stream + "?deviceId=" + device),
                Tokens.bearer(user), lastEventId));
        assertThat(events.response().statusCode()).isEqualTo(200);
        if (lastEventId == null) {
            EventStream.Event opening = events.next(PATIENCE);
            assertThat(opening.isComment()).isTrue();
        }
        return events;
    }

    private EventStream track(EventStream events) {
        opened.add(events);
        return events;
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within the patience").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
