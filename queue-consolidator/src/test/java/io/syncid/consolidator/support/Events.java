package io.syncid.consolidator.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.syncid.model.ChangeEvent;
import io.syncid.model.DocumentContent;
import io.syncid.model.EventSchema;
import io.syncid.model.LegacyOrigin;
import io.syncid.model.OperationType;
import io.syncid.model.SyncId;

/** Change events for tests, with only what a test cares about named. */
public final class Events {

    public static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private Events() {
    }

    public static DocumentContent doc(String title) {
        return new DocumentContent(title, "insurance", Map.of("n", title), null);
    }

    /** A device operation of {@code user}/{@code device}; CREATE and UPDATE get a document titled {@code title}. */
    public static ChangeEvent op(SyncId syncId, String user, String device, OperationType type, long baseVersion,
            String title, int second) {
        return new ChangeEvent(EventSchema.CURRENT_VERSION, UUID.randomUUID(), syncId, type, baseVersion,
                T0.plusSeconds(second), type == OperationType.DELETE ? null : doc(title), "user", user, device,
                T0.plusSeconds(second).plusMillis(500));
    }

    public static ChangeEvent create(SyncId syncId, String device, String title) {
        return op(syncId, "alice", device, OperationType.CREATE, 0, title, 0);
    }

    public static ChangeEvent update(SyncId syncId, String device, long baseVersion, String title) {
        return op(syncId, "alice", device, OperationType.UPDATE, baseVersion, title, 1);
    }

    public static ChangeEvent delete(SyncId syncId, String device, long baseVersion) {
        return op(syncId, "alice", device, OperationType.DELETE, baseVersion, null, 2);
    }

    /** A DELETE of the tombstone-service's data-deletion request (SPEC §8). */
    public static ChangeEvent dataDeletion(SyncId syncId, String device) {
        return new ChangeEvent(EventSchema.CURRENT_VERSION, UUID.randomUUID(), syncId, OperationType.DELETE, 0,
                T0, null, "data-deletion-request", "alice", device, T0);
    }

    /** The migration's IMPORT (SPEC §9); a deleted legacy item has no document. */
    public static ChangeEvent importOf(SyncId syncId, String device, String title) {
        return new ChangeEvent(EventSchema.CURRENT_VERSION, UUID.randomUUID(), syncId, OperationType.IMPORT, 0, T0,
                title == null ? null : doc(title), "migration", "alice", device, T0,
                new LegacyOrigin("legacy-" + syncId, T0.minusSeconds(86_400), 3));
    }

    /**
     * {@code count} small operations over {@code syncIds} syncIds of two devices, each syncId created first: a backlog
     * that folds some (runs of one device) but not all.
     */
    public static List<ChangeEvent> backlog(int count, int syncIds, Random random) {
        List<SyncId> ids = new ArrayList<>();
        for (int i = 0; i < syncIds; i++) {
            ids.add(SyncId.random());
        }
        List<ChangeEvent> out = new ArrayList<>(count);
        boolean[] created = new boolean[syncIds];
        for (int i = 0; i < count; i++) {
            int s = random.nextInt(syncIds);
            String device = random.nextBoolean() ? "phone" : "tablet";
            OperationType type = !created[s] ? OperationType.CREATE : OperationType.UPDATE;
            created[s] = true;
            out.add(op(ids.get(s), "alice", device, type, 0, "v" + i, i % 1000));
        }
        return out;
    }
}
