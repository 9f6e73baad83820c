package io.syncid.model;

import java.util.List;

/** Kafka topic names of SPEC §5: the one place they are defined. */
public final class Topics {

    /** Accepted device operations, keyed by syncId; produced by sync-gateway. */
    public static final String CHANGES = "sync.changes";
    /** Consolidated operations, keyed by syncId; produced by queue-consolidator. */
    public static final String OPERATIONS = "sync.operations";
    /** Write outcomes, keyed by syncId; produced by remote-writer. */
    public static final String RESULTS = "sync.results";
    /** Legacy documents to migrate, keyed by legacyId; produced by migration-worker. */
    public static final String MIGRATION_TASKS = "sync.migration.tasks";

    /** Suffix of every dead-letter topic: {@code <topic>.dlq}. */
    public static final String DLQ_SUFFIX = ".dlq";

    /** The main topics, in pipeline order. */
    public static final List<String> MAIN = List.of(CHANGES, OPERATIONS, RESULTS, MIGRATION_TASKS);

    private Topics() {
    }

    /** The dead-letter topic of {@code topic}. */
    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }

    /** Every topic the platform uses: the main ones and their dead-letter topics. */
    public static List<String> all() {
        return MAIN.stream().flatMap(t -> java.util.stream.Stream.of(t, dlq(t))).toList();
    }
}
