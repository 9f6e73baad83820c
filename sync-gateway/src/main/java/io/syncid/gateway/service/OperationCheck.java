package io.syncid.gateway.service;

import io.syncid.model.ChangeEvent;
import io.syncid.model.ErrorCode;

/** The verdict on one operation of a batch: valid (with the event to publish) or rejected (with a code). */
public sealed interface OperationCheck {

    /** The opId as sent, for the result line (normalized when valid, raw text otherwise, null when absent). */
    String opId();

    /** The syncId as sent, normalized when valid. */
    String syncId();

    /** A valid operation, ready to publish. */
    record Valid(ChangeEvent event) implements OperationCheck {
        @Override
        public String opId() {
            return event.opId().toString();
        }

        @Override
        public String syncId() {
            return event.syncId().toString();
        }
    }

    /** A rejected operation: stored nowhere, reported with its code. */
    record Rejected(String opId, String syncId, ErrorCode code, String message) implements OperationCheck {
    }
}
