package io.syncid.writer.config;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed configuration of the remote-writer ({@code syncid.writer.*}). */
@ConfigMapping(prefix = "syncid.writer")
public interface WriterConfig {

    /** Consumer group of {@code sync.operations}; every replica of the writer joins it. */
    @WithDefault("remote-writer")
    String groupId();

    /**
     * Worker threads applying partitions in parallel (records of one partition are always applied one after the
     * other, which the change-position proof needs); more than the partitions a replica owns is useless, fewer leaves
     * owned partitions waiting. The default is the production partition count of {@code sync.operations}: a worker
     * spends most of its time waiting for DynamoDB, so one per partition costs little.
     */
    @WithDefault("12")
    int workers();

    /** Longest time one poll waits for records. */
    @WithDefault("100ms")
    Duration pollTimeout();

    /**
     * Longest time the broker holds a fetch that finds no new records (Kafka's {@code fetch.max.wait.ms}, default
     * 500 ms there). The consumer has one fetch in flight per broker, and a partition resumed after its records were
     * applied joins only the next fetch: with the broker's default, its waiting records could sit for half a second
     * behind a fetch of idle partitions.
     */
    @WithDefault("20ms")
    Duration fetchMaxWait();

    /** Most records one poll hands out (Kafka's {@code max.poll.records}). */
    @WithDefault("500")
    int maxPollRecords();

    /**
     * Kafka consumer session timeout: how long a replica that died without leaving keeps its partitions before the
     * group gives them to another one.
     */
    @WithDefault("45s")
    Duration sessionTimeout();

    /**
     * Conflict policy (SPEC §7): {@code later-effective-time-wins} (the later effective time wins, ties by higher
     * version, then deviceId) or {@code server-wins} (the stored state always keeps the syncId).
     */
    @WithDefault("later-effective-time-wins")
    String conflictPolicy();

    /** How long an opId's outcome is kept in {@code OperationOutcomes} (SPEC §4: at least 7 days). */
    @WithDefault("7d")
    Duration outcomeRetention();

    /** First backoff after a retriable failure (DynamoDB or Kafka away); doubles up to {@link #maxBackoff()}. */
    @WithDefault("100ms")
    Duration initialBackoff();

    /** Longest backoff between two attempts of the same record. */
    @WithDefault("5s")
    Duration maxBackoff();

    /** How long {@code sync.results} may take to acknowledge a partition's results before it counts as down. */
    @WithDefault("10s")
    Duration resultAckTimeout();

    /** How long a rebalance waits for the in-flight work of a revoked partition before it drops it uncommitted. */
    @WithDefault("20s")
    Duration revokeTimeout();

    /** Window of {@code sync_failure_rate} (poison and failed attempts ÷ attempts). */
    @WithDefault("5m")
    Duration failureRateWindow();

    /** The index-lag probe. */
    IndexProbe indexProbe();

    /** The attachment checks and conflict-copy objects. */
    Attachments attachments();

    /**
     * How the writer compares a stored attachment declaration with its object in S3 ({@code attachments.*}); the
     * objects live at {@code {userId}/{syncId}/{fileName}} in {@code syncid.s3.bucket}.
     */
    interface Attachments {

        /**
         * Whether an applied CREATE/UPDATE/IMPORT compares its attachments with the objects already in S3 (size, and
         * SHA-256 when a {@code sha256:} checksum is declared) and reports mismatches on its result.
         */
        @WithDefault("true")
        boolean verify();

        /**
         * Largest object whose SHA-256 the writer computes by reading it (when S3 does not return a stored SHA-256);
         * a larger object is compared by size only.
         */
        @WithDefault("64M")
        MemorySize maxHashSize();

        /**
         * Threads that check attachments while the partitions' next records are applied (each check is one S3
         * request per attachment, more to hash one).
         */
        @WithDefault("8")
        int checkThreads();

        /** Deadline of reading one object to hash it (the SDK's per-call deadline is too short for large objects). */
        @WithDefault("60s")
        Duration hashTimeout();
    }

    /** The probe that measures how long a write takes to show up in {@code UserIndex} ({@code index-probe.*}). */
    interface IndexProbe {

        /** How often the probe writes; 0 switches it off. */
        @WithDefault("30s")
        Duration interval();

        /** The gateway's pull settle window: the log warns when the probe's p99 comes near it. */
        @WithDefault("2s")
        Duration settleWindow();

        /** Longest wait for one probe to show up in the index before it counts as lost. */
        @WithDefault("30s")
        Duration timeout();
    }
}
