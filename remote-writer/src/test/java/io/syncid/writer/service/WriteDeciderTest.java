package io.syncid.writer.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.syncid.model.Attachment;
import io.syncid.model.ConsolidatedOperation;
import io.syncid.model.ContentHash;
import io.syncid.model.DocumentContent;
import io.syncid.model.ErrorCode;
import io.syncid.model.EventSchema;
import io.syncid.model.LegacyOrigin;
import io.syncid.model.OperationType;
import io.syncid.model.Outcome;
import io.syncid.model.SyncId;
import io.syncid.model.store.ChangePosition;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.OperationOutcome;
import io.syncid.model.store.VersionDevices;

/** The rules of SPEC §7 as a table, without DynamoDB: one stored state and one operation in, the decision out. */
class WriteDeciderTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final SyncId ID = SyncId.parse("6f1c2a4e-8b3d-4c5e-9f10-1a2b3c4d5e6f");
    private static final SyncId COPY = SyncId.parse("0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d");
    private static final ChangePosition AT = new ChangePosition(2, 40, 0);
    private static final DocumentContent CONTENT = new DocumentContent("Home insurance", "insurance",
            Map.of("renewal", "2027-01-31"),
            List.of(new Attachment("policy.pdf", "application/pdf", 10L, "sha256:x", null, null)));
    private static final DocumentContent OTHER = new DocumentContent("Car insurance", "insurance", null, null);
    private static final WriteDecider.RecordedOutcomes NOTHING_RECORDED = ids -> Map.of();

    private final WriteDecider decider = new WriteDecider(new LaterEffectiveTimeWins());
    private final AtomicInteger copiesAsked = new AtomicInteger();

    @Test
    void aCreateOfAFreeSyncIdIsAppliedAtVersionOneWithHashKeysAndPosition() {
        Decision d = decide(op(OperationType.CREATE, 0, "dev-a", T0, CONTENT), null);
        assertThat(d).isInstanceOf(Decision.Put.class);
        Decision.Put put = (Decision.Put) d;
        assertThat(put.expected()).as("a create is conditioned on a free syncId").isNull();
        assertThat(put.outcome().outcome()).isEqualTo(Outcome.APPLIED);
        DocumentItem item = put.next().item();
        assertThat(item.version()).isEqualTo(1);
        assertThat(item.contentHash()).isEqualTo(ContentHash.of(CONTENT));
        assertThat(item.attachments().get(0).s3Key()).isEqualTo("user-1/" + ID + "/policy.pdf");
        assertThat(item.changePos()).isEqualTo(AT);
        assertThat(item.changedAtMillis()).isEqualTo(NOW.toEpochMilli());
        assertThat(item.lastModified()).isEqualTo(T0);
        assertThat(item.versionDevices()).containsExactly(Map.entry(1L, "dev-a"));
        assertThat(put.next().applied()).hasSize(1);
    }

    @Test
    void updateOrDeleteOfAnUnknownSyncIdIsRejectedNotFound() {
        for (OperationType type : List.of(OperationType.UPDATE, OperationType.DELETE)) {
            Decision d = decide(op(type, 1, "dev-a", T0, type == OperationType.UPDATE ? CONTENT : null), null);
            assertThat(d.outcome().outcome()).isEqualTo(Outcome.REJECTED);
            assertThat(d.outcome().errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(d.outcome().forbidden()).isFalse();
        }
    }

    @Test
    void aDeleteOnBaseVersionZeroOfAnUnknownSyncIdLeavesATombstoneAtVersionOne() {
        // CREATE…DELETE folded into one DELETE (SPEC §6): the device's own syncId, reserved by its tombstone.
        Decision d = decide(op(OperationType.DELETE, 0, "dev-a", T0, null), null);
        assertThat(d).isInstanceOf(Decision.Put.class);
        Decision.Put put = (Decision.Put) d;
        assertThat(put.expected()).as("conditioned on a free syncId, like a create").isNull();
        assertThat(put.outcome().outcome()).isEqualTo(Outcome.DELETED);
        assertThat(put.outcome().version()).isEqualTo(1);
        DocumentItem item = put.next().item();
        assertThat(item.deleted()).isTrue();
        assertThat(item.userId()).isEqualTo("user-1");
        assertThat(item.title()).isNull();
        assertThat(item.deletedBy()).isEqualTo("dev-a");
        assertThat(put.next().applied()).hasSize(1);
        assertThat(decide(op(OperationType.CREATE, 0, "dev-a", T0, CONTENT), put.next()).outcome().errorCode())
                .as("the syncId is never reused").isEqualTo(ErrorCode.TOMBSTONED);
    }

    @Test
    void anotherUsersSyncIdIsRejectedWithTheCodeTheDeviceMaySeeAndForbiddenOnlyForMetrics() {
        StoredDocument theirs = live(3, "dev-x", Map.of(1L, "dev-x", 2L, "dev-x", 3L, "dev-x"));
        Map<OperationType, ErrorCode> expected = Map.of(OperationType.CREATE, ErrorCode.SYNC_ID_UNAVAILABLE,
                OperationType.UPDATE, ErrorCode.NOT_FOUND, OperationType.DELETE, ErrorCode.NOT_FOUND);
        expected.forEach((type, code) -> {
            ConsolidatedOperation op = new ConsolidatedOperation(EventSchema.CURRENT_VERSION, ID, "intruder",
                    "dev-i", type, type == OperationType.DELETE ? null : CONTENT, 3, T0, null,
                    List.of(UUID.randomUUID()), List.of(), T0, T0, null);
            Decision d = decider.decide(op, Optional.of(theirs), AT, NOW, NOTHING_RECORDED, this::copyId);
            assertThat(d).isInstanceOf(Decision.Answer.class);
            assertThat(d.outcome().errorCode()).as(type.name()).isEqualTo(code);
            assertThat(d.outcome().metricCode()).isEqualTo(ErrorCode.FORBIDDEN);
        });
    }

    @Test
    void aTombstoneRejectsCreateAndUpdateAsTombstonedAndTakesAnotherDeleteAsDuplicate() {
        StoredDocument tomb = tombstone(4);
        assertThat(decide(op(OperationType.UPDATE, 4, "dev-a", T0, CONTENT), tomb).outcome().errorCode())
                .isEqualTo(ErrorCode.TOMBSTONED);
        assertThat(decide(op(OperationType.CREATE, 0, "dev-a", T0, CONTENT), tomb).outcome().errorCode())
                .isEqualTo(ErrorCode.TOMBSTONED);
        Decision delete = decide(op(OperationType.DELETE, 3, "dev-a", T0, null), tomb);
        assertThat(delete).isInstanceOf(Decision.Answer.class);
        assertThat(delete.outcome().outcome()).isEqualTo(Outcome.DUPLICATE);
    }

    @Test
    void baseVersionEqualToTheStoredOneIsAppliedAsTheNextVersionConditionedOnWhatWasRead() {
        StoredDocument stored = live(2, "dev-b", Map.of(1L, "dev-a", 2L, "dev-b"));
        Decision.Put put = (Decision.Put) decide(op(OperationType.UPDATE, 2, "dev-a", T0, OTHER), stored);
        assertThat(put.outcome().outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(put.outcome().version()).isEqualTo(3);
        assertThat(put.expected()).isEqualTo(new Decision.Expected(2, stored.item().changePos()));
        assertThat(put.next().item().title()).isEqualTo("Car insurance");
        assertThat(put.next().item().versionDevices()).containsEntry(3L, "dev-a").containsEntry(1L, "dev-a");
        assertThat(put.next().item().createdAt()).isEqualTo(stored.item().createdAt());
    }

    @Test
    void aDeviceFastForwardsOverItsOwnNewerVersionsIncludingBaseVersionZero() {
        StoredDocument own = live(3, "dev-a", Map.of(1L, "dev-a", 2L, "dev-a", 3L, "dev-a"));
        for (long base : List.of(0L, 1L, 2L)) {
            Decision d = decide(op(OperationType.UPDATE, base, "dev-a", T0, OTHER), own);
            assertThat(d).as("baseVersion " + base).isInstanceOf(Decision.Put.class);
            assertThat(d.outcome().version()).isEqualTo(4);
        }
        Decision delete = decide(op(OperationType.DELETE, 0, "dev-a", T0, null), own);
        assertThat(delete.outcome().outcome()).isEqualTo(Outcome.DELETED);
        assertThat(((Decision.Put) delete).next().item().deleted()).isTrue();
        assertThat(((Decision.Put) delete).next().item().title()).isNull();
    }

    @Test
    void anotherDevicesVersionInTheRangeOrAHistoryThatDoesNotReachBackIsAConflict() {
        StoredDocument mixed = live(3, "dev-a", Map.of(1L, "dev-a", 2L, "dev-b", 3L, "dev-a"));
        assertThat(decide(op(OperationType.UPDATE, 1, "dev-a", NOW, OTHER), mixed))
                .isInstanceOf(Decision.Conflict.class);
        StoredDocument trimmed = live(3, "dev-a", Map.of(3L, "dev-a"));
        assertThat(decide(op(OperationType.UPDATE, 1, "dev-a", NOW, OTHER), trimmed))
                .as("versions 2 and 3 unknown: not provably own").isInstanceOf(Decision.Conflict.class);
        assertThat(decide(op(OperationType.UPDATE, 2, "dev-a", NOW, OTHER), trimmed))
                .isInstanceOf(Decision.Put.class);
    }

    @Test
    void aDevicesOwnRunLongerThanTheHistoryBoundStillFastForwards() {
        // The fault-injection run found it: 32 remembered versions made a device's 33rd unacknowledged edit a conflict.
        Map<Long, String> runs = VersionDevices.withVersion(Map.of(), 1, "dev-b");
        long version = 1;
        while (version < 3L * DocumentItem.MAX_VERSION_DEVICES) {
            runs = VersionDevices.withVersion(runs, ++version, "dev-a");
        }
        StoredDocument own = live(version, "dev-a", runs);
        Decision d = decide(op(OperationType.UPDATE, 1, "dev-a", NOW, OTHER), own);
        assertThat(d).isInstanceOf(Decision.Put.class);
        assertThat(d.outcome().version()).isEqualTo(version + 1);
        assertThat(decide(op(OperationType.UPDATE, 0, "dev-a", NOW, OTHER), own))
                .as("version 1 is dev-b's").isInstanceOf(Decision.Conflict.class);
    }

    @Test
    void aLaterIncomingEditWinsTheOriginalAndTheStoredStateBecomesTheCopy() {
        StoredDocument stored = live(2, "dev-b", Map.of(1L, "dev-a", 2L, "dev-b"));
        Decision.Conflict c = (Decision.Conflict) decide(
                op(OperationType.UPDATE, 1, "dev-a", T0.plusSeconds(60), OTHER), stored);
        assertThat(c.outcome().outcome()).isEqualTo(Outcome.CONFLICT_RESOLVED);
        assertThat(c.outcome().conflictCopy()).isEqualTo(COPY).isEqualTo(c.copyId());
        assertThat(c.markNeeded()).isTrue();
        assertThat(c.next().item().title()).isEqualTo("Car insurance");
        assertThat(c.next().item().version()).isEqualTo(3);
        assertThat(c.copy().item().title()).isEqualTo("Home insurance");
        assertThat(c.copy().item().conflictOf()).isEqualTo(ID);
        assertThat(c.copy().item().version()).isEqualTo(1);
        assertThat(c.copy().item().userId()).isEqualTo("user-1");
        assertThat(c.copy().item().changePos()).isEqualTo(new ChangePosition(2, 40, 1));
        assertThat(c.copy().item().attachments().get(0).s3Key())
                .as("the copy's objects live under its own syncId (SPEC §3)")
                .isEqualTo("user-1/" + COPY + "/policy.pdf");
    }

    @Test
    void anEarlierIncomingEditLosesAndBecomesTheCopyWhileTheOriginalKeepsItsVersion() {
        StoredDocument stored = live(2, "dev-b", Map.of(1L, "dev-a", 2L, "dev-b"));
        Decision.Conflict c = (Decision.Conflict) decide(
                op(OperationType.UPDATE, 1, "dev-a", T0.minusSeconds(60), OTHER), stored);
        assertThat(c.next().item().title()).isEqualTo("Home insurance");
        assertThat(c.next().item().version()).isEqualTo(2);
        assertThat(c.next().item().changePos()).isEqualTo(AT);
        assertThat(c.copy().item().title()).isEqualTo("Car insurance");
        assertThat(c.copy().item().lastDeviceId()).isEqualTo("dev-a");
        assertThat(c.outcome().version()).isEqualTo(2);
    }

    @Test
    void tiesGoToTheHigherVersionThenTheGreaterDeviceId() {
        ConflictPolicy policy = new LaterEffectiveTimeWins();
        DocumentItem stored = live(2, "dev-b", Map.of()).item();
        assertThat(policy.incomingWins(stored, op(OperationType.UPDATE, 1, "dev-c", T0, OTHER)))
                .as("same time, same version (2), dev-c > dev-b").isTrue();
        assertThat(policy.incomingWins(stored, op(OperationType.UPDATE, 1, "dev-a", T0, OTHER))).isFalse();
        DocumentItem newer = live(3, "dev-b", Map.of()).item();
        assertThat(policy.incomingWins(newer, op(OperationType.UPDATE, 1, "dev-z", T0, OTHER)))
                .as("version 3 beats 2 before deviceId counts").isFalse();
        assertThat(policy.incomingWins(stored, op(OperationType.UPDATE, 0, "dev-a", T0.plusMillis(1), OTHER)))
                .isTrue();
    }

    @Test
    void effectiveTimeIsTheEarlierOfOccurredAndReceivedSoAFastClockCannotWin() {
        DocumentItem stored = live(2, "dev-b", Map.of()).item();
        ConsolidatedOperation ahead = new ConsolidatedOperation(EventSchema.CURRENT_VERSION, ID, "user-1", "dev-a",
                OperationType.UPDATE, OTHER, 1, T0.plusSeconds(3600), null, List.of(UUID.randomUUID()), List.of(),
                T0.minusSeconds(10), T0.minusSeconds(10), null);
        assertThat(new LaterEffectiveTimeWins().incomingWins(stored, ahead)).isFalse();
    }

    @Test
    void serverWinsKeepsTheStoredStateAndCopiesTheIncomingOne() {
        WriteDecider serverWins = new WriteDecider(ConflictPolicy.named("server-wins"));
        StoredDocument stored = live(2, "dev-b", Map.of(1L, "dev-a", 2L, "dev-b"));
        Decision.Conflict c = (Decision.Conflict) serverWins.decide(
                op(OperationType.UPDATE, 1, "dev-a", T0.plusSeconds(600), OTHER), Optional.of(stored), AT, NOW,
                NOTHING_RECORDED, this::copyId);
        assertThat(c.next().item().title()).isEqualTo("Home insurance");
        assertThat(c.copy().item().title()).isEqualTo("Car insurance");
    }

    @Test
    void aStaleDeleteAppliesAndTheOtherDevicesNewerStateSurvivesAsTheCopy() {
        StoredDocument stored = live(2, "dev-b", Map.of(1L, "dev-a", 2L, "dev-b"));
        Decision.Conflict c = (Decision.Conflict) decide(
                op(OperationType.DELETE, 1, "dev-a", T0.minusSeconds(600), null), stored);
        assertThat(c.next().item().deleted()).isTrue();
        assertThat(c.next().item().version()).isEqualTo(3);
        assertThat(c.copy().item().title()).isEqualTo("Home insurance");
        assertThat(c.outcome().outcome()).isEqualTo(Outcome.CONFLICT_RESOLVED);
        assertThat(c.outcome().deletedAt()).isEqualTo(NOW);
    }

    @Test
    void aConflictThatAlreadyMarkedTheOriginalReusesItsCopyId() {
        ConsolidatedOperation op = op(OperationType.UPDATE, 1, "dev-a", T0.plusSeconds(60), OTHER);
        StoredDocument base = live(2, "dev-b", Map.of(1L, "dev-a", 2L, "dev-b"));
        StoredDocument marked = new StoredDocument(base.item(), base.applied(), true, COPY, op.operationId());
        Decision.Conflict c = (Decision.Conflict) decider.decide(op, Optional.of(marked), AT, NOW,
                NOTHING_RECORDED, () -> {
                    throw new AssertionError("a marked conflict must not draw a new id");
                });
        assertThat(c.copyId()).isEqualTo(COPY);
        assertThat(c.markNeeded()).isFalse();
    }

    @Test
    void theSameRecordSeenAgainReEmitsItsOriginalOutcomeNotDuplicate() {
        ConsolidatedOperation delete = op(OperationType.DELETE, 2, "dev-a", T0, null);
        StoredDocument stored = live(2, "dev-a", Map.of(1L, "dev-a", 2L, "dev-a"));
        Decision.Put first = (Decision.Put) decide(delete, stored);
        Decision again = decide(delete, first.next());
        assertThat(again).isInstanceOf(Decision.Answer.class);
        assertThat(again.outcome().outcome()).isEqualTo(Outcome.DELETED);
        assertThat(again.outcome().version()).isEqualTo(3);
        assertThat(((Decision.Answer) again).recordOutcomes()).isTrue();
    }

    @Test
    void opIdsOnTheItemAreADuplicateOnlyWhenTheirOutcomesWereRecordedElseTheOriginalIsReEmitted() {
        ConsolidatedOperation update = op(OperationType.UPDATE, 1, "dev-a", T0, OTHER);
        StoredDocument stored = live(1, "dev-a", Map.of(1L, "dev-a"));
        StoredDocument after = ((Decision.Put) decide(update, stored)).next();
        ChangePosition later = new ChangePosition(2, 99, 0);
        Decision unrecorded = decider.decide(update, Optional.of(after), later, NOW, NOTHING_RECORDED,
                this::copyId);
        assertThat(unrecorded.outcome().outcome()).isEqualTo(Outcome.APPLIED);
        Decision recorded = decider.decide(update, Optional.of(after), later, NOW, ids -> recordedAll(ids),
                this::copyId);
        assertThat(recorded.outcome().outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(((Decision.Answer) recorded).recordOutcomes()).as("never overwrite what the device saw")
                .isFalse();
    }

    @Test
    void opIdsEvictedFromTheBoundedHistoryAreFoundInOperationOutcomes() {
        ConsolidatedOperation update = op(OperationType.UPDATE, 1, "dev-a", T0, OTHER);
        StoredDocument full = new StoredDocument(live(5, "dev-a", Map.of()).item(), Map.of(), false, null, null);
        assertThat(decider.decide(update, Optional.of(full), AT, NOW, ids -> recordedAll(ids), this::copyId)
                .outcome().outcome()).isEqualTo(Outcome.DUPLICATE);
    }

    @Test
    void historiesAreBounded() {
        Map<UUID, AppliedOutcome> applied = new HashMap<>();
        for (int i = 0; i < StoredDocument.MAX_APPLIED; i++) {
            applied.put(UUID.randomUUID(), new AppliedOutcome(Outcome.APPLIED, null, i, null,
                    new ChangePosition(0, i, 0)));
        }
        ConsolidatedOperation op = op(OperationType.UPDATE, 1, "dev-a", T0, OTHER);
        Map<UUID, AppliedOutcome> next = WriteDecider.history(applied, op,
                WriteOutcome.of(Outcome.APPLIED, 99), new ChangePosition(0, 1000, 0));
        assertThat(next).hasSize(StoredDocument.MAX_APPLIED).containsKey(op.sourceOpIds().get(0));
        assertThat(next.values()).noneMatch(a -> a.position().offset() == 0);
        Map<Long, String> devices = new HashMap<>();
        for (long v = 1; v <= DocumentItem.MAX_VERSION_DEVICES; v++) {
            devices.put(v, "dev-a");
        }
        Map<Long, String> bounded = VersionDevices.withVersion(devices, DocumentItem.MAX_VERSION_DEVICES + 1, "dev-b");
        assertThat(bounded).hasSize(DocumentItem.MAX_VERSION_DEVICES).doesNotContainKey(1L)
                .containsEntry((long) DocumentItem.MAX_VERSION_DEVICES + 1, "dev-b");
    }

    @Test
    void aCreateOfALiveSyncIdIsUnavailableUnlessItFoldsTheDevicesOwnAppliedCreate() {
        StoredDocument stored = live(1, "dev-a", Map.of(1L, "dev-a"));
        assertThat(decide(op(OperationType.CREATE, 0, "dev-a", T0, OTHER), stored).outcome().errorCode())
                .isEqualTo(ErrorCode.SYNC_ID_UNAVAILABLE);
        UUID applied = stored.applied().keySet().iterator().next();
        ConsolidatedOperation folded = new ConsolidatedOperation(EventSchema.CURRENT_VERSION, ID, "user-1", "dev-a",
                OperationType.CREATE, OTHER, 0, T0, null, List.of(applied, UUID.randomUUID()), List.of(), T0, T0,
                null);
        Decision d = decide(folded, stored);
        assertThat(d.outcome().outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(d.outcome().version()).isEqualTo(2);
    }

    @Test
    void importCreatesOnlyAFreeSyncIdWithItsLegacyOriginOrATombstoneForADeletedLegacyItem() {
        LegacyOrigin legacy = new LegacyOrigin("legacy-7", T0.minusSeconds(86_400), 5);
        Decision.Put put = (Decision.Put) decide(importOp(CONTENT, legacy), null);
        assertThat(put.next().item().version()).isEqualTo(5);
        assertThat(put.next().item().legacyId()).isEqualTo("legacy-7");
        assertThat(put.next().item().createdAt()).isEqualTo(legacy.createdAt());
        assertThat(put.outcome().outcome()).isEqualTo(Outcome.APPLIED);
        Decision.Put deleted = (Decision.Put) decide(importOp(null, new LegacyOrigin("legacy-8", T0, 0)), null);
        assertThat(deleted.next().item().deleted()).isTrue();
        assertThat(deleted.next().item().version()).isEqualTo(1);
        assertThat(deleted.outcome().outcome()).isEqualTo(Outcome.DELETED);
        assertThat(decide(importOp(CONTENT, legacy), live(1, "dev-a", Map.of())).outcome().errorCode())
                .isEqualTo(ErrorCode.SYNC_ID_UNAVAILABLE);
        assertThat(decide(importOp(CONTENT, legacy), tombstone(2)).outcome().errorCode())
                .isEqualTo(ErrorCode.TOMBSTONED);
    }

    @Test
    void aDeleteRecordsTheTombstoneAndItsSwallowedOpIdsAreRejectedTombstoned() {
        UUID swallowed = UUID.randomUUID();
        ConsolidatedOperation delete = new ConsolidatedOperation(EventSchema.CURRENT_VERSION, ID, "user-1", "dev-a",
                OperationType.DELETE, null, 1, T0, "user", List.of(UUID.randomUUID()), List.of(swallowed), T0, T0,
                null);
        Decision.Put put = (Decision.Put) decide(delete, live(1, "dev-a", Map.of(1L, "dev-a")));
        AppliedOperation applied = new AppliedOperation(delete, put.outcome(), true, NOW, null);
        List<OperationOutcome> outcomes = applied.outcomes(NOW.plusSeconds(60));
        assertThat(outcomes).hasSize(2);
        assertThat(outcomes.get(0).outcome()).isEqualTo(Outcome.DELETED);
        assertThat(outcomes.get(1).opId()).isEqualTo(swallowed);
        assertThat(outcomes.get(1).errorCode()).isEqualTo(ErrorCode.TOMBSTONED);
        assertThat(applied.result().deletedBy()).isEqualTo("dev-a");
        assertThat(applied.result().resultId()).isEqualTo(AppliedOperation.resultId(delete));
    }

    private Decision decide(ConsolidatedOperation op, StoredDocument stored) {
        return decider.decide(op, Optional.ofNullable(stored), AT, NOW, NOTHING_RECORDED, this::copyId);
    }

    private SyncId copyId() {
        copiesAsked.incrementAndGet();
        return COPY;
    }

    private static Map<UUID, OperationOutcome> recordedAll(java.util.Collection<UUID> ids) {
        Map<UUID, OperationOutcome> all = new HashMap<>();
        ids.forEach(id -> all.put(id, new OperationOutcome(id, "user-1", ID, Outcome.APPLIED, null, 2, null, NOW, 0)));
        return all;
    }

    private static ConsolidatedOperation op(OperationType type, long base, String device, Instant at,
            DocumentContent content) {
        return new ConsolidatedOperation(EventSchema.CURRENT_VERSION, ID, "user-1", device, type, content, base, at,
                null, List.of(UUID.randomUUID()), List.of(), at, at, null);
    }

    private static ConsolidatedOperation importOp(DocumentContent content, LegacyOrigin legacy) {
        return new ConsolidatedOperation(EventSchema.CURRENT_VERSION, ID, "user-1", "migration", OperationType.IMPORT,
                content, 0, T0, null, List.of(UUID.randomUUID()), List.of(), T0, T0, legacy);
    }

    private static StoredDocument live(long version, String lastDevice, Map<Long, String> devices) {
        DocumentItem item = new DocumentItem(ID, "user-1", "Home insurance", "insurance", Map.of(),
                List.of(new Attachment("policy.pdf", "application/pdf", 10L, "sha256:x", null,
                        "user-1/" + ID + "/policy.pdf")),
                T0.minusSeconds(3600), T0, version, "hash", null, null, false, null, null, null, List.of(),
                lastDevice, new ChangePosition(2, 10, 0), T0.toEpochMilli(), devices);
        Map<UUID, AppliedOutcome> applied = Map.of(UUID.randomUUID(),
                new AppliedOutcome(Outcome.APPLIED, null, version, null, new ChangePosition(2, 10, 0)));
        return new StoredDocument(item, applied, true, null, null);
    }

    private static StoredDocument tombstone(long version) {
        DocumentItem item = new DocumentItem(ID, "user-1", null, null, null, null, T0, T0, version, null, null, null,
                true, T0, "dev-a", "user", List.of(), "dev-a", new ChangePosition(2, 10, 0), T0.toEpochMilli(),
                Map.of());
        return new StoredDocument(item, Map.of(), true, null, null);
    }
}
