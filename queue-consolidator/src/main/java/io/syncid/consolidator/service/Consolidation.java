package io.syncid.consolidator.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.syncid.model.ChangeEvent;
import io.syncid.model.ConsolidatedOperation;
import io.syncid.model.DocumentContent;
import io.syncid.model.EventSchema;
import io.syncid.model.OperationType;
import io.syncid.model.SyncId;

/**
 * The folding rules of SPEC §6 as a pure function: the change events of one poll batch, in offset order, become the
 * consolidated operations to write, grouped by syncId with each syncId's order kept. Only consecutive operations (per
 * syncId) of the same device of the same user fold; IMPORT operations and data-deletion DELETEs stand alone. Every
 * distinct source opId ends up in exactly one consolidated operation, as a source or as tombstoned.
 */
public final class Consolidation {

    /** The reason of the tombstone-service's DELETEs (SPEC §8): never folded with a device's operations. */
    public static final String DATA_DELETION_REASON = "data-deletion-request";

    private Consolidation() {
    }

    /**
     * Folds {@code events} (offset order, any syncIds). An opId seen again in the same batch (a retried flush) is kept
     * once, at its last position: the device resends a whole batch, in order, until one attempt is acknowledged, while
     * an attempt it was told failed may have left any part of the batch behind — even a later operation without an
     * earlier one, when the broker expired a record in between (an UPDATE before its CREATE). The last attempt is
     * complete and in order, so its positions are the ones to keep. Across batches the remote-writer's opId check
     * deduplicates.
     */
    public static List<ConsolidatedOperation> fold(List<ChangeEvent> events) {
        Map<SyncId, List<ConsolidatedOperation>> bySyncId = new LinkedHashMap<>();
        Map<SyncId, Run> open = new HashMap<>();
        Map<UUID, Integer> lastAt = lastPositionsOfRepeats(events);
        for (int i = 0; i < events.size(); i++) {
            ChangeEvent event = events.get(i);
            if (lastAt != null && lastAt.getOrDefault(event.opId(), i) != i) {
                continue;
            }
            SyncId syncId = event.syncId();
            Run run = open.get(syncId);
            if (run != null && run.absorbs(event)) {
                run.add(event);
                continue;
            }
            List<ConsolidatedOperation> done = bySyncId.computeIfAbsent(syncId, id -> new ArrayList<>(1));
            boolean unfoldable = false;
            if (run != null) {
                done.add(run.toOperation());
                unfoldable = run.isRecreatedBy(event);
            }
            open.put(syncId, new Run(event, unfoldable));
        }
        List<ConsolidatedOperation> out = new ArrayList<>(events.size());
        bySyncId.forEach((syncId, done) -> {
            out.addAll(done);
            out.add(open.get(syncId).toOperation());
        });
        return out;
    }

    /** The last position of every opId when some opId repeats; null when none does (the usual batch). */
    private static Map<UUID, Integer> lastPositionsOfRepeats(List<ChangeEvent> events) {
        Set<UUID> seen = new HashSet<>(events.size() * 2);
        boolean repeats = false;
        for (ChangeEvent event : events) {
            repeats |= !seen.add(event.opId());
        }
        if (!repeats) {
            return null;
        }
        Map<UUID, Integer> last = new HashMap<>(events.size() * 2);
        for (int i = 0; i < events.size(); i++) {
            last.put(events.get(i).opId(), i);
        }
        return last;
    }

    /** Whether {@code event} is folded with nothing: an IMPORT, or a DELETE of a data-deletion request. */
    static boolean standsAlone(ChangeEvent event) {
        return event.type() == OperationType.IMPORT
                || (event.type() == OperationType.DELETE && DATA_DELETION_REASON.equals(event.reason()));
    }

    /** A run of consecutive operations of one device on one syncId, folded as it grows. */
    private static final class Run {

        private final ChangeEvent first;
        private final boolean alone;
        private final List<UUID> sourceOpIds = new ArrayList<>(2);
        private List<UUID> tombstonedOpIds = List.of();
        private ChangeEvent lastSource;
        private OperationType type;
        private DocumentContent document;

        Run(ChangeEvent first, boolean unfoldable) {
            this.first = first;
            this.alone = unfoldable || standsAlone(first);
            this.lastSource = first;
            this.type = first.type();
            this.document = first.document();
            sourceOpIds.add(first.opId());
        }

        boolean absorbs(ChangeEvent next) {
            if (alone || standsAlone(next) || !Objects.equals(first.userId(), next.userId())
                    || !Objects.equals(first.deviceId(), next.deviceId())) {
                // Another device's edit must reach the writer as a conflict, not vanish into this one (SPEC §6).
                return false;
            }
            return switch (type) {
                case CREATE, UPDATE -> next.type() != OperationType.CREATE;
                case DELETE -> true;
                case IMPORT -> false;
            };
        }

        /**
         * Whether {@code next} is a CREATE of this device after its CREATE or UPDATE of the same syncId: no row of
         * SPEC §6, so the writer decides it, alone. Folding later operations into it would make the result depend on
         * where a batch began (a second fold of the output would merge them into this run).
         */
        boolean isRecreatedBy(ChangeEvent next) {
            return !alone && !standsAlone(next) && next.type() == OperationType.CREATE
                    && (type == OperationType.CREATE || type == OperationType.UPDATE)
                    && Objects.equals(first.userId(), next.userId())
                    && Objects.equals(first.deviceId(), next.deviceId());
        }

        void add(ChangeEvent next) {
            if (type == OperationType.DELETE && next.type() != OperationType.DELETE) {
                // A deleted syncId is never written again (SPEC §2): later edits travel along as TOMBSTONED.
                if (tombstonedOpIds.isEmpty()) {
                    tombstonedOpIds = new ArrayList<>(2);
                }
                tombstonedOpIds.add(next.opId());
                return;
            }
            sourceOpIds.add(next.opId());
            lastSource = next;
            if (next.type() == OperationType.DELETE) {
                type = OperationType.DELETE;
                document = null;
            } else {
                document = next.document();
            }
        }

        ConsolidatedOperation toOperation() {
            return new ConsolidatedOperation(EventSchema.CURRENT_VERSION, first.syncId(), lastSource.userId(),
                    lastSource.deviceId(), type, document, first.baseVersion(), lastSource.occurredAt(),
                    lastSource.reason(), sourceOpIds, tombstonedOpIds, first.receivedAt(), lastSource.receivedAt(),
                    first.legacy());
        }
    }
}
