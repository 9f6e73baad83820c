package io.syncid.migration.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed configuration of the migration-worker ({@code syncid.migration.*}). */
@ConfigMapping(prefix = "syncid.migration")
public interface MigrationConfig {

    /**
     * Bucket of the legacy objects ({@code private/{owner}/{documentId}/{fileName}}); absent: the attachments bucket
     * {@code syncid.s3.bucket}, where Amplify Storage kept them beside the new layout.
     */
    Optional<String> legacyBucket();

    /** Segments of the parallel scan of the legacy table when a run starts. */
    @WithDefault("4")
    int scanSegments();

    /** Consumers of {@code sync.migration.tasks} in this process, each a member of the group {@code migration-worker}. */
    @WithDefault("4")
    int workerConsumers();

    /** Whether this process consumes tasks and results; off, it serves the operator API only. */
    @WithDefault("true")
    boolean workersEnabled();

    /** Threads of a dry-run's read-only checks (legacy attachments, Documents, object existence). */
    @WithDefault("8")
    int dryRunThreads();

    /** One progress log line per this many finished documents (migrated, failed or skipped) in this process. */
    @WithDefault("100")
    int progressEvery();

    /** Pause before a task whose dependency failed (DynamoDB, S3, PostgreSQL, Kafka down) is tried again. */
    @WithDefault("1s")
    Duration retryBackoff();

    /**
     * Kafka session timeout of this process's consumers: how long a replica that died without leaving (SIGKILL, a lost
     * node) keeps its task partitions before the group hands them to the others or to its restarted self.
     */
    @WithDefault("45s")
    Duration sessionTimeout();

    /**
     * Longest time the broker holds a fetch of {@code sync.results} to gather more results (Kafka's
     * {@code fetch.max.wait.ms} with a {@code fetch.min.bytes} of 64 KiB): a run's outcomes are recorded a little
     * later, and in fewer, larger polls — each poll is a ledger transaction and an offset commit.
     */
    @WithDefault("250ms")
    Duration resultsBatchWait();

    /** Deadline for Kafka to acknowledge one published record. */
    @WithDefault("10s")
    Duration kafkaAckTimeout();
}
