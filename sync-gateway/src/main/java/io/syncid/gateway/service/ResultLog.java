package io.syncid.gateway.service;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.syncid.gateway.config.GatewayConfig;
import io.syncid.model.WriteResult;

/**
 * This replica's view of {@code sync.results}: the position read so far and the most recent results, so a change
 * stream resumed with a {@code Last-Event-ID} (a {@link StreamPosition}, possibly issued by another replica) gets
 * every result of its user after that position again. Only results past the partitions' start positions and still in
 * the bounded buffer can be replayed; anything older is a gap, which the stream reports instead of hiding.
 */
@ApplicationScoped
public class ResultLog {

    /** One result read, at its place in the topic. */
    public record Entry(int partition, long offset, WriteResult result) {
    }

    /** The results of one user after a position, and the position they run up to. */
    public record Replay(List<Entry> entries, StreamPosition upTo) {
    }

    private final int capacity;
    private final ArrayDeque<Entry> recent = new ArrayDeque<>();
    /** Per partition: every readable result at or after this offset that was read is still in {@link #recent}. */
    private long[] heldFrom;
    private long[] position;
    private volatile StreamPosition delivered;

    @Inject
    ResultLog(GatewayConfig config) {
        this(config.live().replayResults());
    }

    ResultLog(int capacity) {
        this.capacity = capacity;
    }

    /** Reading starts at these offsets (one per partition): nothing before them can be replayed. */
    public synchronized void start(long[] startOffsets) {
        heldFrom = startOffsets.clone();
        position = new long[startOffsets.length];
        for (int p = 0; p < position.length; p++) {
            position[p] = startOffsets[p] - 1;
        }
        recent.clear();
        delivered = StreamPosition.of(position);
    }

    /** Passes one record; {@code result} is null for a record that is not a readable result. */
    public synchronized void record(int partition, long offset, WriteResult result) {
        if (position == null || partition >= position.length) {
            return;
        }
        position[partition] = Math.max(position[partition], offset);
        if (result == null || capacity == 0) {
            return;
        }
        if (recent.size() == capacity) {
            Entry evicted = recent.removeFirst();
            heldFrom[evicted.partition()] = Math.max(heldFrom[evicted.partition()], evicted.offset() + 1);
        }
        recent.addLast(new Entry(partition, offset, result));
    }

    /** The position of the last record passed (whether or not its listeners have been told yet). */
    public synchronized StreamPosition position() {
        return position == null ? null : StreamPosition.of(position);
    }

    /**
     * Marks everything passed so far as handed to its listeners: a position read with {@link #delivered()} after
     * this never runs ahead of what a listener was given.
     */
    public void markDelivered() {
        StreamPosition now = position();
        if (now != null) {
            delivered = now;
        }
    }

    /** The position up to which every result has been handed to its listeners; null before reading starts. */
    public StreamPosition delivered() {
        return delivered;
    }

    /**
     * The results of {@code userId} after {@code after}, in the order they were read, when this replica still holds
     * all of them; empty when it cannot tell (reading has not started, or it started or evicted past the position).
     */
    public synchronized Optional<Replay> after(String userId, StreamPosition after) {
        if (position == null) {
            return Optional.empty();
        }
        for (int p = 0; p < heldFrom.length; p++) {
            if (after.offset(p) < heldFrom[p] - 1) {
                return Optional.empty();
            }
        }
        List<Entry> entries = new ArrayList<>();
        for (Entry entry : recent) {
            if (entry.offset() > after.offset(entry.partition()) && userId.equals(entry.result().userId())) {
                entries.add(entry);
            }
        }
        return Optional.of(new Replay(entries, StreamPosition.of(Arrays.copyOf(position, position.length))));
    }
}
