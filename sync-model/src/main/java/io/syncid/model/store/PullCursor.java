package io.syncid.model.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The opaque cursor of a delta pull: per lane, the last {@link ChangePosition} the device is known to have (settled:
 * nothing at or before it can still appear); plus {@code completeAtMillis}, the instant up to which the device has
 * seen every change (the cursor was issued at that instant plus the settle window), compared with the tombstone
 * retention horizon to answer RESYNC_REQUIRED.
 *
 * <p>
 * A page continuation (a cursor of a page with {@code hasMore}) also holds, per lane, the last position it
 * <em>delivered</em> beyond the settled one: the next page goes on after it, so a paged pull never sends an item twice
 * however young it is. The cursor of the last page drops that part ({@link #restart()}), so the next pull reads again
 * from the settled positions and re-delivers what had not settled: nothing is skipped.
 *
 * <p>
 * Encoded as URL-safe base64 of a compact text, {@code v1;completeAtMillis;lane=offset.sub,…} without a continuation
 * (the form every earlier cursor has) or {@code v2;completeAtMillis;settled lanes;delivered lanes} with one; opaque to
 * devices, versioned so it can change.
 */
public record PullCursor(long completeAtMillis, Map<Integer, ChangePosition> positions,
        Map<Integer, ChangePosition> delivered) {

    private static final String VERSION = "v1";
    private static final String CONTINUATION_VERSION = "v2";

    public PullCursor {
        positions = Collections.unmodifiableMap(new TreeMap<>(positions));
        delivered = Collections.unmodifiableMap(new TreeMap<>(delivered));
    }

    /** A cursor without a continuation part. */
    public PullCursor(long completeAtMillis, Map<Integer, ChangePosition> positions) {
        this(completeAtMillis, positions, Map.of());
    }

    /** Where a full pull starts: nothing seen. */
    public static PullCursor initial() {
        return new PullCursor(0, Map.of());
    }

    /** Decodes a cursor; throws IllegalArgumentException for anything that is not one. */
    public static PullCursor decode(String token) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor is not valid base64url", e);
        }
        String[] parts = text.split(";", -1);
        boolean plain = parts.length == 3 && VERSION.equals(parts[0]);
        boolean continuation = parts.length == 4 && CONTINUATION_VERSION.equals(parts[0]);
        if (!plain && !continuation) {
            throw new IllegalArgumentException("cursor has an unknown format");
        }
        try {
            long completeAt = Long.parseLong(parts[1]);
            if (completeAt < 0) {
                throw new IllegalArgumentException("cursor time is negative");
            }
            Map<Integer, ChangePosition> delivered = continuation ? lanes(parts[3]) : Map.of();
            if (continuation && delivered.isEmpty()) {
                throw new IllegalArgumentException("cursor continuation is empty");
            }
            return new PullCursor(completeAt, lanes(parts[2]), delivered);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cursor has a malformed number", e);
        }
    }

    private static Map<Integer, ChangePosition> lanes(String text) {
        Map<Integer, ChangePosition> positions = new TreeMap<>();
        if (text.isEmpty()) {
            return positions;
        }
        for (String entry : text.split(",", -1)) {
            int eq = entry.indexOf('=');
            int dot = entry.indexOf('.', eq);
            if (eq < 1 || dot < eq + 2) {
                throw new IllegalArgumentException("cursor entry is malformed");
            }
            int lane = Integer.parseInt(entry.substring(0, eq));
            ChangePosition pos = new ChangePosition(lane, Long.parseLong(entry.substring(eq + 1, dot)),
                    Integer.parseInt(entry.substring(dot + 1)));
            if (positions.put(lane, pos) != null) {
                throw new IllegalArgumentException("cursor names a lane twice");
            }
        }
        return positions;
    }

    /** The settled position of a lane, or null when the device has seen nothing of it. */
    public ChangePosition after(int lane) {
        return positions.get(lane);
    }

    /**
     * Where a lane's next page starts: after the last position this page sequence delivered, else after the settled
     * one (null: from the lane's start).
     */
    public ChangePosition resumeAfter(int lane) {
        ChangePosition settled = positions.get(lane);
        ChangePosition sent = delivered.get(lane);
        if (sent == null) {
            return settled;
        }
        return settled == null || sent.compareTo(settled) > 0 ? sent : settled;
    }

    /** A cursor with {@code lane} settled at {@code position} (never backwards). */
    public PullCursor advance(int lane, ChangePosition position) {
        ChangePosition current = positions.get(lane);
        if (current != null && current.compareTo(position) >= 0) {
            return this;
        }
        Map<Integer, ChangePosition> next = new TreeMap<>(positions);
        next.put(lane, position);
        Map<Integer, ChangePosition> sent = new TreeMap<>(delivered);
        ChangePosition sentInLane = sent.get(lane);
        if (sentInLane != null && sentInLane.compareTo(position) <= 0) {
            sent.remove(lane);
        }
        return new PullCursor(completeAtMillis, next, sent);
    }

    /** A continuation that has delivered {@code lane} up to {@code position} (never backwards). */
    public PullCursor deliver(int lane, ChangePosition position) {
        ChangePosition from = resumeAfter(lane);
        if (from != null && from.compareTo(position) >= 0) {
            return this;
        }
        Map<Integer, ChangePosition> sent = new TreeMap<>(delivered);
        sent.put(lane, position);
        return new PullCursor(completeAtMillis, positions, sent);
    }

    /** The cursor for the next pull: the settled positions only, without the continuation part. */
    public PullCursor restart() {
        return delivered.isEmpty() ? this : new PullCursor(completeAtMillis, positions);
    }

    /** The same positions, complete as of {@code millis}. */
    public PullCursor completeAt(long millis) {
        return new PullCursor(millis, positions, delivered);
    }

    public String encode() {
        StringBuilder text = new StringBuilder(delivered.isEmpty() ? VERSION : CONTINUATION_VERSION).append(';')
                .append(completeAtMillis).append(';');
        append(text, positions);
        if (!delivered.isEmpty()) {
            text.append(';');
            append(text, delivered);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void append(StringBuilder text, Map<Integer, ChangePosition> lanes) {
        boolean first = true;
        for (Map.Entry<Integer, ChangePosition> e : lanes.entrySet()) {
            if (!first) {
                text.append(',');
            }
            first = false;
            text.append(e.getKey()).append('=').append(e.getValue().offset()).append('.').append(e.getValue().sub());
        }
    }
}
