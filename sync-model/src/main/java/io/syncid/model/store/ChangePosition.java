package io.syncid.model.store;

import java.util.Locale;

/**
 * The server-assigned change position of a document: the {@code UserIndex} sort key that delta pulls page by.
 *
 * <h2>Design</h2>
 * A position is {@code (lane, offset, sub)} encoded as a fixed-width string {@code LLLLL:OOOOOOOOOOOOOOOOOOOO:SS}.
 * <ul>
 * <li>{@code lane} is the Kafka partition of {@code sync.operations} from which the remote-writer applied the write
 * (migrated documents too: they reach {@code Documents} through the writer like every other write), {@code offset} is
 * that record's offset, {@code sub} orders the items one record writes (0 the document, 1 a conflict copy).</li>
 * <li>Within one lane, positions grow in the order writes are applied: a partition has one consumer at a time and it
 * applies records in offset order, however many writer replicas there are. Across lanes no order is needed: a
 * document's writes all travel through one partition (records are keyed by syncId), so per-document order is
 * per-lane order.</li>
 * <li>A pull cursor ({@link PullCursor}) therefore holds one position per lane, and a pull queries each lane for
 * positions after the cursor's. Fixed width makes string order equal numeric order.</li>
 * <li>The GSI is eventually consistent: an item written at position 9 may show up in the index after one written
 * later at position 10. Each item also carries {@code changedAtMillis}, the writer's clock when it got its position,
 * and the cursor only moves past items older than a settle window (longer than the index's propagation delay).
 * Proof sketch: in a lane, {@code changedAt(9) <= changedAt(10)}; the cursor passes 10 only once
 * {@code changedAt(10) <= now - window}, so 9 was written at least a window ago and is visible; so nothing behind the
 * cursor can still appear. Younger items are returned but not passed, so the next pull returns them again; devices
 * apply a document by syncId and version, so a repeat is harmless.</li>
 * <li>When a write moves a document to a new position, its old GSI entry disappears: the latest state is all a
 * device needs.</li>
 * </ul>
 * Changing the partition count of {@code sync.operations} re-maps keys to partitions and must be paired with a
 * {@code RESYNC_REQUIRED} horizon bump.
 */
public record ChangePosition(int lane, long offset, int sub) implements Comparable<ChangePosition> {

    /** The highest lane (partition number) the five-digit encoding holds. */
    public static final int MAX_LANE = 99_999;
    public static final int MAX_SUB = 99;

    private static final String FORMAT = "%05d:%020d:%02d";

    public ChangePosition {
        if (lane < 0 || lane > MAX_LANE) {
            throw new IllegalArgumentException("lane out of range: " + lane);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        if (sub < 0 || sub > MAX_SUB) {
            throw new IllegalArgumentException("sub out of range: " + sub);
        }
    }

    /** The first possible position of a lane. */
    public static ChangePosition first(int lane) {
        return new ChangePosition(lane, 0, 0);
    }

    /** The last possible position of a lane. */
    public static ChangePosition last(int lane) {
        return new ChangePosition(lane, Long.MAX_VALUE, MAX_SUB);
    }

    /** Parses the stored form; throws IllegalArgumentException on anything else. */
    public static ChangePosition parse(String encoded) {
        if (encoded == null || encoded.length() != 29 || encoded.charAt(5) != ':' || encoded.charAt(26) != ':') {
            throw new IllegalArgumentException("not a change position: " + encoded);
        }
        try {
            return new ChangePosition(Integer.parseInt(encoded.substring(0, 5)),
                    Long.parseLong(encoded.substring(6, 26)), Integer.parseInt(encoded.substring(27)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a change position: " + encoded, e);
        }
    }

    /** The smallest position strictly after this one in the same lane. */
    public ChangePosition successor() {
        if (sub < MAX_SUB) {
            return new ChangePosition(lane, offset, sub + 1);
        }
        if (offset == Long.MAX_VALUE) {
            return this;
        }
        return new ChangePosition(lane, offset + 1, 0);
    }

    /** The stored, fixed-width form, whose string order is the position order. */
    public String encode() {
        // By hand: String.format was a few percent of the writer's CPU (every item write encodes positions).
        char[] out = new char[29];
        digits(out, 0, 5, lane);
        out[5] = ':';
        digits(out, 6, 20, offset);
        out[26] = ':';
        digits(out, 27, 2, sub);
        return new String(out);
    }

    /** {@code value} (not negative) as {@code width} decimal digits with leading zeros at {@code out[from]}. */
    private static void digits(char[] out, int from, int width, long value) {
        long rest = value;
        for (int i = from + width - 1; i >= from; i--) {
            out[i] = (char) ('0' + rest % 10);
            rest /= 10;
        }
    }

    /** The obvious form of {@link #encode()}, which the tests hold it to. */
    static String encodeWithFormat(ChangePosition p) {
        return String.format(Locale.ROOT, FORMAT, p.lane, p.offset, p.sub);
    }

    @Override
    public int compareTo(ChangePosition other) {
        int byLane = Integer.compare(lane, other.lane);
        if (byLane != 0) {
            return byLane;
        }
        int byOffset = Long.compare(offset, other.offset);
        return byOffset != 0 ? byOffset : Integer.compare(sub, other.sub);
    }

    @Override
    public String toString() {
        return encode();
    }
}
