package io.syncid.consolidator.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.syncid.consolidator.support.Events;
import io.syncid.model.ChangeEvent;
import io.syncid.model.ConsolidatedOperation;
import io.syncid.model.DocumentContent;
import io.syncid.model.EventSchema;
import io.syncid.model.LegacyOrigin;
import io.syncid.model.OperationType;
import io.syncid.model.SyncId;
import io.syncid.testkit.random.Seeds;

/**
 * Seeded random batches over several syncIds, devices and users, folded and checked against a reference that applies
 * the source operations one by one: same final state per syncId, every opId exactly once, no two devices mixed,
 * per-syncId order kept, and folding a folded stream again changes nothing.
 */
class ConsolidationPropertyTest {

    private static final int REPETITIONS = 10_000;

    /** Who sends: two devices of alice and a device of bob with the same device name as one of alice's. */
    private static final List<String[]> DEVICES = List.of(new String[]{"alice", "d1"},
            new String[]{"alice", "d2"}, new String[]{"bob", "d1"});

    @Test
    void foldingKeepsStatesOpIdsDevicesAndOrder() {
        for (int rep = 0; rep < REPETITIONS; rep++) {
            Seeds.property(rep, ConsolidationPropertyTest::check);
        }
    }

    private static void check(Random random) {
        Generated batch = generate(random);
        List<ConsolidatedOperation> folded = Consolidation.fold(batch.events());
        List<ChangeEvent> unique = lastOccurrences(batch.events());
        Map<UUID, ChangeEvent> byOpId = new HashMap<>();
        unique.forEach(e -> byOpId.put(e.opId(), e));

        // (a) the folded stream leaves every syncId in the state the source operations do
        Map<SyncId, State> expected = new HashMap<>(batch.initial());
        unique.forEach(e -> expected.merge(e.syncId(), State.ABSENT,
                (state, ignored) -> state.apply(e.type(), e.document())));
        Map<SyncId, State> actual = new HashMap<>(batch.initial());
        folded.forEach(op -> actual.merge(op.syncId(), State.ABSENT,
                (state, ignored) -> state.apply(op.type(), op.document())));
        assertThat(actual).as("final states of %s folded into %s", batch.events(), folded).isEqualTo(expected);

        // (b) every distinct opId exactly once, as a source or tombstoned
        List<UUID> out = folded.stream().flatMap(op -> op.allOpIds().stream()).toList();
        assertThat(out).doesNotHaveDuplicates();
        assertThat(new HashSet<>(out)).isEqualTo(byOpId.keySet());

        Map<UUID, Integer> position = new HashMap<>();
        for (int i = 0; i < folded.size(); i++) {
            ConsolidatedOperation op = folded.get(i);
            for (UUID opId : op.allOpIds()) {
                position.put(opId, i);
                ChangeEvent source = byOpId.get(opId);
                // (c) one user's one device per operation, on its syncId; IMPORT and data deletions alone
                assertThat(source.syncId()).isEqualTo(op.syncId());
                assertThat(source.userId()).isEqualTo(op.userId());
                assertThat(source.deviceId()).isEqualTo(op.deviceId());
                if (Consolidation.standsAlone(source)) {
                    assertThat(op.allOpIds()).containsExactly(opId);
                }
            }
            ChangeEvent first = byOpId.get(op.sourceOpIds().get(0));
            assertThat(op.baseVersion()).isEqualTo(first.baseVersion());
            assertThat(op.firstReceivedAt()).isEqualTo(first.receivedAt());
        }

        // (d) per syncId, the operations come out in the order of their sources
        Map<SyncId, Integer> last = new HashMap<>();
        for (ChangeEvent e : unique) {
            int at = position.get(e.opId());
            Integer before = last.put(e.syncId(), at);
            assertThat(before == null || before <= at).as("order of %s", e.syncId()).isTrue();
        }

        // (e) folding the folded stream again (as events) changes nothing
        List<ConsolidatedOperation> again = Consolidation.fold(folded.stream().map(ConsolidationPropertyTest::asEvent)
                .toList());
        assertThat(again).hasSameSizeAs(folded);
        for (int i = 0; i < folded.size(); i++) {
            assertThat(again.get(i).sourceOpIds()).containsExactly(folded.get(i).operationId());
            assertThat(projection(again.get(i))).isEqualTo(projection(folded.get(i)));
        }
    }

