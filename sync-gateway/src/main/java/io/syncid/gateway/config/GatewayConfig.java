package io.syncid.gateway.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed configuration of the device API ({@code syncid.gateway.*}). */
@ConfigMapping(prefix = "syncid.gateway")
public interface GatewayConfig {

    /** Largest accepted body of {@code POST /v1/changes}, in bytes; larger bodies get 413 (SPEC §4: 1 MiB). */
    @WithDefault("1048576")
    int maxBodyBytes();

    /** Most operations in one batch (SPEC §4: 500). */
    @WithDefault("500")
    int maxOperations();

    /**
     * Reject at once an operation on a syncId that exists and belongs to another user (one BatchGetItem per 100
     * operations). The remote-writer enforces ownership atomically either way; this only answers the device sooner,
     * and is skipped (the operations accepted) when DynamoDB fails or misses its deadline: ingest needs Kafka alone.
     */
    @WithDefault("true")
    boolean ownershipPrecheck();

    /** How long a batch waits for Kafka to acknowledge every record before the request answers 503. */
    @WithDefault("10s")
    Duration kafkaAckTimeout();

    /** The {@code Retry-After} a device gets with a 503. */
    @WithDefault("5s")
    Duration retryAfter();

    /** How long a presigned attachment URL stays valid. */
    @WithDefault("15m")
    Duration presignExpiry();

    /**
     * Deadline of one call to the Kafka admin API (the partition count of {@code sync.operations}, the readiness
     * check): a hung broker fails the call after this instead of holding the request.
     */
    @WithDefault("3s")
    Duration kafkaAdminTimeout();

    /** Legacy lookups of devices migrating their local database. */
    Legacy legacy();

    /**
     * {@code GET /v1/legacy/matches} settings ({@code syncid.gateway.legacy.*}): how a device's local document
     * without a legacy id is matched to the caller's documents by content.
     */
    interface Legacy {

        /**
         * Largest difference between the device's {@code createdAt} and a document's for the two to count as created
         * at the same moment: devices stored timestamps to the second or rounded them, so an exact comparison would
         * miss true matches.
         */
        @WithDefault("1s")
        Duration matchTolerance();

        /** Most candidates one answer lists, best first. */
        @WithDefault("10")
        int maxMatches();
    }

    /** Attachment upload settings. */
    Attachments attachments();

    /** Per-user request rate limits. */
    Rate rate();

    /**
     * Per-user request rate limits ({@code syncid.gateway.rate.*}): a token bucket per user on each replica, one
     * token per request to {@code /v1}; an empty bucket answers 429 with {@code Retry-After}. A user's requests
     * spread over n replicas may reach n times the rate.
     */
    interface Rate {

        /** Whether requests are limited at all. */
        @WithDefault("true")
        boolean enabled();

        /** The burst: how many requests a user may send at once after being idle. */
        @WithDefault("200")
        long capacity();

        /** The steady rate: {@code refill-tokens} requests per {@code refill-period}, added gradually. */
        @WithDefault("20")
        long refillTokens();

        /** See {@code refill-tokens}. */
        @WithDefault("1s")
        Duration refillPeriod();

        /**
         * Most users whose buckets a replica keeps; the least recently seen are dropped first (a dropped bucket is a
         * full one, so this only forgets users who have been idle longest).
         */
        @WithDefault("100000")
        long maxUsers();
    }

    /** Delta pull settings. */
    Pull pull();

    /** Device token settings. */
    Auth auth();

    /** Live changes: long-poll and change-stream settings. */
    Live live();

    /**
     * Live changes ({@code GET /v1/documents?wait=} and {@code GET /v1/changes/stream}) settings
     * ({@code syncid.gateway.live.*}).
     */
    interface Live {

        /** Longest {@code wait} of a long-poll, in seconds. */
        @WithDefault("60")
        int maxWaitSeconds();

        /** Most long-polls one user may hold at once on one replica; more are refused with 429. */
        @WithDefault("8")
        int maxHeldPerUser();

        /** Most long-polls one replica holds at once (all users); more are refused with 503. */
        @WithDefault("20000")
        int maxHeldTotal();

        /** Most change streams one user may have open at once on one replica; more are refused with 429. */
        @WithDefault("4")
        int maxStreamsPerUser();

        /** Most change streams one replica keeps open at once (all users); more are refused with 503. */
        @WithDefault("20000")
        int maxStreamsTotal();

        /**
         * How often an idle change stream sends a heartbeat (a comment line that also moves the device's last event
         * id forward): shorter than the idle timeout of any proxy between devices and the gateway.
         */
        @WithDefault("15s")
        Duration heartbeat();

        /**
         * How many recent results of {@code sync.results} (all users) each replica keeps to replay a resumed change
         * stream; a stream whose {@code Last-Event-ID} is older gets a {@code reset} event instead. About half a
         * kilobyte each.
         */
        @WithDefault("20000")
        int replayResults();

        /**
         * Most events waiting to be written to one slow change stream; beyond it the stream ends (the device
         * reconnects with its last id and is replayed what it missed).
         */
        @WithDefault("512")
        int streamBuffer();

        /** How long the results reader waits for the partitions of {@code sync.results} before asking again. */
        @WithDefault("5s")
        Duration resultsPartitionsRetry();
    }

    /** Attachment uploads ({@code syncid.gateway.attachments.*}). */
    interface Attachments {

        /**
         * Largest attachment a device may declare for an upload URL, in bytes; the URL is signed for the declared
         * size, so S3 refuses any other (SPEC §4: 25 MiB).
         */
        @WithDefault("26214400")
        long maxBytes();
    }

    /** How device tokens are verified ({@code syncid.gateway.auth.*}). */
    interface Auth {

        /**
         * How many verified tokens are kept so that a token is verified once, not on every request; 0 verifies every
         * request. Each entry is a digest and the parsed token, about a kilobyte.
         */
        @WithDefault("10000")
        int tokenCacheSize();

        /**
         * Longest reuse of one verification (a token is never reused past its {@code exp}): this bounds how long a
         * token signed with a key that was rotated out keeps working.
         */
        @WithDefault("5m")
        Duration tokenCacheTtl();
    }

    /** Delta pull ({@code GET /v1/documents}) settings. */
    interface Pull {

        /**
         * How often the partition count of {@code sync.operations} (one cursor lane each, see ChangePosition) is read
         * again from the broker; pulls meanwhile use the last count read.
         */
        @WithDefault("1m")
        Duration lanesRefresh();

        /**
         * The cursor never moves past a change younger than this: longer than the UserIndex GSI's propagation delay,
         * so a change that shows up late in the index is never skipped.
         */
        @WithDefault("2s")
        Duration settleWindow();

        /** Page size when the device sends no {@code limit}. */
        @WithDefault("100")
        int defaultLimit();

        /** Largest allowed {@code limit} (SPEC §4: 1000). */
        @WithDefault("1000")
        int maxLimit();

        /** How long the tombstone retention horizon is cached between reads of SyncMetadata. */
        @WithDefault("30s")
        Duration horizonCacheTtl();
    }
}
