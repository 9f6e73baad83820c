package io.syncid.client;

import java.time.Instant;

import io.syncid.model.DocumentContent;
import io.syncid.model.OperationType;
import io.syncid.model.Outcome;
import io.syncid.model.SyncId;

/**
 * A queue entry that has its final outcome ({@code sync_outcomes}): what was pushed and what became of it. REJECTED
 * entries include those the gateway refused at push time (never stored anywhere) with their code.
 */
public record SettledOperation(
        String opId,
        SyncId syncId,
        OperationType type,
        long baseVersion,
        DocumentContent document,
        Outcome outcome,
        Long version,
        SyncId conflictCopy,
        String errorCode,
        Instant settledAt) {
}
