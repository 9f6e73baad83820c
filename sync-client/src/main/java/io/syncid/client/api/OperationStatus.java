package io.syncid.client.api;

import io.syncid.model.Outcome;

/**
 * The outcome of one of the device's operations from {@code GET /v1/operations} (SPEC §4): PENDING until the writer
 * recorded one, then APPLIED, DUPLICATE, CONFLICT_RESOLVED (with the copy's syncId), DELETED or REJECTED (with a code).
 */
public record OperationStatus(String opId, Outcome status, String syncId, Long version, String conflictCopySyncId,
        ErrorBody error) {

    public boolean pending() {
        return status == Outcome.PENDING;
    }

    /** The rejection code, or null. */
    public String errorCode() {
        return error == null ? null : error.code();
    }
}
