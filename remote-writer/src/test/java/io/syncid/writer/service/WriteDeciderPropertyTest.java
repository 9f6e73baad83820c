package io.syncid.writer.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.syncid.model.ConsolidatedOperation;
import io.syncid.model.DocumentContent;
import io.syncid.model.EventSchema;
import io.syncid.model.OperationType;
import io.syncid.model.Outcome;
import io.syncid.model.SyncId;
import io.syncid.model.store.ChangePosition;
import io.syncid.testkit.random.Seeds;

/**
 * Random streams of two devices' creates, updates and deletes on one syncId, applied through {@link WriteDecider} to an
 * in-memory table: the version grows by one per content change, every conflict copy exists and names the original,
 * and processing the whole stream again (a crash before any offset commit) writes nothing and re-emits every original
 * outcome.
 */
class WriteDeciderPropertyTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final List<String> DEVICES = List.of("dev-a", "dev-b");

    @Test
    void replayingAStreamReEmitsEveryOutcomeAndWritesNothing() {
        for (int rep = 0; rep < 200; rep++) {
            Seeds.property(rep, this::oneStream);
        }
    }

    private void oneStream(Random random) {
        WriteDecider decider = new WriteDecider(
                random.nextBoolean() ? new LaterEffectiveTimeWins() : new ServerWins());
        SyncId id = SyncId.random();
        Map<SyncId, StoredDocument> table = new HashMap<>();
        Map<String, Long> seen = new HashMap<>();
        List<ConsolidatedOperation> stream = new ArrayList<>();
        List<WriteOutcome> first = new ArrayList<>();
        int length = 2 + random.nextInt(30);
        long lastVersion = 0;
        for (int i = 0; i < length; i++) {
            String device = DEVICES.get(random.nextInt(DEVICES.size()));
            OperationType type = i == 0
                    ? OperationType.CREATE
                    : random.nextInt(8) == 0 ? OperationType.DELETE : OperationType.UPDATE;
            // A device edits on the last version it saw, or on 0 (it never saw one), or a bit behind.
            long base = type == OperationType.CREATE
                    ? 0
                    : Math.max(0, seen.getOrDefault(device, 0L) - (random.nextInt(4) == 0 ? 1 : 0));
            Instant at = T0.plusSeconds(random.nextInt(100));
            ConsolidatedOperation op = new ConsolidatedOperation(EventSchema.CURRENT_VERSION, id, "user-1", device,
                    type, type == OperationType.DELETE ? null : new DocumentContent("t" + i, "c", null, null), base,
                    at, null, List.of(UUID.randomUUID()), List.of(), at, at, null);
            ChangePosition position = new ChangePosition(3, i, 0);
            WriteOutcome outcome = apply(decider, table, op, position);
            stream.add(op);
            first.add(outcome);
            if (outcome.outcome() == Outcome.APPLIED || outcome.outcome() == Outcome.DELETED
                    || outcome.outcome() == Outcome.CONFLICT_RESOLVED) {
                seen.put(device, outcome.version());
            }
            long version = table.get(id).item().version();
            assertThat(version - lastVersion).as("a write adds at most one version").isBetween(0L, 1L);
            lastVersion = version;
            if (outcome.outcome() == Outcome.CONFLICT_RESOLVED) {
                StoredDocument copy = table.get(outcome.conflictCopy());
                assertThat(copy).as("the named copy exists").isNotNull();
                assertThat(copy.item().conflictOf()).isEqualTo(id);
                assertThat(copy.item().version()).isEqualTo(1);
            }
        }
        Map<SyncId, StoredDocument> before = new HashMap<>(table);
        for (int i = 0; i < stream.size(); i++) {
            Decision again = decider.decide(stream.get(i), Optional.ofNullable(table.get(id)),
                    new ChangePosition(3, i, 0), T0, ids -> Map.of(), () -> {
                        throw new AssertionError("a replay must not draw a new copy id");
                    });
            assertThat(again).as("op %d of %d replayed", i, stream.size()).isInstanceOf(Decision.Answer.class);
            WriteOutcome original = first.get(i);
            assertThat(again.outcome().outcome()).isEqualTo(original.outcome());
            assertThat(again.outcome().version()).isEqualTo(original.version());
            assertThat(again.outcome().conflictCopy()).isEqualTo(original.conflictCopy());
        }
        assertThat(table).isEqualTo(before);
    }

    /** Decides and makes the writes, as OperationApplier does against DynamoDB (no concurrency here). */
    private static WriteOutcome apply(WriteDecider decider, Map<SyncId, StoredDocument> table,
            ConsolidatedOperation op, ChangePosition position) {
        Decision d = decider.decide(op, Optional.ofNullable(table.get(op.syncId())), position, T0, ids -> Map.of(),
                SyncId::random);
        if (d instanceof Decision.Put put) {
            table.put(op.syncId(), put.next());
        } else if (d instanceof Decision.Conflict conflict) {
            table.put(conflict.copyId(), conflict.copy());
            table.put(op.syncId(), conflict.next());
        }
        return d.outcome();
    }
}
