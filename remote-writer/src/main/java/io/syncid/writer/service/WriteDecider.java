package io.syncid.writer.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import io.syncid.model.Attachment;
import io.syncid.model.ConsolidatedOperation;
import io.syncid.model.ContentHash;
import io.syncid.model.DocumentContent;
import io.syncid.model.ErrorCode;
import io.syncid.model.OperationType;
import io.syncid.model.Outcome;
import io.syncid.model.SyncId;
import io.syncid.model.store.AttachmentKeys;
import io.syncid.model.store.ChangePosition;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.OperationOutcome;
import io.syncid.model.store.VersionDevices;

/**
 * The rules of SPEC §7 as a pure function: given the stored item (or none) and one consolidated operation, the outcome
 * and the item writes that produce it. No DynamoDB here; {@link io.syncid.writer.service.OperationApplier} makes the
 * writes conditional on what was read and asks again when someone else wrote in between.
 */
public final class WriteDecider {

    /** What a deleted document's {@code deleteReason} says when the operation gave none. */
    static final String DEFAULT_DELETE_REASON = "user";
    static final String LEGACY_DELETED_REASON = "legacy-deleted";

    /** Looks up the recorded outcomes of opIds ({@code OperationOutcomes}); absent ones are not in the map. */
    @FunctionalInterface
    public interface RecordedOutcomes {
        Map<UUID, OperationOutcome> find(Collection<UUID> opIds);
    }

    private final ConflictPolicy policy;

    public WriteDecider(ConflictPolicy policy) {
        this.policy = policy;
    }

    /**
     * Decides {@code op}, read from record {@code position} (sub 0), against {@code stored}.
     *
     * @param now the writer's clock: {@code changedAtMillis} and tombstone times
     * @param recorded consulted only when the item's own history cannot tell whether the opIds were applied
     * @param newCopyId a fresh random syncId, asked for only when a conflict needs a copy
     */
    public Decision decide(ConsolidatedOperation op, Optional<StoredDocument> stored, ChangePosition position,
            Instant now, RecordedOutcomes recorded, Supplier<SyncId> newCopyId) {
        if (stored.isEmpty()) {
            return onFreeSyncId(op, position, now);
        }
        StoredDocument current = stored.get();
        DocumentItem item = current.item();
        if (!item.isOwnedBy(op.userId())) {
            // SPEC §4: never reveal that the syncId exists; FORBIDDEN only in metrics and logs.
            boolean creates = op.type() == OperationType.CREATE || op.type() == OperationType.IMPORT;
            return new Decision.Answer(
                    WriteOutcome.forbidden(creates ? ErrorCode.SYNC_ID_UNAVAILABLE : ErrorCode.NOT_FOUND), true);
        }
        Decision repeat = repeated(op, current, position, recorded);
        if (repeat != null) {
            return repeat;
        }
        if (item.deleted()) {
            return op.type() == OperationType.DELETE
                    ? new Decision.Answer(WriteOutcome.of(Outcome.DUPLICATE, item.version()), true)
                    : new Decision.Answer(WriteOutcome.rejected(ErrorCode.TOMBSTONED, item.version()), true);
        }
        long baseVersion = op.baseVersion();
        switch (op.type()) {
            case IMPORT -> {
                return new Decision.Answer(WriteOutcome.rejected(ErrorCode.SYNC_ID_UNAVAILABLE, item.version()), true);
            }
            case CREATE -> {
                // A CREATE folded with later edits after the CREATE alone was applied (a retried flush): the device's
                // own document, so it goes on like an UPDATE from nothing, which fast-forwards over its own versions.
                if (!ownOpIdsApplied(op, current)) {
                    return new Decision.Answer(WriteOutcome.rejected(ErrorCode.SYNC_ID_UNAVAILABLE, item.version()),
                            true);
                }
                baseVersion = 0;
            }
            case UPDATE, DELETE -> {
                // decided below
            }
        }
        if (baseVersion == item.version() || fastForwards(item, baseVersion, op.deviceId())) {
            return applyOver(op, current, position, now);
        }
        return conflict(op, current, position, now, newCopyId);
    }

