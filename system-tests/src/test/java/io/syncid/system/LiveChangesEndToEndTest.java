package io.syncid.system;

import static io.syncid.system.Device.batch;
import static io.syncid.system.Device.create;
import static io.syncid.system.Device.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncid.model.EventJson;
import io.syncid.model.SyncId;

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

            JsonNode outcome = phoneStream.await("outcome", data -> opId.equals(data.path("opId").asText()));
            assertThat(outcome.get("status").asText()).isEqualTo("APPLIED");
            assertThat(outcome.get("version").asLong()).isEqualTo(1);
            JsonNode changes = tabletStream.await("changes", data -> true);
            assertThat(changes.toString()).contains(id.toString());

            SyncSystem.Answer woken = longPoll.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(woken.status()).isEqualTo(200);
            assertThat(woken.body().get("documents").findValuesAsText("syncId")).contains(id.toString());

            // The other user's stream got nothing but heartbeats while all of that happened.
            assertThat(strangerStream.namedSoFar()).isEmpty();
        }
    }

    @Test
    void aStreamReopenedWithLastEventIdGetsWhatHappenedWhileItWasAway() throws Exception {
        Device phone = new Device(system, "ren", "phone");
        SyncId id = SyncId.random();
        String lastEventId;
        try (EventStream tablet = open("ren", "tablet", null)) {
            phone.push(batch(create(id, "v1")));
            tablet.await("changes", data -> data.toString().contains(id.toString()));
            lastEventId = tablet.lastEventId();
        }
        assertThat(lastEventId).startsWith("v1:");

        phone.settle(phone.push(batch(update(id, 1, "v2"))));

        try (EventStream resumed = open("ren", "tablet", lastEventId)) {
            JsonNode changes = resumed.await("changes", data -> data.toString().contains(id.toString()));
            assertThat(changes).isNotNull();
        }
    }

    private EventStream open(String userId, String deviceId, String lastEventId) {
        HttpRequest.Builder request = HttpRequest
                .newBuilder(system.uri("sync-gateway", "/v1/changes/stream?deviceId=" + deviceId))
                .header("Authorization", "Bearer " + system.token(userId))
                .header("Accept", "text/event-stream")
                .GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            HttpResponse<InputStream> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).as("stream of %s/%s", userId, deviceId).isEqualTo(200);
            return new EventStream(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The events of one open stream, read on their own thread as an EventSource would (blank line ends a block). */
    private static final class EventStream implements AutoCloseable {

        record Event(String name, String id, JsonNode data) {
        }

        private final HttpResponse<InputStream> response;
        private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final List<Event> named = new ArrayList<>();
        private volatile String lastEventId;

        EventStream(HttpResponse<InputStream> response) {
            this.response = response;
            Thread reader = new Thread(this::read, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String name = null;
                String id = null;
                StringBuilder data = null;
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (id != null) {
                            lastEventId = id;
                        }
                        if (name != null && data != null) {
                            events.add(new Event(name, id, EventJson.mapper().readTree(data.toString())));
                        }
                        name = null;
                        id = null;
                        data = null;
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("data:")) {
                        String value = line.substring(5).trim();
                        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    }
                }
            } catch (IOException e) {
                // closed by the test
            }
        }

        /** The data of the first event named {@code name} whose data matches, within the test's patience. */
        JsonNode await(String name, Predicate<JsonNode> matches) throws InterruptedException {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                Event event = events.poll(200, TimeUnit.MILLISECONDS);
                if (event == null) {
                    continue;
                }
                named.add(event);
                if (event.name().equals(name) && matches.test(event.data())) {
                    return event.data();
                }
            }
            throw new AssertionError("no '" + name + "' event within " + PATIENCE + "; saw " + named);
        }

        /** Every named event received up to now. */
        List<Event> namedSoFar() {
            events.drainTo(named);
            return named;
        }

        String lastEventId() {
            return lastEventId;
        }

        @Override
        public void close() {
            try {
                response.body().close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
