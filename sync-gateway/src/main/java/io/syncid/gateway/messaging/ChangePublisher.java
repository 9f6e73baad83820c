package io.syncid.gateway.messaging;

import java.util.ArrayList;
import java.util.HashMap;
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
import org.apache.kafka.common.serialization.StringSerializer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Identifier;
import io.syncid.gateway.config.GatewayConfig;
import io.syncid.model.ChangeEvent;
import io.syncid.model.ChangeEventSerializer;
import io.syncid.model.CloudEventHeaders;
import io.syncid.model.Topics;
import io.syncid.runtime.kafka.CloudEvents;

/**
 * Publishes accepted operations to {@code sync.changes}, keyed by syncId, with CloudEvents binary headers, and waits
 * until Kafka acknowledges every record (idempotent producer, {@code acks=all}) before a batch counts as accepted.
 * The plain Kafka producer is used (not an emitter) because the HTTP answer needs each record's acknowledgement.
 */
@ApplicationScoped
public class ChangePublisher {

    /** The CloudEvents headers of every change record; their constant values are encoded once, here. */
    private static final CloudEvents CHANGE_EVENTS = CloudEvents.of(CloudEventHeaders.TYPE_CHANGE, "/sync-gateway");

    private final KafkaProducer<String, ChangeEvent> producer;
    private final long ackTimeoutMillis;
    private final Timer sendTimer;

    ChangePublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, GatewayConfig config,
            MeterRegistry registry) {
        this.ackTimeoutMillis = config.kafkaAckTimeout().toMillis();
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get("bootstrap.servers"));
        // Correctness settings, not tunables: ACCEPTED means durably in Kafka, never written twice by a retry.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // A record still buffered after the client was told 503 would surprise it: give up before the answer does.
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) (ackTimeoutMillis * 9 / 10));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (ackTimeoutMillis * 4 / 10));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ackTimeoutMillis * 4 / 10);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "sync-gateway");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ChangeEventSerializer());
        this.sendTimer = Timer.builder("sync_gateway_kafka_send_seconds")
                .description("Time until Kafka acknowledged every record of a batch")
                .publishPercentileHistogram()
                .register(registry);
    }

    /**
     * Sends every event and returns once all are acknowledged.
     *
     * @throws KafkaUnavailableException when any record is not acknowledged in time; records of the batch that did
     *         reach Kafka carry opIds, so the device's retry of the batch is deduplicated downstream
     */
    public void publishAll(List<ChangeEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
        try {
            for (ChangeEvent event : events) {
                acks.add(producer.send(record(event)));
            }
            long deadline = start + TimeUnit.MILLISECONDS.toNanos(ackTimeoutMillis);
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            throw new KafkaUnavailableException("Kafka did not acknowledge the batch: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while waiting for Kafka", e);
        } finally {
            sendTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private static ProducerRecord<String, ChangeEvent> record(ChangeEvent event) {
        String key = event.syncId().toString();
        return new ProducerRecord<>(Topics.CHANGES, null, key, event,
                CHANGE_EVENTS.headers(event.opId().toString(), key));
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
