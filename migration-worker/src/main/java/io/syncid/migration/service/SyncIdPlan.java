package io.syncid.migration.service;

import io.syncid.model.InvalidSyncIdException;
import io.syncid.model.SyncId;
import io.syncid.model.store.DocumentItem;

/**
 * What a legacy item's own {@code syncId} attribute offers (SPEC §2, §9): a valid one is kept (normalized), a missing
 * or invalid one means a fresh {@code SyncId.random()}, with the reason recorded in the ledger.
 */
public record SyncIdPlan(SyncId candidate, String reasonIfGenerated) {

    /** The plan for the raw legacy value (null when the item has none). */
    public static SyncIdPlan of(String legacySyncId) {
        if (legacySyncId == null) {
            return new SyncIdPlan(null, "legacy item has no syncId");
        }
        try {
            return new SyncIdPlan(SyncId.parse(legacySyncId), null);
        } catch (InvalidSyncIdException e) {
            return new SyncIdPlan(null, "invalid legacy syncId \"" + legacySyncId + "\": " + e.getMessage());
        }
    }

    /** Why {@code syncId} cannot be kept: {@code holder} in {@code Documents} has it. */
    public static String usedBy(SyncId syncId, DocumentItem holder) {
        return holder.legacyId() == null
                ? "legacy syncId " + syncId + " is already used by a document created on a device"
                : "legacy syncId " + syncId + " is already used by the migrated document of legacy item "
                        + holder.legacyId();
    }

    /** The same plan without the candidate, for {@code reason} (e.g. the syncId is used by a device's document). */
    public SyncIdPlan refused(String reason) {
        return new SyncIdPlan(null, reason);
    }
}
