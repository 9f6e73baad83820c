package io.syncid.system;

import static io.syncid.system.Device.batch;
import static io.syncid.system.Device.create;
import static io.syncid.system.Device.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncid.model.SyncId;
import io.syncid.testkit.EventStream;

/**
 * Live changes through the real data path (gateway → consolidator → writer → {@code sync.results} → gateway): a
 * device's change stream reports the outcome of its own push, the user's other device gets a {@code changes} event and
 * its long-poll wakes with the document, another user's stream sees nothing, and a stream reopened with
 * {@code Last-Event-ID} gets what happened while it was away.
 */
class LiveChangesEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static SyncSystem system;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        system = SyncSystem.start(3, Map.of(), "sync-gateway", "queue-consolidator", "remote-writer");
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void aPushIsReportedToItsDeviceAndWakesTheUsersOtherDeviceButNoOneElse() throws Exception {
        Device phone = new Device(system, "liv", "phone");
        SyncId id = SyncId.random();
        try (EventStream phoneStream = open("liv", "phone", null);
                EventStream tabletStream = open("liv", "tablet", null);
                EventStream strangerStream = open("stranger", "phone", null)) {
            String cursor = new Device(system, "liv", "tablet").pull(null, 100).body().get("nextCursor").asText();
            CompletableFuture<SyncSystem.Answer> longPoll = CompletableFuture
                    .supplyAsync(() -> system.get("liv", "/v1/documents?wait=20&since=" + cursor));

            String opId = (String) phone.push(batch(create(id, "Passport"))).get(0).get("opId");

            JsonNode outcome = await(phoneStream, "outcome", data -> opId.equals(data.path("opId").asText()));
            assertThat(outcome.get("status").asText()).isEqualTo("APPLIED");
            assertThat(outcome.get("version").asLong()).isEqualTo(1);
            JsonNode changes = await(tabletStream, "changes", data -> true);
            assertThat(changes.toString()).contains(id.toString());

            SyncSystem.Answer woken = longPoll.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(woken.status()).isEqualTo(200);
            assertThat(woken.body().get("documents").findValuesAsText("syncId")).contains(id.toString());

            // The other user's stream got nothing but heartbeats while all of that happened.
            assertThat(strangerStream.drain()).allMatch(EventStream.Event::isComment);
        }
    }

    @Test
    void aStreamReopenedWithLastEventIdGetsWhatHappenedWhileItWasAway() throws Exception {
        Device phone = new Device(system, "ren", "phone");
        SyncId id = SyncId.random();
        String lastEventId;
        try (EventStream tablet = open("ren", "tablet", null)) {
            phone.push(batch(create(id, "v1")));
            await(tablet, "changes", data -> data.toString().contains(id.toString()));
            lastEventId = tablet.lastEventId();
        }
        assertThat(lastEventId).startsWith("v1:");

        phone.settle(phone.push(batch(update(id, 1, "v2"))));

        try (EventStream resumed = open("ren", "tablet", lastEventId)) {
            JsonNode changes = await(resumed, "changes", data -> data.toString().contains(id.toString()));
            assertThat(changes).isNotNull();
        }
    }

    private EventStream open(String userId, String deviceId, String lastEventId) {
        EventStream stream = EventStream.open(http,
                system.uri("sync-gateway", "/v1/changes/stream?deviceId=" + deviceId),
                "Bearer " + system.token(userId), lastEventId);
        assertThat(stream.response().statusCode()).as("stream of %s/%s", userId, deviceId).isEqualTo(200);
        return stream;
    }

    /** The data of the first event named {@code name} whose data matches, within the test's patience. */
    private static JsonNode await(EventStream stream, String name, Predicate<JsonNode> matches)
            throws InterruptedException {
        List<EventStream.Event> seen = new ArrayList<>();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            EventStream.Event event = stream.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (event == null) {
                throw new AssertionError("the stream ended before a '" + name + "' event; saw " + seen);
            }
            if (event.isComment()) {
                continue;
            }
            seen.add(event);
            if (name.equals(event.name()) && matches.test(event.json())) {
                return event.json();
            }
        }
    }
}
