package io.syncid.gateway.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.syncid.gateway.config.GatewayConfig;
import io.syncid.model.ErrorCode;
import io.syncid.model.Outcome;
import io.syncid.model.SyncId;
import io.syncid.model.WriteResult;

/**
 * The change streams open on this replica, by user, and what each one is told: the outcomes of its device's own
 * operations and a "pull now" when documents of the user changed. Every event carries (or shares) a
 * {@link StreamPosition} as its id; a stream resumed from one replays the user's results after it from the
 * {@link ResultLog}, or says {@link LiveEvent.Reset} when this replica cannot.
 *
 * <p>
 * Ordering: a stream's events are emitted under the stream's lock, by the results reader (live), by
 * {@link Stream#start} (replay) and by the stream's timers (heartbeat, expiry). A stream is registered before it
 * starts and replays under its lock, so a live result that arrives meanwhile is either replayed or waits and is then
 * skipped as already sent; a heartbeat's id is the reader's delivered position, so it never claims a result the
 * stream has not been given.
 */
@ApplicationScoped
public class LiveStreams {

    private final ConcurrentHashMap<String, Set<Stream>> byUser = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final ResultLog log;
    private final int maxPerUser;
    private final int maxTotal;
    private final GatewayConfig config;
    private final Counter resets;

    LiveStreams(ResultLog log, GatewayConfig config, MeterRegistry registry) {
        this.log = log;
        this.config = config;
        this.maxPerUser = config.live().maxStreamsPerUser();
        this.maxTotal = config.live().maxStreamsTotal();
        Gauge.builder("sync_gateway_open_streams", open, AtomicInteger::get)
                .description("Change streams (GET /v1/changes/stream) open on this replica")
                .register(registry);
        this.resets = Counter.builder("sync_gateway_stream_resets_total")
                .description("Change streams that could not resume from their Last-Event-ID and sent reset")
                .register(registry);
    }

    /** One open stream of one device. */
    public final class Stream {

        private final String userId;
        private final String deviceId;
        /** Where the stream resumes; null when it cannot tell (an id it cannot read, or no position yet). */
        private final StreamPosition from;
        private final boolean resumed;
        private Consumer<LiveEvent> sink;
        private StreamPosition sent;
        /** Not guarded by the stream's lock: the end of a stream never waits for a write in progress. */
        private final AtomicBoolean closed = new AtomicBoolean();

        private Stream(String userId, String deviceId, StreamPosition from, boolean resumed) {
            this.userId = userId;
            this.deviceId = deviceId;
            this.from = from;
            this.resumed = resumed;
        }

        /**
         * Starts telling {@code sink}: first what happened after the stream's starting point (its
         * {@code Last-Event-ID}, or the moment it was reserved), then live results.
         */
        public synchronized void start(Consumer<LiveEvent> sink) {
            this.sink = sink;
            replay();
        }

        /** A result of this stream's user, read live at {@code at}. */
        synchronized void deliver(ResultLog.Entry entry, StreamPosition at) {
            // Not started yet: the start replays it from the log.
            if (closed.get() || sink == null || sent != null && entry.offset() <= sent.offset(entry.partition())) {
                // Already replayed (or sent by the replica the device resumed from).
                return;
            }
            emit(entry.result(), at);
        }

        private void emit(WriteResult result, StreamPosition at) {
            List<Function<StreamPosition, LiveEvent>> events = events(result);
            sent = sent == null ? at : sent.max(at);
            for (int i = 0; i < events.size(); i++) {
                // Only the last event of a result carries the id: a stream cut between two of them resumes before
                // the result and repeats it (devices apply outcomes by opId), instead of skipping the rest.
                sink.accept(events.get(i).apply(i == events.size() - 1 ? sent : null));
            }
        }

        private List<Function<StreamPosition, LiveEvent>> events(WriteResult result) {
            List<Function<StreamPosition, LiveEvent>> events = new ArrayList<>();
            boolean own = deviceId.equals(result.deviceId());
            if (own) {
                for (UUID opId : result.sourceOpIds()) {
                    events.add(id -> new LiveEvent.OutcomeReport(opId, result.outcome(), result.errorCode(),
                            result.syncId(), result.version(), result.conflictCopySyncId(), id));
                }
                for (UUID opId : result.tombstonedOpIds()) {
                    // As the writer records them: these opIds travelled with a DELETE and were refused.
                    events.add(id -> new LiveEvent.OutcomeReport(opId, Outcome.REJECTED, ErrorCode.TOMBSTONED,
                            result.syncId(), result.version(), null, id));
                }
            }
            // The device's own APPLIED or DELETED holds nothing it does not have (the outcome brings the version);
            // a conflict brings a new copy and maybe another device's content.
            if (changesDocuments(result.outcome()) && (!own || result.outcome() == Outcome.CONFLICT_RESOLVED)) {
                List<SyncId> changed = result.conflictCopySyncId() == null
                        ? List.of(result.syncId())
                        : List.of(result.syncId(), result.conflictCopySyncId());
                events.add(id -> new LiveEvent.Changed(changed, id));
            }
            return events;
        }

