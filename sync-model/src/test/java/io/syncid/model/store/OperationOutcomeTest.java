package io.syncid.model.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.syncid.model.ErrorCode;
import io.syncid.model.Outcome;
import io.syncid.model.SyncId;

/** What the writer records for an opId is what the gateway reads back; PENDING is never recorded. */
class OperationOutcomeTest {

    @Test
    void everyOutcomeRoundTrips() {
        Instant now = Instant.parse("2026-11-25T01:00:00Z");
        for (OperationOutcome o : new OperationOutcome[]{
                new OperationOutcome(UUID.randomUUID(), "alice", SyncId.random(), Outcome.APPLIED, null, 3, null, now,
                        1_800_000_000L),
                new OperationOutcome(UUID.randomUUID(), "alice", SyncId.random(), Outcome.CONFLICT_RESOLVED, null, 4,
                        SyncId.random(), now, 1_800_000_000L),
                new OperationOutcome(UUID.randomUUID(), "bob", null, Outcome.REJECTED, ErrorCode.TOMBSTONED, 0, null,
                        null, 1_800_000_000L)}) {
            assertThat(OperationOutcome.fromItem(o.toItem())).isEqualTo(o);
        }
    }

    @Test
    void pendingIsNeverRecorded() {
        assertThatThrownBy(() -> new OperationOutcome(UUID.randomUUID(), "a", null, Outcome.PENDING, null, 0, null,
                null, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
