package io.syncid.writer.messaging;

import java.nio.charset.StandardCharsets;
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

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import io.smallrye.common.annotation.Identifier;
import io.syncid.model.CloudEventHeaders;
import io.syncid.model.EventJson;
import io.syncid.model.Topics;
import io.syncid.model.WriteResult;
import io.syncid.runtime.kafka.CloudEvents;
import io.syncid.runtime.kafka.DeadLetters;
import io.syncid.runtime.kafka.Failure;
import io.syncid.runtime.kafka.KafkaDefaults;
import io.syncid.writer.config.WriterConfig;

/**
 * Publishes {@link WriteResult}s to {@code sync.results} (keyed by syncId, CloudEvents headers) and dead letters to
 * {@code sync.operations.dlq}, and waits for Kafka's acknowledgement (idempotent producer, acks=all) before the caller
 * commits the offsets they answer for.
 */
@ApplicationScoped
public class ResultPublisher {

    static final String SOURCE = "/remote-writer";
    private static final CloudEvents RESULT_HEADERS = CloudEvents.of(CloudEventHeaders.TYPE_RESULT, SOURCE);

    private final KafkaProducer<byte[], byte[]> producer;
    private final long ackTimeoutMillis;

    ResultPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, WriterConfig config) {
        this.ackTimeoutMillis = config.resultAckTimeout().toMillis();
        Map<String, Object> props = new HashMap<>(KafkaDefaults.producer(kafka, "remote-writer-results"));
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        // A send that cannot even get metadata fails within the ack timeout instead of blocking a worker for 60 s.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ackTimeoutMillis);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, ackTimeoutMillis / 2));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(2000, ackTimeoutMillis));
        this.producer = new KafkaProducer<>(props);
    }

    /** Sends every result and returns once Kafka acknowledged all of them. */
    public void publish(List<WriteResult> results) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(results.size());
        for (WriteResult result : results) {
            String key = result.syncId().toString();
            records.add(new ProducerRecord<>(Topics.RESULTS, null, utf8(key), EventJson.write(result),
                    RESULT_HEADERS.headers(result.resultId().toString(), key)));
        }
        sendAll(records);
    }

    /** Sends {@code record} to its dead-letter topic with the failure headers; returns once acknowledged. */
    public void deadLetter(ConsumerRecord<byte[], byte[]> record, Failure failure) {
        sendAll(List.of(DeadLetters.record(record, failure)));
    }

    private void sendAll(List<ProducerRecord<byte[], byte[]>> records) {
        if (records.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ackTimeoutMillis);
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        records.forEach(r -> acks.add(producer.send(r)));
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw new KafkaSendException("Kafka did not acknowledge: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaSendException("Kafka did not acknowledge within " + ackTimeoutMillis + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaSendException("interrupted while waiting for Kafka", e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }

    /** Kafka could not take results or dead letters now: a retriable failure. */
    public static final class KafkaSendException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KafkaSendException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
