package io.syncid.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncid.model.EventJson;

/**
 * A client of the gateway's {@code GET /v1/changes/stream} for tests (the gateway's and the system tests): parses the
 * event stream as the EventSource algorithm does — blocks of lines separated by a blank line; {@code id:} sets the last
 * event id even for a block without data (a heartbeat).
 */
public final class EventStream implements AutoCloseable {

    /** One block of the stream: a named event with data, or a comment (heartbeat); {@code id} may be null. */
    public record Event(String name, String id, String data, String comment) {

        public boolean isComment() {
            return data == null;
        }

        /** The data as JSON. */
        public JsonNode json() {
            try {
                return EventJson.mapper().readTree(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The texts of the array {@code field} of the data. */
        public List<String> strings(String field) {
            List<String> texts = new ArrayList<>();
            json().path(field).forEach(node -> texts.add(node.asText()));
            return texts;
        }
    }

    private static final Event END = new Event(null, null, null, null);

    private final HttpResponse<InputStream> response;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile String lastEventId;

    private EventStream(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "event-stream-reader");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Opens a stream; the answer's status and headers are available at once. */
    public static EventStream open(HttpClient http, URI uri, String bearer, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Authorization", bearer)
                .header("Accept", "text/event-stream")
                .GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            return new EventStream(http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<InputStream> response() {
        return response;
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = null;
            String id = null;
            StringBuilder data = null;
            String comment = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null || comment != null || id != null) {
                        if (id != null) {
                            lastEventId = id;
                        }
                        events.add(new Event(name, id, data == null ? null : data.toString(), comment));
                    }
                    name = null;
                    id = null;
                    data = null;
                    comment = null;
                } else if (line.startsWith(":")) {
                    comment = line.substring(1).trim();
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    switch (field) {
                        case "event" -> name = value;
                        case "id" -> id = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> {
                            // ignored, as EventSource does
                        }
                    }
                }
            }
        } catch (IOException e) {
            // closed by the test or the server
        } finally {
            events.add(END);
        }
    }

    /** The next block (event or comment) within {@code patience}; null when the stream ended. */
    public Event next(Duration patience) throws InterruptedException {
        Event event = events.poll(patience.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("no event within " + patience);
        }
        return event == END ? null : event;
    }

    /** The next {@code count} named events, skipping comments; fails if the stream ends or they do not come. */
    public List<Event> nextEvents(int count, Duration patience) throws InterruptedException {
        List<Event> named = new ArrayList<>();
        long deadline = System.nanoTime() + patience.toNanos();
        while (named.size() < count) {
            Event event = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (event == null) {
                throw new AssertionError("the stream ended after " + named);
            }
            if (!event.isComment()) {
                named.add(event);
            }
        }
        return named;
    }

    /** The blocks received up to now and not taken yet, without waiting (END is kept for {@link #next}). */
    public List<Event> drain() {
        List<Event> taken = new ArrayList<>();
        for (Event event = events.peek(); event != null && event != END; event = events.peek()) {
            taken.add(events.poll());
        }
        return taken;
    }

    /** The id the stream would resume from, as EventSource keeps it. */
    public String lastEventId() {
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
