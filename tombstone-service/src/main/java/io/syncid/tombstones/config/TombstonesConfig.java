package io.syncid.tombstones.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed configuration of the tombstone-service ({@code syncid.tombstones.*}). */
@ConfigMapping(prefix = "syncid.tombstones")
public interface TombstonesConfig {

    /** How long a tombstone is kept before the purge may turn it into a reservation (SPEC §8). */
    @WithDefault("90d")
    Duration retention();

    /** The retention purge ({@code syncid.tombstones.purge.*}). */
    Purge purge();

    /** The attachment clean-up of recorded tombstones ({@code syncid.tombstones.cleanup.*}). */
    Cleanup cleanup();

    /** The orphan sweep ({@code syncid.tombstones.orphans.*}). */
    Orphans orphans();

    /** Data-deletion requests ({@code syncid.tombstones.deletion.*}). */
    Deletion deletion();

    /** The retention purge. */
    interface Purge {
        /** Whether the purge runs on its own schedule; the operator API can always start one. */
        @WithDefault("true")
        boolean scheduled();

        /** Interval between scheduled purges. */
        @WithDefault("24h")
        Duration every();

        /**
         * Pause between advancing the retention horizon and removing tombstones: longer than the gateway's horizon
         * cache ({@code syncid.gateway.pull.horizon-cache-ttl}), so no replica still answers a stale cursor with a
         * page that silently lacks a purged tombstone.
         */
        @WithDefault("65s")
        Duration horizonCacheWait();

        /**
         * Tombstones claimed (and locked against other replicas) per transaction. Only tombstones whose attachments
         * are gone are purged: the registry row is what the clean-up retries from.
         */
        @WithDefault("100")
        int batchSize();
    }

    /** The pass that deletes the attachments of recorded tombstones and retries failures. */
    interface Cleanup {
        /** Interval between cleanup passes. */
        @WithDefault("5s")
        Duration every();

        /** Tombstones cleaned per pass. */
        @WithDefault("200")
        int batchSize();
    }

    /** The orphan sweep over the attachments bucket. */
    interface Orphans {
        /** Whether the sweep runs on its own schedule; the operator API can always start one. */
        @WithDefault("true")
        boolean scheduled();

        /** Interval between scheduled sweeps. */
        @WithDefault("1h")
        Duration every();

        /**
         * How old an object must be (by its S3 LastModified) before the sweep may call it an orphan: a device uploads
         * right after pushing its CREATE, before the writer has applied it.
         */
        @WithDefault("24h")
        Duration grace();
    }

    /** Data-deletion requests. */
    interface Deletion {
        /** Interval between passes that publish DELETEs and check open requests for completion. */
        @WithDefault("2s")
        Duration every();

        /** How long to wait for Kafka to acknowledge the DELETEs of one pass. */
        @WithDefault("30s")
        Duration publishTimeout();
    }
}
