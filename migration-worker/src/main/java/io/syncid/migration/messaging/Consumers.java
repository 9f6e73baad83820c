package io.syncid.migration.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.syncid.migration.config.MigrationConfig;
import io.syncid.migration.service.MigrationProcessor;
import io.syncid.migration.service.OutcomeRecorder;
import io.syncid.model.EventJson;
import io.syncid.model.MigrationTask;
import io.syncid.model.Topics;
import io.syncid.model.WriteResult;
import io.syncid.runtime.kafka.KafkaDefaults;

/**
 * Starts this process's consumers: {@link MigrationConfig#workerConsumers()} members of group {@code migration-worker}
 * on {@code sync.migration.tasks} (any number of replicas share a run; each partition's tasks of a poll handled
 * together, an unreadable one sending them back to one by one, so it alone is dead-lettered) and one member of
 * {@code migration-worker-results} on {@code sync.results}. Records are read as bytes and parsed here, so an unreadable
 * task reaches the dead-letter path instead of failing the poll.
 */
@ApplicationScoped
public class Consumers {

    public static final String TASKS_GROUP = "migration-worker";
    public static final String RESULTS_GROUP = "migration-worker-results";

    /** Tasks per poll of one task consumer. */
    static final int TASKS_PER_POLL = 50;

    /** The bytes of results a fetch of {@code sync.results} waits for (up to the results batch wait). */
    static final int RESULTS_FETCH_MIN_BYTES = 64 * 1024;

    private static final Logger LOG = Logger.getLogger(Consumers.class);

    private final Map<String, Object> kafka;
    private final MigrationConfig config;
    private final MigrationProcessor processor;
    private final OutcomeRecorder outcomes;
    private final Publisher publisher;
    private final List<ConsumerLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    Consumers(@Identifier("default-kafka-broker") Map<String, Object> kafka, MigrationConfig config,
            MigrationProcessor processor, OutcomeRecorder outcomes, Publisher publisher) {
        this.kafka = kafka;
        this.config = config;
        this.processor = processor;
        this.outcomes = outcomes;
        this.publisher = publisher;
    }

    void start(@Observes StartupEvent event) {
        if (!config.workersEnabled()) {
            LOG.info("migration consumers disabled: operator API only");
            return;
        }
        for (int i = 0; i < Math.max(1, config.workerConsumers()); i++) {
            Map<String, Object> props = consumer(TASKS_GROUP, "migration-worker-tasks-" + i);
            // Offsets are committed once per poll: a small poll bounds the work a crash repeats and lets a
            // rebalance (a replica joining or leaving) happen between two polls without a long wait.
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, TASKS_PER_POLL);
            start(new ConsumerLoop("migration-tasks-" + i, props,
                    Topics.MIGRATION_TASKS,
                    record -> processor.process(EventJson.read(record.value(), MigrationTask.class)),
                    records -> processor.processAll(records.stream()
                            .map(record -> EventJson.read(record.value(), MigrationTask.class))
                            .toList()),
                    publisher, true, config.retryBackoff()));
        }
        // sync.results belongs to the writer's other consumers too: an unreadable result is theirs to dead-letter.
        Map<String, Object> results = consumer(RESULTS_GROUP, "migration-worker-results");
        results.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, RESULTS_FETCH_MIN_BYTES);
        results.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) config.resultsBatchWait().toMillis());
        start(new ConsumerLoop("migration-results", results,
                Topics.RESULTS,
                record -> outcomes.record(EventJson.read(record.value(), WriteResult.class)),
                this::recordResults,
                publisher, false, config.retryBackoff()));
    }

    /** The results of one poll in one ledger transaction; an unreadable one is skipped here, as the loop would. */
    private void recordResults(List<ConsumerRecord<byte[], byte[]>> records) {
        List<WriteResult> results = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                results.add(EventJson.read(record.value(), WriteResult.class));
            } catch (RuntimeException e) {
                LOG.warnf("migration-results: skipped a record it cannot read at %s-%d@%d: %s", record.topic(),
                        record.partition(), record.offset(), e.toString());
            }
        }
        outcomes.recordAll(results);
    }

    private Map<String, Object> consumer(String group, String clientId) {
        Map<String, Object> props = KafkaDefaults.consumer(kafka, group, clientId);
        int session = (int) config.sessionTimeout().toMillis();
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, session);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(100, session / 3));
        return props;
    }

    private void start(ConsumerLoop loop) {
        Thread thread = new Thread(loop, "syncid-" + loops.size());
        loops.add(loop);
        threads.add(thread);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        loops.forEach(ConsumerLoop::stop);
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
