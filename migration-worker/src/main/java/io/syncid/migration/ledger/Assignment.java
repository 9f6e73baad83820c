package io.syncid.migration.ledger;

import java.util.UUID;

import io.syncid.model.SyncId;

/** The syncId in force for one legacy document, who assigned it and why (KEPT_LEGACY or GENERATED). */
public record Assignment(SyncId syncId, String legacyId, String userId, UUID runId, String decision, String reason) {

    /** The legacy item's own valid syncId, normalized. */
    public static final String KEPT_LEGACY = "KEPT_LEGACY";
    /** A fresh {@code SyncId.random()}. */
    public static final String GENERATED = "GENERATED";

    static Assignment of(AssignmentEntity e) {
        return new Assignment(SyncId.parse(e.syncId), e.legacyId, e.userId, e.runId, e.decision, e.reason);
    }
}
