package io.syncid.model.store;

/**
 * Layout of the DynamoDB {@code Documents} table (SPEC §3): attribute and index names shared by the gateway (reads),
 * the remote-writer and the migration-worker (writes) and the tombstone-service (purge).
 */
public final class DocumentsTable {

    public static final String NAME = "Documents";

    /** Partition key (S): the normalized syncId. */
    public static final String SYNC_ID = "syncId";
    /** Owner (S): the JWT subject of the creating user. */
    public static final String USER_ID = "userId";
    public static final String TITLE = "title";
    public static final String CATEGORY = "category";
    /** JSON object serialized as a string (S), so any JSON value survives unchanged. */
    public static final String FIELDS = "fields";
    /** List (L) of maps with the {@code ATT_*} keys. */
    public static final String ATTACHMENTS = "attachments";
    public static final String ATT_FILE_NAME = "fileName";
    public static final String ATT_S3_KEY = "s3Key";
    public static final String ATT_CONTENT_TYPE = "contentType";
    public static final String ATT_SIZE = "size";
    public static final String ATT_CHECKSUM = "checksum";
    public static final String ATT_LABEL = "label";
    /** ISO-8601 instants (S). */
    public static final String CREATED_AT = "createdAt";
    public static final String LAST_MODIFIED = "lastModified";
    /** Number (N): 1 on create, +1 on every applied write. */
    public static final String VERSION = "version";
    /** SHA-256 of the canonical content, hex (S). */
    public static final String CONTENT_HASH = "contentHash";
    public static final String LEGACY_ID = "legacyId";
    public static final String CONFLICT_OF = "conflictOf";
    /** Boolean (BOOL) tombstone marker; content attributes are removed when set. */
    public static final String DELETED = "deleted";
    public static final String DELETED_AT = "deletedAt";
    public static final String DELETED_BY = "deletedBy";
    public static final String DELETE_REASON = "deleteReason";
    /** String set (SS) of the opIds applied by the last writes, for idempotency. */
    public static final String APPLIED_OP_IDS = "appliedOpIds";
    /** Device that made the last applied write (S): lets a device's own edits fast-forward. */
    public static final String LAST_DEVICE_ID = "lastDeviceId";
    /** Per-version device history (M: version → deviceId) kept short, for the fast-forward rule of SPEC §7. */
    public static final String VERSION_DEVICES = "versionDevices";
    /** Change position (S), the {@code UserIndex} sort key: see {@link ChangePosition}. */
    public static final String CHANGE_POS = "changePos";
    /** Wall-clock millis (N) at which the item got its current change position: see {@link ChangePosition}. */
    public static final String CHANGED_AT_MILLIS = "changedAtMillis";

    /**
     * Boolean (BOOL) set by the tombstone purge (SPEC §3): the item is a content-free reservation of a purged syncId.
     * The purge turns a tombstone into a reservation with one conditional update (still that tombstone): it removes
     * {@link #CHANGE_POS} and {@link #CHANGED_AT_MILLIS} (so the item leaves {@link #USER_INDEX}), keeps
     * {@link #USER_ID}, {@link #DELETED} and the version, moves the position to {@link #PURGED_CHANGE_POS} and sets
     * {@link #PURGED_AT}. Readers see a reservation as a tombstone ({@link DocumentItemCodec#fromItem}), so the
     * writer answers TOMBSTONED to any CREATE/UPDATE/IMPORT of it: a purged syncId is never created again.
     */
    public static final String RESERVED = "reserved";
    /** ISO-8601 instant (S) at which the purge made the tombstone a reservation. */
    public static final String PURGED_AT = "purgedAt";
    /** The change position (S) the tombstone had before the purge took it out of the index. */
    public static final String PURGED_CHANGE_POS = "purgedChangePos";

    /** GSI: partition key {@link #USER_ID}, sort key {@link #CHANGE_POS}, all attributes projected. */
    public static final String USER_INDEX = "UserIndex";
    /** GSI: partition key {@link #LEGACY_ID}, for the device's legacy lookup during migration. */
    public static final String LEGACY_INDEX = "LegacyIndex";

    private DocumentsTable() {
    }
}
