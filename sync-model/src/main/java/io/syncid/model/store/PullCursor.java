package io.syncid.model.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The opaque cursor of a delta pull: per lane, the last {@link ChangePosition} the device is known to have; plus
 * {@code completeAtMillis}, the instant up to which the device has seen every change (the cursor was issued at that
 * instant plus the settle window), compared with the tombstone retention horizon to answer RESYNC_REQUIRED.
 *
 * <p>
 * Encoded as URL-safe base64 of a compact text {@code v1;completeAtMillis;lane=offset.sub,lane=offset.sub}; opaque to
 * devices, versioned so it can change.
 */
public record PullCursor(long completeAtMillis, Map<Integer, ChangePosition> positions) {

    private static final String VERSION = "v1";

    public PullCursor {
        positions = Collections.unmodifiableMap(new TreeMap<>(positions));
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
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new IllegalArgumentException("cursor has an unknown format");
        }
        try {
            long completeAt = Long.parseLong(parts[1]);
            Map<Integer, ChangePosition> positions = new TreeMap<>();
            if (!parts[2].isEmpty()) {
                for (String entry : parts[2].split(",", -1)) {
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
            }
            if (completeAt < 0) {
                throw new IllegalArgumentException("cursor time is negative");
            }
            return new PullCursor(completeAt, positions);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cursor has a malformed number", e);
        }
    }

    /** The position after which a lane's next page starts, or null when the device has seen nothing of it. */
    public ChangePosition after(int lane) {
        return positions.get(lane);
    }

    /** A cursor with {@code lane} moved to {@code position} (never backwards). */
    public PullCursor advance(int lane, ChangePosition position) {
        ChangePosition current = positions.get(lane);
        if (current != null && current.compareTo(position) >= 0) {
            return this;
        }
        Map<Integer, ChangePosition> next = new TreeMap<>(positions);
        next.put(lane, position);
        return new PullCursor(completeAtMillis, next);
    }

    /** The same positions, complete as of {@code millis}. */
    public PullCursor completeAt(long millis) {
        return new PullCursor(millis, positions);
    }

    public String encode() {
        StringBuilder text = new StringBuilder(VERSION).append(';').append(completeAtMillis).append(';');
        boolean first = true;
        for (Map.Entry<Integer, ChangePosition> e : positions.entrySet()) {
            if (!first) {
                text.append(',');
            }
            first = false;
            text.append(e.getKey()).append('=').append(e.getValue().offset()).append('.').append(e.getValue().sub());
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
