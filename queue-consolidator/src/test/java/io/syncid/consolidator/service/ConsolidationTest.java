package io.syncid.consolidator.service;

import static io.syncid.consolidator.support.Events.create;
import static io.syncid.consolidator.support.Events.dataDeletion;
import static io.syncid.consolidator.support.Events.delete;
import static io.syncid.consolidator.support.Events.doc;
import static io.syncid.consolidator.support.Events.importOf;
import static io.syncid.consolidator.support.Events.op;
import static io.syncid.consolidator.support.Events.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.syncid.model.ChangeEvent;
import io.syncid.model.ConsolidatedOperation;
import io.syncid.model.OperationType;
import io.syncid.model.SyncId;

/** Each row of SPEC §6, and the cases around it: other devices, other users, IMPORT, data deletion, duplicates. */
class ConsolidationTest {

    private final SyncId a = SyncId.random();
    private final SyncId b = SyncId.random();

    @Test
    void aLoneOperationPassesThroughAsItIs() {
        ChangeEvent u = update(a, "d1", 4, "t");
        List<ConsolidatedOperation> out = Consolidation.fold(List.of(u));
        assertThat(out).hasSize(1);
        ConsolidatedOperation op = out.get(0);
        assertThat(op.type()).isEqualTo(OperationType.UPDATE);
        assertThat(op.sourceOpIds()).containsExactly(u.opId());
        assertThat(op.tombstonedOpIds()).isEmpty();
        assertThat(op.document()).isEqualTo(u.document());
        assertThat(op.baseVersion()).isEqualTo(4);
        assertThat(op.occurredAt()).isEqualTo(u.occurredAt());
        assertThat(op.receivedAt()).isEqualTo(u.receivedAt());
        assertThat(op.firstReceivedAt()).isEqualTo(u.receivedAt());
        assertThat(op.userId()).isEqualTo("alice");
        assertThat(op.deviceId()).isEqualTo("d1");
        assertThat(op.reason()).isEqualTo("user");
    }

    @Test
    void createThenUpdatesBecomeACreateWithTheLastState() {
        ChangeEvent c = create(a, "d1", "v1");
        ChangeEvent u1 = op(a, "alice", "d1", OperationType.UPDATE, 0, "v2", 5);
        ChangeEvent u2 = op(a, "alice", "d1", OperationType.UPDATE, 0, "v3", 9);
        ConsolidatedOperation op = single(Consolidation.fold(List.of(c, u1, u2)));
        assertThat(op.type()).isEqualTo(OperationType.CREATE);
        assertThat(op.document()).isEqualTo(doc("v3"));
        assertThat(op.sourceOpIds()).containsExactly(c.opId(), u1.opId(), u2.opId());
        assertThat(op.baseVersion()).isZero();
        assertThat(op.occurredAt()).isEqualTo(u2.occurredAt());
        assertThat(op.receivedAt()).isEqualTo(u2.receivedAt());
        assertThat(op.firstReceivedAt()).isEqualTo(c.receivedAt());
    }

    @Test
    void updatesBecomeOneUpdateWithTheLastStateAndTheFirstBaseVersion() {
        ChangeEvent u1 = update(a, "d1", 3, "v1");
        ChangeEvent u2 = update(a, "d1", 4, "v2");
        ChangeEvent u3 = update(a, "d1", 5, "v3");
        ConsolidatedOperation op = single(Consolidation.fold(List.of(u1, u2, u3)));
        assertThat(op.type()).isEqualTo(OperationType.UPDATE);
        assertThat(op.document()).isEqualTo(doc("v3"));
        assertThat(op.baseVersion()).isEqualTo(3);
        assertThat(op.sourceOpIds()).containsExactly(u1.opId(), u2.opId(), u3.opId());
    }

    @Test
    void createThenDeleteBecomesADelete() {
        ChangeEvent c = create(a, "d1", "v1");
        ChangeEvent u = update(a, "d1", 0, "v2");
        ChangeEvent d = delete(a, "d1", 0);
        ConsolidatedOperation op = single(Consolidation.fold(List.of(c, u, d)));
        assertThat(op.type()).isEqualTo(OperationType.DELETE);
        assertThat(op.document()).isNull();
        assertThat(op.baseVersion()).isZero();
        assertThat(op.sourceOpIds()).containsExactly(c.opId(), u.opId(), d.opId());
        assertThat(op.tombstonedOpIds()).isEmpty();
    }

