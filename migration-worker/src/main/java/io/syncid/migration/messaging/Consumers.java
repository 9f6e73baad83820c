package io.syncid.migration.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

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
 * on {@code sync.migration.tasks} (any number of replicas share a run) and one member of
 * {@code migration-worker-results} on {@code sync.results}. Records are read as bytes and parsed here, so an unreadable
 * task reaches the dead-letter path instead of failing the poll.
 */
@ApplicationScoped
public class Consumers {

    public static final String TASKS_GROUP = "migration-worker";
    public static final String RESULTS_GROUP = "migration-worker-results";

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
            start(new ConsumerLoop("migration-tasks-" + i,
                    KafkaDefaults.consumer(kafka, TASKS_GROUP, "migration-worker-tasks-" + i),
                    Topics.MIGRATION_TASKS,
                    record -> processor.process(EventJson.read(record.value(), MigrationTask.class)),
                    publisher, true, config.retryBackoff()));
        }
        // sync.results belongs to the writer's other consumers too: an unreadable result is theirs to dead-letter.
        start(new ConsumerLoop("migration-results",
                KafkaDefaults.consumer(kafka, RESULTS_GROUP, "migration-worker-results"),
                Topics.RESULTS,
                record -> outcomes.record(EventJson.read(record.value(), WriteResult.class)),
                publisher, false, config.retryBackoff()));
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
