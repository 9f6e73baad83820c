package io.syncid.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.syncid.migration.ledger.Assignment;
import io.syncid.migration.ledger.AssignmentEntity;
import io.syncid.migration.ledger.AttachmentCopyEntity;
import io.syncid.migration.ledger.ItemEntity;
import io.syncid.migration.ledger.ItemStatus;
import io.syncid.migration.ledger.Ledger;
import io.syncid.migration.service.OpIds;
import io.syncid.model.SyncId;

/**
 * The ledger's set-based writes of a poll (one statement for all its rows) keep the rules of one row at a time: an item
 * a step further is left as it is, a conflicting syncId proposal is decided again with its reason, a repeated copy
 * keeps the first, and of two outcomes for one opId the first counts.
 */
@QuarkusTest
class LedgerPollWritesTest {

    @Inject
    Ledger ledger;

    @Test
    void aPollsStartsDecideEachSyncIdAsOneAtATimeWould() {
        UUID runId = UUID.randomUUID();
        UUID earlierRun = UUID.randomUUID();
        ledger.createRun(earlierRun, 1, 1, Map.of());
        ledger.createRun(runId, 5, 5, Map.of());
        try {
            String user = "poll-writes-" + UUID.randomUUID();
            // An assignment made before this poll, by another run, that the tasks did not see (a race).
            String raced = "raced-" + UUID.randomUUID();
            SyncId racedSyncId = ledger.assign(earlierRun, raced, user, null, "no legacy syncId").syncId();
            String plain = "plain-" + UUID.randomUUID();
            String keeps = "keeps-" + UUID.randomUUID();
            String taken = "taken-" + UUID.randomUUID();
            SyncId kept = SyncId.random();

            List<Ledger.Started> started = ledger.assignAndStartAll(List.of(
                    start(runId, plain, user, null, null),
                    start(runId, keeps, user, null, kept),
                    start(runId, raced, user, null, SyncId.random()),
                    // The raced legacy id's syncId proposed for another one: taken.
                    start(runId, taken, user, null, racedSyncId)));

            assertThat(started).extracting(Ledger.Started::status).containsOnly(ItemStatus.ASSIGNED);
            assertThat(started.get(0).assignment().decision()).isEqualTo(Assignment.GENERATED);
            assertThat(started.get(0).assignment().reason()).isEqualTo("no legacy syncId");
            assertThat(started.get(1).assignment().syncId()).isEqualTo(kept);
            assertThat(started.get(1).assignment().decision()).isEqualTo(Assignment.KEPT_LEGACY);
            assertThat(started.get(2).assignment().syncId()).isEqualTo(racedSyncId);
            assertThat(started.get(2).assignment().runId()).isEqualTo(earlierRun);
            assertThat(started.get(3).assignment().syncId()).isNotEqualTo(racedSyncId);
            assertThat(started.get(3).assignment().reason())
                    .isEqualTo("legacy syncId " + racedSyncId + " is shared with legacy item " + raced
                            + ", which holds it");

            Map<String, AssignmentEntity> stored = ledger.assignmentsOf(runId).stream()
                    .collect(Collectors.toMap(a -> a.legacyId, Function.identity()));
            assertThat(stored).containsOnlyKeys(plain, keeps, taken);
            Map<String, ItemEntity> items = items(runId);
            for (int i = 0; i < started.size(); i++) {
                String legacyId = List.of(plain, keeps, raced, taken).get(i);
                assertThat(items.get(legacyId).syncId).as(legacyId)
                        .isEqualTo(started.get(i).assignment().syncId().toString());
                assertThat(items.get(legacyId).opId).isEqualTo(OpIds.importOp(runId, legacyId, 0));
            }

            // The same starts again after the first two went further: those two are left as they are.
            ledger.markImporting(List.of(new Ledger.ItemKey(runId, plain)));
            ledger.recordOutcomes(List.of(new Ledger.Outcome(OpIds.importOp(runId, keeps, 0), ItemStatus.MIGRATED,
                    null, 3)));
            List<Ledger.Started> again = ledger.assignAndStartAll(List.of(
                    start(runId, plain, user, started.get(0).assignment(), null),
                    start(runId, keeps, user, started.get(1).assignment(), kept),
                    start(runId, taken, user, started.get(3).assignment(), racedSyncId)));
            assertThat(again).extracting(Ledger.Started::status)
                    .containsExactly(ItemStatus.IMPORTING, ItemStatus.MIGRATED, ItemStatus.ASSIGNED);
            assertThat(items(runId).get(keeps).importedVersion).isEqualTo(3L);
        } finally {
            ledger.markRunRolledBack(runId);
            ledger.markRunRolledBack(earlierRun);
        }
    }

