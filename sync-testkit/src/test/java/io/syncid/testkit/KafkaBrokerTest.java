package io.syncid.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.syncid.model.Topics;
import io.syncid.testkit.internal.TempDirs;

/** The embedded broker is a real Kafka: acknowledged records survive kill -9, and a data directory survives a stop. */
class KafkaBrokerTest {

    @Test
    void acknowledgedRecordsSurviveKillAndRestartOnTheSameAddress() throws Exception {
        long pid;
        try (KafkaBroker broker = KafkaBroker.start(null)) {
            String address = broker.bootstrapServers();
            assertThat(address).matches("127\\.0\\.0\\.1:\\d+");
            broker.createTopics(List.of("durable"), 3);
            broker.createTopics(List.of("durable"), 3);
            send(broker, 0, 500);

            long killed = broker.pid();
            broker.kill();
            assertThat(broker.isRunning()).isFalse();
            assertThat(ProcessHandle.of(killed).filter(ProcessHandle::isAlive)).isEmpty();
            broker.restart();

            assertThat(broker.bootstrapServers()).isEqualTo(address);
            send(broker, 500, 1000);
            List<String> values = readAll(broker, "durable");
            assertThat(values).hasSize(1000);
            for (int i = 0; i < 1000; i++) {
                assertThat(values).contains("value-" + i);
            }
            pid = broker.pid();
        }
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("broker process after close").isEmpty();
    }

    @Test
    void aDataDirectoryKeepsTopicsRecordsAndAddressAcrossStarts() throws Exception {
        Path dir = TempDirs.create("kafka-kept-");
        String address;
        try (KafkaBroker broker = KafkaBroker.start(dir)) {
            address = broker.bootstrapServers();
            broker.createTopics(Topics.all(), 4);
            broker.createTopics(List.of("durable"), 1);
            send(broker, 0, 10);
        }
        try (KafkaBroker broker = KafkaBroker.start(dir)) {
            assertThat(broker.bootstrapServers()).isEqualTo(address);
            broker.createTopics(Topics.all(), 4);
            try (var admin = broker.admin()) {
                var topics = admin.describeTopics(Topics.all()).allTopicNames().get();
                assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(Topics.all());
                topics.values().forEach(t -> assertThat(t.partitions()).hasSize(4));
            }
            assertThat(readAll(broker, "durable")).hasSize(10);
        } finally {
            TempDirs.delete(dir);
        }
    }

    /** Sends {@code value-from..value-to} with acks=all and idempotence, waiting for every acknowledgement. */
    private static void send(KafkaBroker broker, int from, int to) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = from; i < to; i++) {
                acks.add(producer.send(new ProducerRecord<>("durable", "key-" + i, "value-" + i)));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        }
    }

    static List<String> readAll(KafkaBroker broker, String topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
            }
            return out;
        }
    }
}
