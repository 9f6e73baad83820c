package io.syncid.gateway.service;

import java.util.List;
import java.util.UUID;

import io.syncid.model.ErrorCode;
import io.syncid.model.Outcome;
import io.syncid.model.SyncId;

/**
 * What a change stream tells its device. {@code position} is the event's id: resuming from it misses nothing after
 * it; null when the event shares its place in {@code sync.results} with a later event of the same result (only the
 * last one carries the id, so a stream cut between them resumes before all of them).
 */
public sealed interface LiveEvent {

    /** The id of this event; null for none. */
    StreamPosition position();

    /** Documents of the user changed: pull from the device's cursor. {@code syncIds} are a hint, not the delta. */
    record Changed(List<SyncId> syncIds, StreamPosition position) implements LiveEvent {
    }

    /** The final outcome of one of this device's operations (as {@code GET /v1/operations} reports it). */
    record OutcomeReport(UUID opId, Outcome outcome, ErrorCode errorCode, SyncId syncId, long version,
            SyncId conflictCopySyncId, StreamPosition position) implements LiveEvent {
    }

    /**
     * The stream could not resume from the device's last id (this replica does not hold the results after it): pull
     * from the cursor and ask {@code GET /v1/operations} for the operations still pending; live events go on.
     */
    record Reset(StreamPosition position) implements LiveEvent {
    }

    /** Keeps proxies from closing an idle stream; moves the device's last id forward without an event. */
    record Heartbeat(StreamPosition position) implements LiveEvent {
    }

    /** The token expired: the stream ends; reconnect with a fresh token and the last id. */
    record Expired(StreamPosition position) implements LiveEvent {
    }
}
