package io.syncid.gateway.service;

import java.util.Arrays;

/**
 * A position in {@code sync.results}: per partition, the offset of the last record passed (-1 before any). It is the
 * {@code id} of every event of a change stream: offsets belong to the topic, not to a replica, and every replica reads
 * every partition, so any replica can resume a stream from an id another one issued. Encoded as
 * {@code v1:<offset of partition 0>,<offset of partition 1>,…}; opaque to devices, versioned so it can change.
 */
public final class StreamPosition {

    private static final String VERSION = "v1:";

    private final long[] offsets;

    private StreamPosition(long[] offsets) {
        this.offsets = offsets;
    }

    /** A position over {@code offsets} (copied), one per partition in partition order. */
    public static StreamPosition of(long... offsets) {
        return new StreamPosition(offsets.clone());
    }

    /** The offset passed in {@code partition}; -1 for a partition this position does not name. */
    public long offset(int partition) {
        return partition < offsets.length ? offsets[partition] : -1;
    }

    /** How many partitions this position names. */
    public int partitions() {
        return offsets.length;
    }

    /** Per partition the later of the two. */
    public StreamPosition max(StreamPosition other) {
        long[] merged = Arrays.copyOf(offsets, Math.max(offsets.length, other.offsets.length));
        for (int p = 0; p < merged.length; p++) {
            merged[p] = Math.max(offset(p), other.offset(p));
        }
        return new StreamPosition(merged);
    }

    /** This position moved past {@code offset} of {@code partition} (never back). */
    public StreamPosition passing(int partition, long offset) {
        if (offset <= offset(partition)) {
            return this;
        }
        long[] moved = Arrays.copyOf(offsets, Math.max(offsets.length, partition + 1));
        for (int p = offsets.length; p < moved.length; p++) {
            moved[p] = -1;
        }
        moved[partition] = offset;
        return new StreamPosition(moved);
    }

    /** The id form. */
    public String encode() {
        StringBuilder text = new StringBuilder(VERSION);
        for (int p = 0; p < offsets.length; p++) {
            if (p > 0) {
                text.append(',');
            }
            text.append(offsets[p]);
        }
        return text.toString();
    }

    /** Decodes an id; throws IllegalArgumentException for anything that is not one. */
    public static StreamPosition decode(String id) {
        if (id == null || !id.startsWith(VERSION) || id.length() == VERSION.length()) {
            throw new IllegalArgumentException("not a stream position");
        }
        String[] parts = id.substring(VERSION.length()).split(",", -1);
        long[] offsets = new long[parts.length];
        try {
            for (int p = 0; p < parts.length; p++) {
                offsets[p] = Long.parseLong(parts[p]);
                if (offsets[p] < -1) {
                    throw new IllegalArgumentException("a stream position offset is below -1");
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a stream position has a malformed offset", e);
        }
        return new StreamPosition(offsets);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StreamPosition that && Arrays.equals(offsets, that.offsets);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(offsets);
    }

    @Override
    public String toString() {
        return encode();
    }
}
