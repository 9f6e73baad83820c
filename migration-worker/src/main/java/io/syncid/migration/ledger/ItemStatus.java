package io.syncid.migration.ledger;

/** Where one legacy document stands in one run. */
public enum ItemStatus {
    /** A syncId is assigned; attachments are being copied or the IMPORT is being published. */
    ASSIGNED,
    /** The IMPORT is on {@code sync.changes}; the writer's result has not come back yet. */
    IMPORTING,
    /** The writer applied the IMPORT (APPLIED, or DELETED for a deleted legacy item, or a DUPLICATE of it). */
    MIGRATED,
    /** Not migrated, with the reason: malformed legacy item, or the writer's REJECTED code. */
    FAILED,
    /** Already migrated by an earlier run: the mapping in force is kept, nothing is imported again. */
    SKIPPED,
    /** Failed before and queued again by the operator's retry. */
    RETRYING,
    /** Removed again by the run's rollback (a DELETE with reason {@code migration-rollback} was published). */
    ROLLED_BACK;

    /** Whether the item is settled for the run's progress (nothing more will happen without an operator). */
    public boolean finished() {
        return this == MIGRATED || this == FAILED || this == SKIPPED || this == ROLLED_BACK;
    }
}
