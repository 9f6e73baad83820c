package io.syncid.tombstones.rest;

import io.syncid.model.ErrorCode;

/** Ends an operator request with a problem+json answer of a known code; thrown by the resource only. */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public ProblemException(ErrorCode code, String detail) {
        super(detail);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
