package io.syncid.writer.config;

import java.time.Duration;

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
     * other, which the change-position proof needs); more than the partitions a replica owns is useless.
     */
    @WithDefault("4")
    int workers();

    /** Longest time one poll waits for records. */
    @WithDefault("100ms")
    Duration pollTimeout();

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
