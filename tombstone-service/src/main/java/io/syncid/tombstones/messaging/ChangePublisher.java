package io.syncid.tombstones.messaging;

import java.time.Duration;
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
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import io.smallrye.common.annotation.Identifier;
import io.syncid.model.ChangeEvent;
import io.syncid.model.CloudEventHeaders;
import io.syncid.model.EventJson;
import io.syncid.model.Topics;
import io.syncid.runtime.kafka.CloudEvents;
import io.syncid.runtime.kafka.KafkaDefaults;

/**
 * Publishes the DELETE operations of data-deletion requests to {@code sync.changes} (SPEC §5, §8), keyed by syncId with
 * the CloudEvents headers, through an idempotent acks=all producer; returns only once Kafka has them all.
 */
@ApplicationScoped
public class ChangePublisher {

    /** {@code ce_source} of every event this service publishes. */
    public static final String SOURCE = "/tombstone-service";

    private static final CloudEvents HEADERS = CloudEvents.of(CloudEventHeaders.TYPE_CHANGE, SOURCE);

    private final Map<String, Object> kafka;
    private volatile Producer<byte[], byte[]> producer;

    ChangePublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.kafka = kafka;
    }

    /**
     * Sends every event and waits until Kafka acknowledged all of them.
     *
     * @throws IllegalStateException wrapping the first failure (nothing is known about the others)
     */
    public void publish(List<ChangeEvent> events, Duration timeout) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
        for (ChangeEvent event : events) {
            String syncId = event.syncId().toString();
            sent.add(producer().send(new ProducerRecord<>(Topics.CHANGES, null, bytes(syncId), EventJson.write(event),
                    HEADERS.headers(event.opId().toString(), syncId))));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Future<RecordMetadata> f : sent) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing DELETEs", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not take the DELETEs: " + e, e);
        }
    }

    private Producer<byte[], byte[]> producer() {
        Producer<byte[], byte[]> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(KafkaDefaults.producer(kafka, "tombstone-service-changes"));
                }
                p = producer;
            }
        }
        return p;
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