    @Test
    void updatesThenDeleteBecomeADeleteWithTheFirstBaseVersion() {
        ChangeEvent u = update(a, "d1", 7, "v2");
        ChangeEvent d = delete(a, "d1", 8);
        ConsolidatedOperation op = single(Consolidation.fold(List.of(u, d)));
        assertThat(op.type()).isEqualTo(OperationType.DELETE);
        assertThat(op.baseVersion()).isEqualTo(7);
        assertThat(op.sourceOpIds()).containsExactly(u.opId(), d.opId());
        assertThat(op.occurredAt()).isEqualTo(d.occurredAt());
    }

    @Test
    void editsAfterADeleteTravelWithItAsTombstoned() {
        ChangeEvent d = delete(a, "d1", 2);
        ChangeEvent u = update(a, "d1", 2, "late");
        ChangeEvent c = create(a, "d1", "again");
        ConsolidatedOperation op = single(Consolidation.fold(List.of(d, u, c)));
        assertThat(op.type()).isEqualTo(OperationType.DELETE);
        assertThat(op.sourceOpIds()).containsExactly(d.opId());
        assertThat(op.tombstonedOpIds()).containsExactly(u.opId(), c.opId());
        assertThat(op.baseVersion()).isEqualTo(2);
        // The DELETE is what gets applied, so its time decides conflicts, not the rejected edits'.
        assertThat(op.occurredAt()).isEqualTo(d.occurredAt());
        assertThat(op.allOpIds()).containsExactly(d.opId(), u.opId(), c.opId());
    }

    @Test
    void twoDeletesBecomeOneWithBothOpIds() {
        ChangeEvent d1 = delete(a, "d1", 2);
        ChangeEvent d2 = delete(a, "d1", 3);
        ConsolidatedOperation op = single(Consolidation.fold(List.of(d1, d2)));
        assertThat(op.type()).isEqualTo(OperationType.DELETE);
        assertThat(op.sourceOpIds()).containsExactly(d1.opId(), d2.opId());
        assertThat(op.baseVersion()).isEqualTo(2);
    }

    @Test
    void anotherDevicesOperationBreaksTheRun() {
        ChangeEvent a1 = update(a, "d1", 1, "a1");
        ChangeEvent b1 = update(a, "d2", 1, "b1");
        ChangeEvent a2 = update(a, "d1", 1, "a2");
        List<ConsolidatedOperation> out = Consolidation.fold(List.of(a1, b1, a2));
        assertThat(out).extracting(ConsolidatedOperation::deviceId).containsExactly("d1", "d2", "d1");
        assertThat(out).extracting(ConsolidatedOperation::sourceOpIds)
                .containsExactly(List.of(a1.opId()), List.of(b1.opId()), List.of(a2.opId()));
    }

    @Test
    void theSameDeviceNameOfAnotherUserIsAnotherDevice() {
        ChangeEvent alice = op(a, "alice", "phone", OperationType.UPDATE, 1, "x", 1);
        ChangeEvent mallory = op(a, "mallory", "phone", OperationType.UPDATE, 1, "y", 2);
        List<ConsolidatedOperation> out = Consolidation.fold(List.of(alice, mallory));
        assertThat(out).extracting(ConsolidatedOperation::userId).containsExactly("alice", "mallory");
    }

    @Test
    void otherSyncIdsInBetweenDoNotBreakARun() {
        ChangeEvent a1 = update(a, "d1", 1, "a1");
        ChangeEvent b1 = update(b, "d2", 1, "b1");
        ChangeEvent a2 = update(a, "d1", 1, "a2");
        List<ConsolidatedOperation> out = Consolidation.fold(List.of(a1, b1, a2));
        assertThat(out).hasSize(2);
        assertThat(out.get(0).syncId()).isEqualTo(a);
        assertThat(out.get(0).sourceOpIds()).containsExactly(a1.opId(), a2.opId());
        assertThat(out.get(1).sourceOpIds()).containsExactly(b1.opId());
    }

    @Test
    void aCreateAfterACreateOrUpdateIsLeftToTheWriter() {
        ChangeEvent c1 = create(a, "d1", "v1");
        ChangeEvent c2 = create(a, "d1", "v2");
        ChangeEvent d = delete(a, "d1", 1);
        ChangeEvent u = update(b, "d1", 1, "u");
        ChangeEvent c3 = create(b, "d1", "v3");
        ChangeEvent u2 = update(b, "d1", 1, "u2");
        List<ConsolidatedOperation> out = Consolidation.fold(List.of(c1, c2, d, u, c3, u2));
        // The unexpected CREATE goes alone, and what follows it folds on its own: a fold of this output again (or a
        // batch that began at the CREATE) gives the same operations.
        assertThat(out).extracting(ConsolidatedOperation::type)
                .containsExactly(OperationType.CREATE, OperationType.CREATE, OperationType.DELETE,
                        OperationType.UPDATE, OperationType.CREATE, OperationType.UPDATE);
    }