    /** UPDATE/DELETE of an unknown syncId (a DELETE on baseVersion 0 leaves a tombstone), CREATE or IMPORT of a free one. */
    private Decision onFreeSyncId(ConsolidatedOperation op, ChangePosition position, Instant now) {
        switch (op.type()) {
            case UPDATE -> {
                return new Decision.Answer(WriteOutcome.rejected(ErrorCode.NOT_FOUND, 0), true);
            }
            case DELETE -> {
                if (op.baseVersion() != 0) {
                    return new Decision.Answer(WriteOutcome.rejected(ErrorCode.NOT_FOUND, 0), true);
                }
                // baseVersion 0: the device created this syncId itself (SPEC §4) and deleted it before the CREATE was
                // written — usually a CREATE…DELETE folded into this DELETE (SPEC §6: still processed, the tombstone
                // is recorded), so the syncId is reserved and a resent CREATE is TOMBSTONED, never a new document.
                String reason = op.reason() == null ? DEFAULT_DELETE_REASON : op.reason();
                DocumentItem tombstone = tombstone(op.syncId(), op.userId(), op.effectiveTime(), op.effectiveTime(),
                        1, null, null, now, deletedBy(op), reason, op.deviceId(), position, Map.of(1L, op.deviceId()),
                        appliedIds(List.of(), op));
                return put(op, tombstone, Map.of(), null, deleted(1, now, deletedBy(op)), position);
            }
            case CREATE -> {
                DocumentItem created = content(op.syncId(), op.userId(), op.document(), op.effectiveTime(),
                        op.effectiveTime(), 1, null, null, op.deviceId(), position, now,
                        Map.of(1L, op.deviceId()), appliedIds(List.of(), op));
                return put(op, created, Map.of(), null, WriteOutcome.of(Outcome.APPLIED, 1), position);
            }
            case IMPORT -> {
                long version = Math.max(1, op.legacy().legacyVersion());
                Instant createdAt = op.legacy().createdAt() == null ? op.effectiveTime() : op.legacy().createdAt();
                if (op.document() == null) {
                    String reason = op.reason() == null ? LEGACY_DELETED_REASON : op.reason();
                    DocumentItem tombstone = tombstone(op.syncId(), op.userId(), createdAt, op.effectiveTime(),
                            version, op.legacy().legacyId(), null, now, op.deviceId(), reason, op.deviceId(),
                            position, Map.of(version, op.deviceId()), appliedIds(List.of(), op));
                    return put(op, tombstone, Map.of(), null, deleted(version, now, op.deviceId()), position);
                }
                DocumentItem imported = content(op.syncId(), op.userId(), op.document(), createdAt,
                        op.effectiveTime(), version, op.legacy().legacyId(), null, op.deviceId(), position, now,
                        Map.of(version, op.deviceId()), appliedIds(List.of(), op));
                return put(op, imported, Map.of(), null, WriteOutcome.of(Outcome.APPLIED, version), position);
            }
        }
        throw new IllegalStateException("unhandled type " + op.type());
    }

    /**
     * A record processed again (crash, rebalance) or opIds sent again: null when the operation is new. When the item
     * already carries this record's position, or every source opId is in its history, the original outcome is
     * re-emitted; it is a DUPLICATE only if every opId's outcome was also recorded (a real resend, which must not
     * overwrite what the device saw).
     */
    private Decision repeated(ConsolidatedOperation op, StoredDocument current, ChangePosition position,
            RecordedOutcomes recorded) {
        DocumentItem item = current.item();
        UUID first = op.sourceOpIds().get(0);
        AppliedOutcome original = current.applied().get(first);
        // The same record again (crash, rebalance): the item may carry it, or a later record that was applied after
        // it before its offset was committed; the history says which record applied each opId.
        boolean sameRecord = item.changePos().lane() == position.lane()
                && item.changePos().offset() == position.offset()
                || original != null && original.position().lane() == position.lane()
                        && original.position().offset() == position.offset();
        boolean allOnItem = op.sourceOpIds().stream().allMatch(current.applied()::containsKey);
        if (original != null && (sameRecord || allOnItem)) {
            if (sameRecord || op.type() == OperationType.IMPORT) {
                // IMPORT outcomes are never in OperationOutcomes: the item is the only witness.
                return sameRecord
                        ? new Decision.Answer(reemit(original, item), true)
                        : new Decision.Answer(WriteOutcome.of(Outcome.DUPLICATE, item.version()), false);
            }
            Map<UUID, OperationOutcome> seen = recorded.find(op.allOpIds());
            if (seen.keySet().containsAll(op.allOpIds())) {
                return new Decision.Answer(WriteOutcome.of(Outcome.DUPLICATE, item.version()), false);
            }
            return new Decision.Answer(reemit(original, item), true);
        }
        if (!current.historyComplete() && op.type() != OperationType.IMPORT) {
            Map<UUID, OperationOutcome> seen = recorded.find(op.sourceOpIds());
            if (!seen.isEmpty() && seen.keySet().containsAll(op.sourceOpIds())
                    && seen.values().stream().allMatch(o -> o.outcome() != Outcome.REJECTED)) {
                return new Decision.Answer(WriteOutcome.of(Outcome.DUPLICATE, item.version()), false);
            }
        }
        return null;
    }

