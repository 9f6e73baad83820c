package io.syncid.runtime.kafka;

import java.util.Objects;

import io.syncid.model.ErrorCode;

/**
 * What went wrong with one record, as {@link FailureClassifier} sees it: retriable (a dependency is down, slow or
 * throttling: retry the same record with backoff, never dead-letter it) or poison (the record itself can never be
 * processed: dead-letter it with {@code code} and go on).
 */
public record Failure(Kind kind, ErrorCode code, String message) {

    /** How a consumer reacts. */
    public enum Kind {
        /** Retry the same record after a backoff; consumption of its partition pauses meanwhile. */
        RETRIABLE,
        /** Send the record to its dead-letter topic with the code and message; go on with the next one. */
        POISON
    }

    public Failure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(code, "code");
        message = message == null ? "" : message;
    }

    public boolean retriable() {
        return kind == Kind.RETRIABLE;
    }
}
