package io.syncid.writer.service;

import io.syncid.model.ErrorCode;
import io.syncid.model.Outcome;
import io.syncid.model.SyncId;
import io.syncid.model.store.ChangePosition;

/**
 * The outcome an opId got when it was applied, kept on the item next to its applied opIds: a record processed again
 * after a crash re-emits exactly this (e.g. DELETED, not DUPLICATE), even when its outcome never reached
 * {@code OperationOutcomes}. {@code position} is that of the record that applied it (eviction order of the bounded
 * history).
 */
public record AppliedOutcome(Outcome outcome, ErrorCode errorCode, long version, SyncId conflictCopy,
        ChangePosition position) {

    /** The stored form, {@code outcome|code|version|copy|position}, empty parts for absent values. */
    public String encode() {
        return outcome.name() + '|' + (errorCode == null ? "" : errorCode.name()) + '|' + version + '|'
                + (conflictCopy == null ? "" : conflictCopy.toString()) + '|' + position.encode();
    }

    /** Parses {@link #encode()}; IllegalArgumentException on anything else. */
    public static AppliedOutcome decode(String text) {
        String[] parts = text.split("\\|", -1);
        if (parts.length != 5) {
            throw new IllegalArgumentException("not an applied outcome: " + text);
        }
        return new AppliedOutcome(Outcome.valueOf(parts[0]), parts[1].isEmpty() ? null : ErrorCode.valueOf(parts[1]),
                Long.parseLong(parts[2]), parts[3].isEmpty() ? null : SyncId.parse(parts[3]),
                ChangePosition.parse(parts[4]));
    }
}