        /** Sends a heartbeat whose id is everything handed to this stream so far. */
        public synchronized void heartbeat() {
            if (closed.get() || sink == null) {
                return;
            }
            StreamPosition delivered = log.delivered();
            if (delivered != null) {
                sent = sent == null ? delivered : sent.max(delivered);
            }
            sink.accept(new LiveEvent.Heartbeat(sent));
        }

        /** Tells the device its token expired; the caller then ends the stream. */
        public synchronized void expire() {
            if (!closed.get() && sink != null) {
                sink.accept(new LiveEvent.Expired(sent));
            }
        }

        /** Stops telling this stream anything; called once the stream ended, whichever way. */
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            byUser.computeIfPresent(userId, (user, set) -> {
                if (set.remove(this)) {
                    open.decrementAndGet();
                }
                return set.isEmpty() ? null : set;
            });
        }

        private void replay() {
            if (from == null && !resumed) {
                // The reader has not started: whatever comes from now on comes live.
                sink.accept(new LiveEvent.Heartbeat(null));
                return;
            }
            Optional<ResultLog.Replay> replay = from == null ? Optional.empty() : log.after(userId, from);
            if (replay.isEmpty()) {
                resets.increment();
                StreamPosition now = log.position();
                sent = now == null || from == null ? now : now.max(from);
                sink.accept(new LiveEvent.Reset(sent));
                return;
            }
            sent = from;
            for (ResultLog.Entry entry : replay.get().entries()) {
                emit(entry.result(), sent.passing(entry.partition(), entry.offset()));
            }
            sent = sent.max(replay.get().upTo());
            // The id the device resumes from when nothing happens before it disconnects.
            sink.accept(new LiveEvent.Heartbeat(sent));
        }
    }

    /**
     * Reserves a stream for {@code deviceId} of {@code userId}, resuming after {@code lastEventId} (null for a new
     * stream, which starts now); {@link Stream#start} then replays and goes live. An id this server cannot read is
     * answered with {@link LiveEvent.Reset}, never refused: the device recovers by pulling.
     *
     * @throws Refusal TOO_MANY_REQUESTS when the user has as many streams open as allowed, SERVICE_UNAVAILABLE when
     *             the replica has
     */
    public Stream reserve(String userId, String deviceId, String lastEventId) {
        Stream stream;
        if (lastEventId == null || lastEventId.isBlank()) {
            stream = new Stream(userId, deviceId, log.delivered(), false);
        } else {
            StreamPosition from;
            try {
                from = StreamPosition.decode(lastEventId.trim());
            } catch (IllegalArgumentException e) {
                from = null;
            }
            stream = new Stream(userId, deviceId, from, true);
        }
        register(stream);
        return stream;
    }

    private void register(Stream stream) {
        if (open.incrementAndGet() > maxTotal) {
            open.decrementAndGet();
            throw new Refusal(ErrorCode.SERVICE_UNAVAILABLE, "this server holds as many streams as it may",
                    config.retryAfter());
        }
        boolean[] added = {false};
        byUser.compute(stream.userId, (user, set) -> {
            Set<Stream> streams = set == null ? ConcurrentHashMap.newKeySet() : set;
            if (streams.size() < maxPerUser) {
                streams.add(stream);
                added[0] = true;
            }
            return streams.isEmpty() ? null : streams;
        });
        if (!added[0]) {
            open.decrementAndGet();
            throw new Refusal(ErrorCode.TOO_MANY_REQUESTS,
                    "this user already has " + maxPerUser + " change streams open", config.retryAfter());
        }
    }

    /** Whether any stream of {@code userId} is open here (the reader skips building positions otherwise). */
    public boolean listening(String userId) {
        return byUser.containsKey(userId);
    }

    /** Hands a result read live at {@code at} to every stream of its user on this replica. */
    public void deliver(ResultLog.Entry entry, StreamPosition at) {
        Set<Stream> streams = byUser.get(entry.result().userId());
        if (streams != null) {
            streams.forEach(s -> s.deliver(entry, at));
        }
    }

    /** Streams open on this replica. */
    public int open() {
        return open.get();
    }

    /** Streams of {@code userId} open on this replica. */
    public int openFor(String userId) {
        Set<Stream> streams = byUser.get(userId);
        return streams == null ? 0 : streams.size();
    }

    /** Whether a result changed documents (a pull would return something new). */
    public static boolean changesDocuments(Outcome outcome) {
        return outcome == Outcome.APPLIED || outcome == Outcome.CONFLICT_RESOLVED || outcome == Outcome.DELETED;
    }
}
