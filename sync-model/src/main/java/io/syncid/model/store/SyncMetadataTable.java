package io.syncid.model.store;

/**
 * Layout of the small DynamoDB {@code SyncMetadata} table: platform-wide facts such as the tombstone retention
 * horizon, which the tombstone-service advances on purge and the gateway reads to answer {@code RESYNC_REQUIRED}.
 */
public final class SyncMetadataTable {

    public static final String NAME = "SyncMetadata";

    /** Partition key (S). */
    public static final String KEY = "key";
    /** Key of the item holding the retention horizon. */
    public static final String RETENTION_HORIZON_KEY = "tombstoneRetentionHorizon";
    /** Epoch millis (N): tombstones changed before this instant may have been purged. */
    public static final String HORIZON_MILLIS = "horizonMillis";

    private SyncMetadataTable() {
    }
}
