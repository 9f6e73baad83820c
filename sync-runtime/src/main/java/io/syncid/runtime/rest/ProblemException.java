package io.syncid.runtime.rest;

import java.time.Duration;
import java.util.Map;

import io.syncid.model.ErrorCode;

/** A failure that ends a request with a problem+json answer of a known code; thrown by resources and services. */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient Map<String, Object> extensions;
    private final Duration retryAfter;

    public ProblemException(ErrorCode code, String detail) {
        this(code, detail, Map.of(), null);
    }

    public ProblemException(ErrorCode code, String detail, Map<String, Object> extensions, Duration retryAfter) {
        super(detail);
        this.code = code;
        this.extensions = extensions;
        this.retryAfter = retryAfter;
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    /** When set, the answer carries {@code Retry-After} with this many seconds. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
