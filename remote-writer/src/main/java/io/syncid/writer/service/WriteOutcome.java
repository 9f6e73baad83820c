package io.syncid.writer.service;

import java.time.Instant;

import io.syncid.model.ErrorCode;
import io.syncid.model.Outcome;
import io.syncid.model.SyncId;

/**
 * The outcome of one consolidated operation for its source opIds (its tombstoned opIds are always REJECTED
 * TOMBSTONED). {@code errorCode} is what the device may see; {@code forbidden} marks a rejection because the syncId is
 * another user's, which only metrics and logs name (SPEC §7).
 */
public record WriteOutcome(Outcome outcome, ErrorCode errorCode, boolean forbidden, long version, SyncId conflictCopy,
        Instant deletedAt, String deletedBy) {

    static WriteOutcome of(Outcome outcome, long version) {
        return new WriteOutcome(outcome, null, false, version, null, null, null);
    }

    static WriteOutcome rejected(ErrorCode code, long version) {
        return new WriteOutcome(Outcome.REJECTED, code, false, version, null, null, null);
    }

    static WriteOutcome forbidden(ErrorCode deviceCode) {
        return new WriteOutcome(Outcome.REJECTED, deviceCode, true, 0, null, null, null);
    }

    /** The code for metrics and logs: FORBIDDEN for another user's syncId, else the device's code. */
    public ErrorCode metricCode() {
        return forbidden ? ErrorCode.FORBIDDEN : errorCode;
    }
}