    @Test
    void importsStandAlone() {
        ChangeEvent imported = importOf(a, "migration", "legacy");
        ChangeEvent deletedLegacy = importOf(b, "migration", null);
        ChangeEvent after = update(a, "migration", 1, "edit");
        List<ConsolidatedOperation> out = Consolidation.fold(List.of(imported, after, deletedLegacy));
        assertThat(out).extracting(ConsolidatedOperation::type)
                .containsExactly(OperationType.IMPORT, OperationType.UPDATE, OperationType.IMPORT);
        assertThat(out.get(0).legacy()).isEqualTo(imported.legacy());
        assertThat(out.get(0).document()).isEqualTo(imported.document());
        assertThat(out.get(2).document()).isNull();
    }

    @Test
    void dataDeletionDeletesStandAlone() {
        ChangeEvent u = update(a, "d1", 1, "x");
        ChangeEvent erase = dataDeletion(a, "d1");
        ChangeEvent late = update(a, "d1", 1, "y");
        List<ConsolidatedOperation> out = Consolidation.fold(List.of(u, erase, late));
        assertThat(out).extracting(ConsolidatedOperation::type)
                .containsExactly(OperationType.UPDATE, OperationType.DELETE, OperationType.UPDATE);
        assertThat(out.get(1).reason()).isEqualTo(Consolidation.DATA_DELETION_REASON);
        assertThat(out.get(1).tombstonedOpIds()).isEmpty();
    }

    @Test
    void anOpIdSeenTwiceInABatchIsKeptOnce() {
        ChangeEvent u1 = update(a, "d1", 1, "v1");
        ChangeEvent u2 = update(a, "d1", 1, "v2");
        List<ConsolidatedOperation> out = Consolidation.fold(List.of(u1, u2, u1, u2));
        ConsolidatedOperation op = single(out);
        assertThat(op.sourceOpIds()).containsExactly(u1.opId(), u2.opId());
        assertThat(op.document()).isEqualTo(doc("v2"));
    }

    @Test
    void aRetriedBatchKeepsItsLastCompleteAttemptsOrder() {
        // A broker restart expired the CREATE of a refused attempt but not the UPDATE after it; the device sent the
        // whole batch again. Kept at first sight, the UPDATE would reach the writer before its CREATE (NOT_FOUND).
        ChangeEvent c = create(a, "d1", "v1");
        ChangeEvent u = update(a, "d1", 0, "v2");
        ConsolidatedOperation op = single(Consolidation.fold(List.of(u, c, u)));
        assertThat(op.type()).isEqualTo(OperationType.CREATE);
        assertThat(op.sourceOpIds()).containsExactly(c.opId(), u.opId());
        assertThat(op.document()).isEqualTo(doc("v2"));

        // The same with a DELETE left behind first: the UPDATE is applied before it, not tombstoned by it.
        ChangeEvent u2 = update(a, "d1", 3, "v4");
        ChangeEvent d = delete(a, "d1", 3);
        ConsolidatedOperation deleted = single(Consolidation.fold(List.of(d, u2, d)));
        assertThat(deleted.type()).isEqualTo(OperationType.DELETE);
        assertThat(deleted.sourceOpIds()).containsExactly(u2.opId(), d.opId());
        assertThat(deleted.tombstonedOpIds()).isEmpty();
    }

    @Test
    void theSameFoldHasTheSameOperationId() {
        ChangeEvent u1 = update(a, "d1", 1, "v1");
        ChangeEvent u2 = update(a, "d1", 1, "v2");
        UUID first = single(Consolidation.fold(List.of(u1, u2))).operationId();
        assertThat(single(Consolidation.fold(List.of(u1, u2))).operationId()).isEqualTo(first);
        assertThat(single(Consolidation.fold(List.of(u1))).operationId()).isNotEqualTo(first);
    }

    @Test
    void nothingInNothingOut() {
        assertThat(Consolidation.fold(List.of())).isEmpty();
    }

    private static ConsolidatedOperation single(List<ConsolidatedOperation> out) {
        assertThat(out).hasSize(1);
        return out.get(0);
    }
}
