package io.syncid.consolidator.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.syncid.model.ChangeEvent;
import io.syncid.model.CloudEventHeaders;
import io.syncid.model.ConsolidatedOperation;
import io.syncid.model.EventJson;
import io.syncid.model.Topics;

/** What tests write to {@code sync.changes} (as the gateway does) and how they read what came out, read_committed. */
public final class Kafka {

    private Kafka() {
    }

    /** An idempotent producer of raw records, as the gateway's (acks=all). */
    public static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The record the gateway would publish for {@code event}: keyed by syncId, with its CloudEvents headers. */
    public static ProducerRecord<byte[], byte[]> change(ChangeEvent event) {
        return raw(event.syncId().toString(), EventJson.write(event), event.opId().toString());
    }

    /** A record of {@code sync.changes} with any value, keyed {@code key}, with a {@code ce_id} header. */
    public static ProducerRecord<byte[], byte[]> raw(String key, byte[] value, String ceId) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.ID, utf8(ceId));
        headers.add(CloudEventHeaders.TYPE, utf8(CloudEventHeaders.TYPE_CHANGE));
        headers.add(CloudEventHeaders.SOURCE, utf8("/test"));
        return new ProducerRecord<>(Topics.CHANGES, null, key == null ? null : utf8(key), value, headers);
    }

    /** Sends every event and waits for every acknowledgement. */
    public static void send(String bootstrap, Collection<ChangeEvent> events) {
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            sendAll(producer, events.stream().map(Kafka::change).toList());
        }
    }

    /** Sends every record and waits for every acknowledgement. */
    public static void sendAll(KafkaProducer<byte[], byte[]> producer, List<ProducerRecord<byte[], byte[]>> records) {
        var acks = records.stream().map(producer::send).toList();
        producer.flush();
        for (var ack : acks) {
            try {
                ack.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("not acknowledged", e.getCause());
            }
        }
    }

    /** A read_committed reader of a whole topic, from its beginning; keeps what it read. */
    public static final class Reader implements AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<TopicPartition> partitions;
        private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

        public Reader(String bootstrap, String topic) {
            Map<String, Object> props = new HashMap<>();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
            consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** Reads until {@code done} holds for what was read (60 s at most); returns everything read. */
        public List<ConsumerRecord<byte[], byte[]>> until(Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
            return until(done, Duration.ofSeconds(60));
        }

        public List<ConsumerRecord<byte[], byte[]>> until(Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
                Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(records)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("not seen within " + timeout + "; read " + records.size() + " records");
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            return records;
        }

        /** Reads up to the last committed record of every partition now; returns everything read. */
        public List<ConsumerRecord<byte[], byte[]>> toEnd() {
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            return until(read -> partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p)));
        }

        /** Everything read so far. */
        public List<ConsumerRecord<byte[], byte[]>> records() {
            return records;
        }

        @Override
        public void close() {
            consumer.close(Duration.ZERO);
        }
    }

    public static ConsolidatedOperation operation(ConsumerRecord<byte[], byte[]> record) {
        return EventJson.read(record.value(), ConsolidatedOperation.class);
    }

    public static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return header(record.headers(), name);
    }

    public static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    public static String key(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
