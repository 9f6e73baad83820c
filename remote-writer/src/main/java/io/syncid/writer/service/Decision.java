package io.syncid.writer.service;

import io.syncid.model.SyncId;
import io.syncid.model.store.ChangePosition;

/** What {@link WriteDecider} decided for one operation: the item writes to make (none, one, or a conflict's three). */
public sealed interface Decision {

    /** The outcome of the operation once the writes are made. */
    WriteOutcome outcome();

    /**
     * Nothing to write. {@code recordOutcomes} is false when every opId already has its outcome recorded (a real
     * duplicate must not overwrite the outcome the device already saw).
     */
    record Answer(WriteOutcome outcome, boolean recordOutcomes) implements Decision {
    }

    /** Write {@code next} over what was read ({@code expected}, null for a create on a free syncId). */
    record Put(StoredDocument next, Expected expected, WriteOutcome outcome) implements Decision {
    }

    /**
     * A conflict: mark the original with {@code copyId} (unless {@code markNeeded} is false because an earlier attempt
     * of this same operation already did), put {@code copy} (the losing state under {@code copyId}), then put
     * {@code next} over the original, which clears the mark.
     */
    record Conflict(SyncId copyId, boolean markNeeded, StoredDocument copy, StoredDocument next, Expected expected,
            WriteOutcome outcome) implements Decision {
    }

    /** The state a conditional write requires: the version and change position that were read. */
    record Expected(long version, ChangePosition changePos) {
    }
}
