package io.syncid.consolidator.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed configuration of the consolidator ({@code syncid.consolidator.*}). */
@ConfigMapping(prefix = "syncid.consolidator")
public interface ConsolidatorConfig {

    /**
     * Consumer group of every replica on {@code sync.changes}: replicas share its partitions, and the autoscaler
     * (KEDA) reads this group's lag.
     */
    @WithDefault("queue-consolidator")
    String groupId();

    /**
     * This replica's name, unique among the live replicas: it makes the transactional id and the client ids. Reusing
     * the name of a crashed replica (a restarted container keeps its pod name) aborts that replica's open transaction
     * at once; a new name lets it expire after {@link #transactionTimeout()}. Absent: host name and process id.
     */
    Optional<String> instanceId();

    /** Prefix of the transactional id ({@code <prefix>-<instance id>}). */
    @WithDefault("queue-consolidator")
    String transactionalIdPrefix();

    /**
     * Most records one poll returns. A poll returns as soon as records are there, so a lone record is never held back;
     * a full poll is what makes the loop read on into a backlog (see {@link #maxBatchRecords()}).
     */
    @WithDefault("2000")
    int maxPollRecords();

    /**
     * Most records one transaction folds while a backlog waits. After a full poll, the loop reads on only while the
     * consumer knows of records already in its partitions (lag above zero), up to this many: a backlog folds across
     * polls, and nothing ever waits for records that are not there yet.
     */
    @WithDefault("20000")
    int maxBatchRecords();

    /**
     * Threads that read the events and write the operations of a batch (the JSON work, most of the CPU); 0 = one per
     * available processor. A batch smaller than a few hundred records is handled on the consumer thread alone.
     */
    @WithDefault("0")
    int codecThreads();

    /**
     * How long one poll waits when there is nothing to read. It delays no record (a poll returns as soon as records
     * are there); it bounds how quickly the loop notices pause and shutdown requests.
     */
    @WithDefault("500ms")
    Duration pollTimeout();

    /**
     * How long the broker lets a transaction of this replica stay open before aborting it: the longest a crashed
     * replica's unfinished batch blocks its partitions when no replica of the same name comes back.
     */
    @WithDefault("30s")
    Duration transactionTimeout();

    /**
     * First wait before the transactional producer sends again a request the broker put off (its
     * {@code retry.backoff.ms}; repeated waits grow to Kafka's {@code retry.backoff.max.ms}, 1 s). A transaction begun
     * right after the previous commit finds that commit's markers still being written (CONCURRENT_TRANSACTIONS) and
     * waits this long: with Kafka's 100 ms default every batch under a steady trickle of changes took 100 ms more.
     */
    @WithDefault("5ms")
    Duration producerRetryBackoff();

    /** First wait after a failed transaction before the batch is read and tried again. */
    @WithDefault("100ms")
    Duration retryBackoff();

    /** Longest wait between retries of a failing batch (the wait doubles up to this). */
    @WithDefault("5s")
    Duration retryBackoffMax();

    /**
     * Longest a call of the transactional producer blocks while the broker is away (its {@code max.block.ms}): after
     * that the batch is aborted and retried, and the loop stays responsive to shutdown.
     */
    @WithDefault("15s")
    Duration clientTimeout();

    /**
     * How long an assigned partition may stay without a readable committed offset (the broker answers
     * UNSTABLE_OFFSET_COMMIT while a transaction holds offsets for the group) before the consolidator treats the
     * transaction as hanging and writes an abort marker for it to the group's {@code __consumer_offsets} partition
     * (KIP-664). Longer than {@link #transactionTimeout()} plus the coordinator's abort sweep, so a crashed replica's
     * transaction is left to the coordinator; 0 turns the remedy off (an operator then runs kafka-transactions.sh).
     */
    @WithDefault("90s")
    Duration hangingOffsetsAfter();

    /** How long shutdown waits for the batch in progress to commit before the clients are closed. */
    @WithDefault("20s")
    Duration shutdownTimeout();
}
