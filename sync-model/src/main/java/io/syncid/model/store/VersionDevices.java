package io.syncid.model.store;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Reads and extends {@link DocumentItem#versionDevices()}: which device wrote which version, kept as runs so that a
 * device's own long run of edits costs one entry (SPEC §7: a device's own edits never conflict, however many).
 * <p>
 * A key is the first version of a run of consecutive versions written by one device; a version's device is the value
 * of the greatest key at or below it. Items written before runs were kept have one key per version, which reads the
 * same (a run of length one, or redundant keys inside a run). Only the newest {@link DocumentItem#MAX_VERSION_DEVICES}
 * runs are kept; versions before the oldest kept key are unknown, and an unknown version never proves a device's own.
 */
public final class VersionDevices {

    private VersionDevices() {
    }

    /** The device that wrote {@code version}, or null when the history does not reach back to it. */
    public static String deviceOf(Map<Long, String> runs, long version) {
        Map.Entry<Long, String> run = navigable(runs).floorEntry(version);
        return run == null ? null : run.getValue();
    }

    /** Whether {@code deviceId} provably wrote every version in {@code from..to} (inclusive; true when empty). */
    public static boolean allWrittenBy(Map<Long, String> runs, long from, long to, String deviceId) {
        if (from > to) {
            return true;
        }
        NavigableMap<Long, String> map = navigable(runs);
        if (!deviceId.equals(deviceOf(map, from))) {
            return false;
        }
        return map.subMap(from, false, to, true).values().stream().allMatch(deviceId::equals);
    }

    /**
     * The history with {@code version} written by {@code deviceId} (the version after the newest one): a new key only
     * when the previous version's device is another one or unknown; the oldest runs beyond the bound are dropped.
     */
    public static Map<Long, String> withVersion(Map<Long, String> runs, long version, String deviceId) {
        TreeMap<Long, String> next = new TreeMap<>(runs);
        next.tailMap(version, true).clear();
        if (!deviceId.equals(deviceOf(next, version - 1))) {
            next.put(version, deviceId);
        }
        while (next.size() > DocumentItem.MAX_VERSION_DEVICES) {
            next.pollFirstEntry();
        }
        return next;
    }

    private static NavigableMap<Long, String> navigable(Map<Long, String> runs) {
        return runs instanceof NavigableMap<Long, String> map ? map : new TreeMap<>(runs);
    }
}
