package io.syncid.testkit;

import static org.assertj.core.api.Assertions.assertThat;

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

/** The embedded broker is a real Kafka: acknowledged records survive a kill -9 and a restart. */
class KafkaBrokerTest {

    @Test
    void acknowledgedRecordsSurviveKillAndRestart() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(null)) {
            broker.createTopics(List.of("durable"), 3);
            broker.createTopics(List.of("durable"), 3);
            send(broker, 0, 500);
            broker.kill();
            assertThat(broker.isRunning()).isFalse();
            broker.restart();
            send(broker, 500, 1000);

            List<String> values = readAll(broker, "durable");
            assertThat(values).hasSize(1000);
            for (int i = 0; i < 1000; i++) {
                assertThat(values).contains("value-" + i);
            }
        }
    }

    @Test
    void createsEveryPlatformTopicWithThePartitionsAsked() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(null)) {
            broker.createTopics(Topics.all(), 4);
            try (var admin = broker.admin()) {
                var topics = admin.describeTopics(Topics.all()).allTopicNames().get();
                assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(Topics.all());
                topics.values().forEach(t -> assertThat(t.partitions()).hasSize(4));
            }
        }
    }

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
