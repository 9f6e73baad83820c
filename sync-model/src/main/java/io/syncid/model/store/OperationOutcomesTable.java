package io.syncid.model.store;

/**
 * Layout of the DynamoDB {@code OperationOutcomes} table (SPEC §4, §7): the final outcome of each opId, written by
 * the remote-writer before it publishes a result, read by the gateway's {@code GET /v1/operations}.
 */
public final class OperationOutcomesTable {

    public static final String NAME = "OperationOutcomes";

    /** Partition key (S): the opId, lowercase UUID. */
    public static final String OP_ID = "opId";
    /** Owner (S): an outcome is only ever shown to this user. */
    public static final String USER_ID = "userId";
    public static final String SYNC_ID = "syncId";
    /** {@link io.syncid.model.Outcome} name (S). */
    public static final String OUTCOME = "outcome";
    /** {@link io.syncid.model.ErrorCode} name (S), on REJECTED only. */
    public static final String ERROR_CODE = "errorCode";
    /** Resulting document version (N). */
    public static final String VERSION = "version";
    /** syncId of the conflict copy (S), on CONFLICT_RESOLVED only. */
    public static final String CONFLICT_COPY_SYNC_ID = "conflictCopySyncId";
    public static final String RECORDED_AT = "recordedAt";
    /** Epoch seconds (N) used as the DynamoDB TTL attribute. */
    public static final String EXPIRES_AT = "expiresAt";

    /** Outcomes are kept at least this long (SPEC §4). */
    public static final java.time.Duration MIN_RETENTION = java.time.Duration.ofDays(7);

    private OperationOutcomesTable() {
    }
}
