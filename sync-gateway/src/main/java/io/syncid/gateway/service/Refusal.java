package io.syncid.gateway.service;

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

    public Refusal(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    public Refusal(ErrorCode code, String message, Map<String, Object> details) {
        // No stack trace: a refusal is an answer, not a fault.
        super(message, null, false, false);
        this.code = code;
        this.details = details;
    }

    public ErrorCode code() {
        return code;
    }

    /** Extra members for the answer, e.g. {@code tombstone}. */
    public Map<String, Object> details() {
        return details;
    }
}
