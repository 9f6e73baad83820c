package io.syncid.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.syncid.model.CloudEventHeaders;
import io.syncid.model.ErrorCode;
import io.syncid.runtime.kafka.CloudEvents;
import io.syncid.runtime.kafka.DeadLetters;
import io.syncid.runtime.kafka.Failure;

class DeadLettersTest {

    @Test
    void keepsKeyValueAndHeadersAndAddsTheErrorAndTheSource() {
        ConsumerRecord<byte[], byte[]> original = new ConsumerRecord<>("sync.changes", 3, 42L, bytes("key"),
                bytes("{oops"));
        CloudEvents.of(CloudEventHeaders.TYPE_CHANGE, "/sync-gateway").addTo(original.headers(), "op-1", "key");

        ProducerRecord<byte[], byte[]> dlq = DeadLetters.record(original,
                new Failure(Failure.Kind.POISON, ErrorCode.MALFORMED_REQUEST, "not JSON"));

        assertThat(dlq.topic()).isEqualTo("sync.changes.dlq");
        assertThat(dlq.key()).isEqualTo(bytes("key"));
        assertThat(dlq.value()).isEqualTo(bytes("{oops"));
        assertThat(CloudEvents.text(dlq.headers(), CloudEventHeaders.ID)).isEqualTo("op-1");
        assertThat(CloudEvents.text(dlq.headers(), CloudEventHeaders.DLQ_ERROR_CODE)).isEqualTo("MALFORMED_REQUEST");
        assertThat(CloudEvents.text(dlq.headers(), CloudEventHeaders.DLQ_ERROR_MESSAGE)).isEqualTo("not JSON");
        assertThat(CloudEvents.text(dlq.headers(), CloudEventHeaders.DLQ_SOURCE_TOPIC)).isEqualTo("sync.changes");
        assertThat(CloudEvents.text(dlq.headers(), CloudEventHeaders.DLQ_SOURCE_PARTITION)).isEqualTo("3");
        assertThat(CloudEvents.text(dlq.headers(), CloudEventHeaders.DLQ_SOURCE_OFFSET)).isEqualTo("42");
    }

    @Test
    void cutsAVeryLongMessage() {
        ConsumerRecord<byte[], byte[]> original = new ConsumerRecord<>("sync.operations", 0, 1L, null, null);
        ProducerRecord<byte[], byte[]> dlq = DeadLetters.record(original,
                new Failure(Failure.Kind.POISON, ErrorCode.INTERNAL_ERROR, "x".repeat(50_000)));
        assertThat(CloudEvents.text(dlq.headers(), CloudEventHeaders.DLQ_ERROR_MESSAGE)).hasSize(1_000);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
