package io.syncid.model;

/**
 * Every stable error code the platform emits: in problem+json {@code code}, per-operation rejections, write
 * outcomes and DLQ headers. Codes are API: never rename one.
 */
public enum ErrorCode {
    /** The request body is not JSON, or not the expected envelope. */
    MALFORMED_REQUEST(400),
    /** A field of the request failed validation. */
    VALIDATION_FAILED(400),
    /** A syncId is not a UUID v4 in 8-4-4-4-12 form. */
    INVALID_SYNC_ID(400),
    /** An opId is not a UUID v4. */
    INVALID_OP_ID(400),
    /** The same opId appears twice in one request. */
    DUPLICATE_OP_ID(400),
    /** A file name breaks the rules of SPEC §4. */
    INVALID_FILE_NAME(400),
    /** A cursor could not be decoded. */
    INVALID_CURSOR(400),
    /** No or an invalid bearer token. */
    UNAUTHORIZED(401),
    /** Unknown document, or another user's: the two are never told apart. */
    NOT_FOUND(404),
    /** HTTP method not allowed on the resource. */
    METHOD_NOT_ALLOWED(405),
    /** The client asked for a representation the server cannot produce. */
    NOT_ACCEPTABLE(406),
    /** The document is deleted. */
    TOMBSTONED(410),
    /** The cursor is older than the tombstone retention horizon: pull everything again. */
    RESYNC_REQUIRED(410),
    /** A CREATE names a syncId already in use. */
    SYNC_ID_UNAVAILABLE(409),
    /** The request body exceeds the limit. */
    PAYLOAD_TOO_LARGE(413),
    /** The request body is not application/json. */
    UNSUPPORTED_MEDIA_TYPE(415),
    /** The caller is over its request rate, or holds as many long-polls or streams as it may; retry after the delay. */
    TOO_MANY_REQUESTS(429),
    /** Kafka (or another dependency) cannot take the request now; retry after the given delay. */
    SERVICE_UNAVAILABLE(503),
    /** A document belongs to another user; reported to devices as NOT_FOUND or SYNC_ID_UNAVAILABLE. */
    FORBIDDEN(403),
    /** A record could not be processed and went to a dead-letter topic. */
    POISON_RECORD(500),
    /** An event's schemaVersion is not one this build understands. */
    UNSUPPORTED_SCHEMA_VERSION(400),
    /** A bug: never caused by a client. */
    INTERNAL_ERROR(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status used when this code ends a whole request. */
    public int httpStatus() {
        return httpStatus;
    }
}