    private static WriteOutcome reemit(AppliedOutcome original, DocumentItem item) {
        boolean deleted = original.outcome() == Outcome.DELETED
                || (original.outcome() == Outcome.CONFLICT_RESOLVED && item.deleted()
                        && item.version() == original.version());
        return new WriteOutcome(original.outcome(), original.errorCode(), false, original.version(),
                original.conflictCopy(), deleted ? item.deletedAt() : null, deleted ? item.deletedBy() : null);
    }

    private static boolean ownOpIdsApplied(ConsolidatedOperation op, StoredDocument current) {
        return op.sourceOpIds().stream().anyMatch(current.applied()::containsKey);
    }

    /**
     * Whether every version after {@code baseVersion} up to the stored one was written by {@code deviceId}: the
     * device sent again before it saw its own acks, so there is nothing to conflict with (SPEC §7). A history that does
     * not reach back to {@code baseVersion} cannot prove it: conflict.
     */
    static boolean fastForwards(DocumentItem item, long baseVersion, String deviceId) {
        return baseVersion < item.version()
                && VersionDevices.allWrittenBy(item.versionDevices(), baseVersion + 1, item.version(), deviceId);
    }

    /** No conflict: the operation's state becomes the next version of the document. */
    private Decision applyOver(ConsolidatedOperation op, StoredDocument current, ChangePosition position,
            Instant now) {
        DocumentItem item = current.item();
        long version = item.version() + 1;
        DocumentItem next = nextState(op, item, version, position, now);
        WriteOutcome outcome = op.type() == OperationType.DELETE
                ? deleted(version, now, deletedBy(op))
                : WriteOutcome.of(Outcome.APPLIED, version);
        return put(op, next, current.applied(), expected(item), outcome, position);
    }

    /** The original after {@code op} is applied to it at {@code version}: new content, or a tombstone. */
    private static DocumentItem nextState(ConsolidatedOperation op, DocumentItem item, long version,
            ChangePosition position, Instant now) {
        Map<Long, String> devices = VersionDevices.withVersion(item.versionDevices(), version, op.deviceId());
        List<String> appliedIds = appliedIds(item.appliedOpIds(), op);
        if (op.type() == OperationType.DELETE) {
            String reason = op.reason() == null ? DEFAULT_DELETE_REASON : op.reason();
            return tombstone(item.syncId(), item.userId(), item.createdAt(), op.effectiveTime(), version,
                    item.legacyId(), item.conflictOf(), now, deletedBy(op), reason, op.deviceId(), position, devices,
                    appliedIds);
        }
        return content(item.syncId(), item.userId(), op.document(), item.createdAt(), op.effectiveTime(), version,
                item.legacyId(), item.conflictOf(), op.deviceId(), position, now, devices, appliedIds);
    }

    /**
     * Conflict: the policy picks the winner (a DELETE always applies, SPEC §7: the other device's state survives as
     * the copy); the loser's state is kept as a conflict copy under a new syncId, readable and pullable.
     */
    private Decision conflict(ConsolidatedOperation op, StoredDocument current, ChangePosition position, Instant now,
            Supplier<SyncId> newCopyId) {
        DocumentItem item = current.item();
        boolean ownMark = current.pendingCopyId() != null && op.operationId().equals(current.pendingCopyOp());
        SyncId copyId = ownMark ? current.pendingCopyId() : newCopyId.get();
        ChangePosition copyPosition = new ChangePosition(position.lane(), position.offset(), 1);
        boolean incomingWins = op.type() == OperationType.DELETE || policy.incomingWins(item, op);
        DocumentItem copy;
        DocumentItem next;
        long version;
        if (incomingWins) {
            // The stored state moves to the copy; the operation becomes the original's next version.
            copy = content(copyId, item.userId(), contentOf(item), item.createdAt(), item.lastModified(), 1, null,
                    item.syncId(), item.lastDeviceId(), copyPosition, now, devicesOf(1, item.lastDeviceId()),
                    List.of());
            version = item.version() + 1;
            next = nextState(op, item, version, position, now);
        } else {
            // The stored state stays; the operation's state is kept as the copy. The original is rewritten only to
            // record the operation (and to clear the mark), so its version does not change.
            DocumentContent lost = op.document() == null ? contentOf(item) : op.document();
            copy = content(copyId, item.userId(), lost, op.effectiveTime(), op.effectiveTime(), 1, null,
                    item.syncId(), op.deviceId(), copyPosition, now, devicesOf(1, op.deviceId()), List.of());
            version = item.version();
            next = new DocumentItem(item.syncId(), item.userId(), item.title(), item.category(), item.fields(),
                    item.attachments(), item.createdAt(), item.lastModified(), version, item.contentHash(),
                    item.legacyId(), item.conflictOf(), false, null, null, null, appliedIds(item.appliedOpIds(), op),
                    item.lastDeviceId(), position, now.toEpochMilli(), item.versionDevices());
        }
        boolean deletes = incomingWins && op.type() == OperationType.DELETE;
        WriteOutcome outcome = new WriteOutcome(Outcome.CONFLICT_RESOLVED, null, false, version, copyId, null, null);
        if (deletes) {
            outcome = new WriteOutcome(Outcome.CONFLICT_RESOLVED, null, false, version, copyId, now, deletedBy(op));
        }
        StoredDocument nextStored = StoredDocument.of(next, history(current.applied(), op, outcome, position));
        StoredDocument copyStored = StoredDocument.of(copy, Map.of());
        return new Decision.Conflict(copyId, !ownMark, copyStored, nextStored, expected(item), outcome);
    }