    @Test
    void copiesKeepTheFirstRecordAndOutcomesTheFirstOfAPoll() {
        UUID runId = UUID.randomUUID();
        ledger.createRun(runId, 2, 2, Map.of());
        try {
            String user = "poll-writes-" + UUID.randomUUID();
            String one = "one-" + UUID.randomUUID();
            String two = "two-" + UUID.randomUUID();
            ledger.assignAndStartAll(List.of(start(runId, one, user, null, null), start(runId, two, user, null, null)));

            Ledger.Copy first = new Ledger.Copy("scan.pdf", "private/u/" + one + "/scan.pdf", "u/s/scan.pdf", 10L,
                    "a".repeat(64), AttachmentCopyEntity.COPIED);
            Ledger.Copy repeat = new Ledger.Copy("scan.pdf", "private/u/" + one + "/scan.pdf", "u/s/other.pdf", 99L,
                    "b".repeat(64), AttachmentCopyEntity.COPIED);
            Ledger.Copy missing = new Ledger.Copy("gone.jpg", "private/u/" + two + "/gone.jpg", null, null, null,
                    AttachmentCopyEntity.MISSING);
            ledger.copiedAll(List.of(new Ledger.Copied(runId, one, List.of(first, repeat), null),
                    new Ledger.Copied(runId, two, List.of(missing), "gone.jpg")));
            ledger.copiedAll(List.of(new Ledger.Copied(runId, one, List.of(repeat), null)));

            List<AttachmentCopyEntity> copies = ledger.copies(runId);
            assertThat(copies).hasSize(2);
            AttachmentCopyEntity copy = copies.stream().filter(c -> c.legacyId.equals(one)).findFirst().orElseThrow();
            assertThat(copy.targetKey).isEqualTo("u/s/scan.pdf");
            assertThat(copy.size).isEqualTo(10L);
            assertThat(copy.sha256).isEqualTo("a".repeat(64));
            AttachmentCopyEntity gone = copies.stream().filter(c -> c.legacyId.equals(two)).findFirst().orElseThrow();
            assertThat(gone.status).isEqualTo(AttachmentCopyEntity.MISSING);
            assertThat(gone.targetKey).isNull();
            assertThat(items(runId).get(two).missingObjects).isEqualTo("gone.jpg");

            UUID opOne = OpIds.importOp(runId, one, 0);
            UUID opTwo = OpIds.importOp(runId, two, 0);
            List<Ledger.Settled> settled = ledger.recordOutcomes(List.of(
                    new Ledger.Outcome(opOne, ItemStatus.MIGRATED, null, 4),
                    new Ledger.Outcome(opTwo, ItemStatus.FAILED, "TOMBSTONED: the writer refused", 0),
                    new Ledger.Outcome(opOne, ItemStatus.FAILED, "a later result of the same opId", 0),
                    new Ledger.Outcome(UUID.randomUUID(), ItemStatus.MIGRATED, null, 1)));
            assertThat(settled).extracting(Ledger.Settled::legacyId).containsExactlyInAnyOrder(one, two);
            assertThat(ledger.recordOutcomes(List.of(new Ledger.Outcome(opTwo, ItemStatus.MIGRATED, null, 1))))
                    .isEmpty();

            Map<String, ItemEntity> items = items(runId);
            assertThat(items.get(one).status).isEqualTo(ItemStatus.MIGRATED);
            assertThat(items.get(one).importedVersion).isEqualTo(4L);
            assertThat(items.get(one).reason).isNull();
            assertThat(items.get(two).status).isEqualTo(ItemStatus.FAILED);
            assertThat(items.get(two).reason).isEqualTo("TOMBSTONED: the writer refused");
        } finally {
            ledger.markRunRolledBack(runId);
        }
    }

    private Map<String, ItemEntity> items(UUID runId) {
        return ledger.items(runId).stream().collect(Collectors.toMap(i -> i.legacyId, Function.identity()));
    }

    private static Ledger.Start start(UUID runId, String legacyId, String user, Assignment inForce,
            SyncId candidate) {
        return new Ledger.Start(runId, legacyId, user, inForce, candidate, "no legacy syncId", false, 0,
                OpIds.importOp(runId, legacyId, 0));
    }
}
