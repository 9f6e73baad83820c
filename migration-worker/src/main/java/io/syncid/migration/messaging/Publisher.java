package io.syncid.migration.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import io.smallrye.common.annotation.Identifier;
import io.syncid.migration.config.MigrationConfig;
import io.syncid.model.ChangeEvent;
import io.syncid.model.CloudEventHeaders;
import io.syncid.model.EventJson;
import io.syncid.model.MigrationTask;
import io.syncid.model.Topics;
import io.syncid.runtime.kafka.CloudEvents;
import io.syncid.runtime.kafka.KafkaDefaults;

/**
 * The migration-worker's one Kafka producer (idempotent, acks=all): tasks to {@code sync.migration.tasks} keyed by
 * legacyId, IMPORT and rollback DELETE operations to {@code sync.changes} keyed by syncId, dead letters. Every send
 * waits for Kafka's acknowledgement: the ledger records a step only after it is durable.
 */
@ApplicationScoped
public class Publisher {

    static final String SOURCE = "/migration-worker";
    private static final CloudEvents CHANGES = CloudEvents.of(CloudEventHeaders.TYPE_CHANGE, SOURCE);
    private static final CloudEvents TASKS = CloudEvents.of(CloudEventHeaders.TYPE_MIGRATION_TASK, SOURCE);

    private final KafkaProducer<byte[], byte[]> producer;
    private final long ackTimeoutMillis;

    Publisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, MigrationConfig config) {
        this.ackTimeoutMillis = config.kafkaAckTimeout().toMillis();
        Map<String, Object> props = KafkaDefaults.producer(kafka, "migration-worker");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) (ackTimeoutMillis * 9 / 10));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (ackTimeoutMillis * 4 / 10));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ackTimeoutMillis * 4 / 10);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(props);
    }

    /** Publishes one task per legacy id, keyed by legacyId, and waits for all acknowledgements. */
    public void publishTasks(List<MigrationTask> tasks) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(tasks.size());
        for (MigrationTask task : tasks) {
            String id = task.runId() + "/" + task.legacyId();
            acks.add(producer.send(new ProducerRecord<>(Topics.MIGRATION_TASKS, null, utf8(task.legacyId()),
                    EventJson.write(task), TASKS.headers(id, task.legacyId()))));
        }
        acks.forEach(this::await);
    }

    /** Publishes one operation to {@code sync.changes}, keyed by its syncId, and waits for the acknowledgement. */
    public void publishChange(ChangeEvent event) {
        publishChanges(List.of(event));
    }

    /**
     * Publishes operations to {@code sync.changes}, each keyed by its syncId, and waits for all acknowledgements: sent
     * together they share the producer's batches and one wait instead of one each.
     */
    public void publishChanges(List<ChangeEvent> events) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
        for (ChangeEvent event : events) {
            String syncId = event.syncId().toString();
            acks.add(producer.send(new ProducerRecord<>(Topics.CHANGES, null, utf8(syncId), EventJson.write(event),
                    CHANGES.headers(event.opId().toString(), syncId))));
        }
        acks.forEach(this::await);
    }

    /** Sends a ready-made record (a dead letter) and waits for the acknowledgement. */
    public void send(ProducerRecord<byte[], byte[]> record) {
        await(producer.send(record));
    }

    private void await(Future<RecordMetadata> ack) {
        try {
            ack.get(ackTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while waiting for Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaUnavailableException("Kafka did not acknowledge a record: " + e, e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }

    /** Kafka did not take a record in time: retriable (the caller retries the whole step). */
    public static final class KafkaUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KafkaUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