    private static Decision.Put put(ConsolidatedOperation op, DocumentItem next, Map<UUID, AppliedOutcome> applied,
            Decision.Expected expected, WriteOutcome outcome, ChangePosition position) {
        return new Decision.Put(StoredDocument.of(next, history(applied, op, outcome, position)), expected, outcome);
    }

    private static Decision.Expected expected(DocumentItem item) {
        return new Decision.Expected(item.version(), item.changePos());
    }

    /** The applied-opId history with this operation's source opIds added, trimmed to the newest entries. */
    static Map<UUID, AppliedOutcome> history(Map<UUID, AppliedOutcome> applied, ConsolidatedOperation op,
            WriteOutcome outcome, ChangePosition position) {
        Map<UUID, AppliedOutcome> next = new HashMap<>(applied);
        AppliedOutcome entry = new AppliedOutcome(outcome.outcome(), outcome.errorCode(), outcome.version(),
                outcome.conflictCopy(), position);
        op.sourceOpIds().forEach(id -> next.put(id, entry));
        if (next.size() <= StoredDocument.MAX_APPLIED) {
            return next;
        }
        List<Map.Entry<UUID, AppliedOutcome>> entries = new ArrayList<>(next.entrySet());
        entries.sort((a, b) -> b.getValue().position().compareTo(a.getValue().position()));
        Map<UUID, AppliedOutcome> kept = new HashMap<>();
        entries.subList(0, StoredDocument.MAX_APPLIED).forEach(e -> kept.put(e.getKey(), e.getValue()));
        return kept;
    }

    private static List<String> appliedIds(List<String> previous, ConsolidatedOperation op) {
        LinkedHashSet<String> ids = new LinkedHashSet<>(previous);
        op.sourceOpIds().forEach(id -> ids.add(id.toString()));
        List<String> all = new ArrayList<>(ids);
        return all.size() <= StoredDocument.MAX_APPLIED
                ? all
                : all.subList(all.size() - StoredDocument.MAX_APPLIED, all.size());
    }

    private static Map<Long, String> devicesOf(long version, String deviceId) {
        return deviceId == null ? Map.of() : Map.of(version, deviceId);
    }

    private static String deletedBy(ConsolidatedOperation op) {
        return op.deviceId();
    }

    private static WriteOutcome deleted(long version, Instant at, String by) {
        return new WriteOutcome(Outcome.DELETED, null, false, version, null, at, by);
    }

    private static DocumentContent contentOf(DocumentItem item) {
        List<Attachment> attachments = item.attachments().stream().map(a -> a.withS3Key(null)).toList();
        return new DocumentContent(item.title(), item.category(), item.fields(), attachments);
    }

    private static DocumentItem content(SyncId syncId, String userId, DocumentContent content, Instant createdAt,
            Instant lastModified, long version, String legacyId, SyncId conflictOf, String deviceId,
            ChangePosition position, Instant now, Map<Long, String> devices, List<String> appliedIds) {
        // Every document's objects under its own syncId (SPEC §3), a conflict copy's too: the applier copies the
        // original's objects there before it writes the copy.
        List<Attachment> attachments = content.attachments().stream()
                .map(a -> a.withS3Key(AttachmentKeys.key(userId, syncId, a.fileName())))
                .toList();
        return new DocumentItem(syncId, userId, content.title(), content.category(), content.fields(), attachments,
                createdAt, lastModified, version, ContentHash.of(content), legacyId, conflictOf, false, null, null,
                null, appliedIds, deviceId, position, now.toEpochMilli(), devices);
    }

    private static DocumentItem tombstone(SyncId syncId, String userId, Instant createdAt, Instant lastModified,
            long version, String legacyId, SyncId conflictOf, Instant deletedAt, String deletedBy, String reason,
            String deviceId, ChangePosition position, Map<Long, String> devices, List<String> appliedIds) {
        return new DocumentItem(syncId, userId, null, null, null, null, createdAt, lastModified, version, null,
                legacyId, conflictOf, true, deletedAt, deletedBy, reason, appliedIds, deviceId, position,
                deletedAt.toEpochMilli(), devices);
    }
}