    /** A random batch, realistic where the fold rules assume it: a CREATE only where nothing lives. */
    private static Generated generate(Random random) {
        int syncIdCount = 1 + random.nextInt(4);
        List<SyncId> syncIds = new ArrayList<>();
        Map<SyncId, State> initial = new HashMap<>();
        for (int i = 0; i < syncIdCount; i++) {
            SyncId id = SyncId.random();
            syncIds.add(id);
            int roll = random.nextInt(10);
            initial.put(id, roll < 5 ? State.ABSENT : roll < 9 ? State.live(Events.doc("initial")) : State.DELETED);
        }
        List<String[]> devices = DEVICES.subList(0, 1 + random.nextInt(DEVICES.size()));
        Map<SyncId, State> state = new HashMap<>(initial);
        List<ChangeEvent> events = new ArrayList<>();
        int length = 1 + random.nextInt(30);
        for (int step = 0; step < length; step++) {
            if (!events.isEmpty() && random.nextInt(20) == 0) {
                // A retried flush: an attempt the device was told failed left any part of its batch behind (in order,
                // maybe a later operation without an earlier one), then the whole batch went again, in order.
                int size = 1 + random.nextInt(Math.min(3, events.size()));
                List<ChangeEvent> tail = events.subList(events.size() - size, events.size());
                List<ChangeEvent> batch = new ArrayList<>(tail);
                tail.clear();
                batch.stream().filter(e -> random.nextBoolean()).forEach(events::add);
                events.addAll(batch);
                continue;
            }
            SyncId syncId = syncIds.get(random.nextInt(syncIds.size()));
            String[] device = devices.get(random.nextInt(devices.size()));
            ChangeEvent event = next(random, syncId, device, state.get(syncId), step);
            events.add(event);
            state.put(syncId, state.get(syncId).apply(event.type(), event.document()));
        }
        return new Generated(initial, events);
    }

    private static ChangeEvent next(Random random, SyncId syncId, String[] device, State state, int step) {
        Instant at = Events.T0.plusSeconds(step);
        Instant received = at.plusMillis(random.nextInt(2000));
        long base = random.nextInt(6);
        String title = "t" + step;
        int roll = random.nextInt(25);
        if (roll == 0) {
            DocumentContent doc = random.nextInt(3) == 0 ? null : Events.doc(title);
            return new ChangeEvent(EventSchema.CURRENT_VERSION, UUID.randomUUID(), syncId, OperationType.IMPORT, 0,
                    at, doc, "migration", device[0], "migration-worker", received,
                    new LegacyOrigin("legacy-" + step, Events.T0, base));
        }
        if (roll == 1 && state.kind() != State.Kind.ABSENT) {
            return new ChangeEvent(EventSchema.CURRENT_VERSION, UUID.randomUUID(), syncId, OperationType.DELETE,
                    base, at, null, Consolidation.DATA_DELETION_REASON, device[0], "tombstone-service", received);
        }
        OperationType type = switch (state.kind()) {
            case ABSENT -> OperationType.CREATE;
            case LIVE -> random.nextInt(10) < 7 ? OperationType.UPDATE : OperationType.DELETE;
            case DELETED -> List.of(OperationType.CREATE, OperationType.UPDATE, OperationType.DELETE)
                    .get(random.nextInt(3));
        };
        return new ChangeEvent(EventSchema.CURRENT_VERSION, UUID.randomUUID(), syncId, type,
                type == OperationType.CREATE ? 0 : base, at, type == OperationType.DELETE ? null : Events.doc(title),
                "user", device[0], device[1], received);
    }

    /** Each opId once, where it occurs last (the complete attempt of a retried flush). */
    private static List<ChangeEvent> lastOccurrences(List<ChangeEvent> events) {
        Map<UUID, Integer> last = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            last.put(events.get(i).opId(), i);
        }
        List<ChangeEvent> unique = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (last.get(events.get(i).opId()) == i) {
                unique.add(events.get(i));
            }
        }
        return unique;
    }

    private static ChangeEvent asEvent(ConsolidatedOperation op) {
        return new ChangeEvent(op.schemaVersion(), op.operationId(), op.syncId(), op.type(), op.baseVersion(),
                op.occurredAt(), op.document(), op.reason(), op.userId(), op.deviceId(), op.receivedAt(),
                op.legacy());
    }

    private static List<Object> projection(ConsolidatedOperation op) {
        return java.util.Arrays.asList(op.syncId(), op.type(), op.userId(), op.deviceId(), op.document(),
                op.baseVersion(), op.occurredAt(), op.receivedAt(), op.reason(), op.legacy());
    }

    private record Generated(Map<SyncId, State> initial, List<ChangeEvent> events) {
    }

    /**
     * The reference: what the writer leaves of a syncId after one operation, ignoring versions and conflicts (which
     * the fold does not decide). A CREATE applies only where nothing lives, an UPDATE only to a live document; a
     * DELETE always leaves a tombstone (also of a CREATE folded away with it); an IMPORT applies only where nothing
     * lives, as a tombstone when the legacy item was deleted.
     */
    private record State(Kind kind, DocumentContent document) {

        enum Kind {
            ABSENT, LIVE, DELETED
        }

        static final State ABSENT = new State(Kind.ABSENT, null);
        static final State DELETED = new State(Kind.DELETED, null);

        static State live(DocumentContent document) {
            return new State(Kind.LIVE, document);
        }

        State apply(OperationType type, DocumentContent doc) {
            return switch (type) {
                case CREATE -> kind == Kind.ABSENT ? live(doc) : this;
                case UPDATE -> kind == Kind.LIVE ? live(doc) : this;
                case DELETE -> DELETED;
                case IMPORT -> kind != Kind.ABSENT ? this : doc == null ? DELETED : live(doc);
            };
        }
    }
}
