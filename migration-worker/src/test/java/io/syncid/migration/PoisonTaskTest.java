package io.syncid.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.syncid.migration.support.Polling;
import io.syncid.model.CloudEventHeaders;
import io.syncid.model.Topics;
import io.syncid.testkit.KafkaBroker;
import io.syncid.testkit.TopicRecords;
import io.syncid.testkit.quarkus.InjectKafkaBroker;

/**
 * A task record that can never be processed — unreadable, of another schema version, or carrying a legacy item that
 * does not decode — goes to {@code sync.migration.tasks.dlq} with the error, alone.
 */
@QuarkusTest
class PoisonTaskTest {

    @InjectKafkaBroker
    KafkaBroker kafka;

    @Test
    void anUnreadableTaskIsDeadLetteredWithItsErrorAndTheWorkerGoesOn() throws Exception {
        String key = "poison-" + UUID.randomUUID();
        byte[] value = "{\"schemaVersion\":1,\"runId\":\"nope\"".getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.MIGRATION_TASKS, key.getBytes(StandardCharsets.UTF_8), value))
                    .get();
            producer.send(new ProducerRecord<>(Topics.MIGRATION_TASKS, key.getBytes(StandardCharsets.UTF_8),
                    "{\"schemaVersion\":99,\"runId\":\"x\"}".getBytes(StandardCharsets.UTF_8))).get();
            // A well-formed task whose carried legacy item has an attribute of no DynamoDB type.
            producer.send(new ProducerRecord<>(Topics.MIGRATION_TASKS, key.getBytes(StandardCharsets.UTF_8),
                    ("{\"schemaVersion\":1,\"runId\":\"" + UUID.randomUUID() + "\",\"legacyId\":\"" + key
                            + "\",\"dryRun\":false,\"enqueuedAt\":\"2026-11-29T10:00:00Z\",\"legacy\":{\"document\":"
                            + "{\"id\":{\"S\":\"" + key + "\"},\"title\":{\"X\":\"?\"}},\"attachments\":[]}}")
                            .getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
        Polling.until("the three records are dead-lettered", Duration.ofSeconds(60), () -> dead(key).size() == 3);
        List<ConsumerRecord<String, byte[]>> dead = dead(key);
        assertThat(dead.get(0).value()).isEqualTo(value);
        assertThat(TopicRecords.header(dead.get(0), CloudEventHeaders.DLQ_ERROR_CODE)).isEqualTo("POISON_RECORD");
        assertThat(TopicRecords.header(dead.get(0), CloudEventHeaders.DLQ_ERROR_MESSAGE)).contains("MigrationTask");
        assertThat(TopicRecords.header(dead.get(0), CloudEventHeaders.DLQ_SOURCE_TOPIC))
                .isEqualTo(Topics.MIGRATION_TASKS);
        assertThat(TopicRecords.header(dead.get(1), CloudEventHeaders.DLQ_ERROR_CODE))
                .isEqualTo("UNSUPPORTED_SCHEMA_VERSION");
        assertThat(TopicRecords.header(dead.get(2), CloudEventHeaders.DLQ_ERROR_CODE)).isEqualTo("POISON_RECORD");
        assertThat(TopicRecords.header(dead.get(2), CloudEventHeaders.DLQ_ERROR_MESSAGE))
                .contains("attribute title has unknown type X");
    }

    private List<ConsumerRecord<String, byte[]>> dead(String key) {
        return TopicRecords.readAll(kafka.bootstrapServers(), Topics.dlq(Topics.MIGRATION_TASKS)).stream()
                .filter(r -> key.equals(r.key()))
                .toList();
    }
}
