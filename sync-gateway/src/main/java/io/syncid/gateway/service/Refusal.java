package io.syncid.gateway.service;

import java.time.Duration;
import java.util.Map;

import io.syncid.model.ErrorCode;

/**
 * A request the device API refuses as a whole, with a stable {@link ErrorCode} and optional detail members (the
 * tombstone of a deleted document, the retention horizon). Services throw it; {@code rest} turns it into problem+json.
 */
public class Refusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient Map<String, Object> details;
    private final Duration retryAfter;

    public Refusal(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    public Refusal(ErrorCode code, String message, Map<String, Object> details) {
        this(code, message, details, null);
    }

    /** A refusal the device may retry after {@code retryAfter} (answered with {@code Retry-After}). */
    public Refusal(ErrorCode code, String message, Duration retryAfter) {
        this(code, message, Map.of(), retryAfter);
    }

    private Refusal(ErrorCode code, String message, Map<String, Object> details, Duration retryAfter) {
        // No stack trace: a refusal is an answer, not a fault.
        super(message, null, false, false);
        this.code = code;
        this.details = details;
        this.retryAfter = retryAfter;
    }

    public ErrorCode code() {
        return code;
    }

    /** Extra members for the answer, e.g. {@code tombstone}. */
    public Map<String, Object> details() {
        return details;
    }

    /** When set, the answer carries {@code Retry-After} with this many seconds. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
