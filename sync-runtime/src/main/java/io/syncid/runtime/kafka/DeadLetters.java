package io.syncid.runtime.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.syncid.model.CloudEventHeaders;
import io.syncid.model.Topics;

/**
 * The dead-letter record of every consumer: the original key, value and headers, sent to {@code <topic>.dlq}
 * ({@link Topics#dlq}) with {@link CloudEventHeaders#DLQ_ERROR_CODE}, {@link CloudEventHeaders#DLQ_ERROR_MESSAGE} and
 * where it came from. Consumers read raw bytes, so a record that cannot even be parsed is dead-lettered unchanged.
 */
public final class DeadLetters {

    /** Longest error message kept in a header. */
    static final int MAX_MESSAGE = 1_000;

    private DeadLetters() {
    }

    /** The dead-letter record of {@code record} for {@code failure}. */
    public static <K, V> ProducerRecord<K, V> record(ConsumerRecord<K, V> record, Failure failure) {
        Headers headers = headers(record.headers(), failure, record.topic(), record.partition(), record.offset());
        return new ProducerRecord<>(Topics.dlq(record.topic()), null, record.key(), record.value(), headers);
    }

    /** The original headers plus the error and source headers. */
    public static RecordHeaders headers(Headers original, Failure failure, String topic, int partition, long offset) {
        RecordHeaders headers = new RecordHeaders();
        if (original != null) {
            for (Header h : original) {
                headers.add(h);
            }
        }
        headers.add(CloudEventHeaders.DLQ_ERROR_CODE, utf8(failure.code().name()));
        String message = failure.message();
        headers.add(CloudEventHeaders.DLQ_ERROR_MESSAGE,
                utf8(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message));
        headers.add(CloudEventHeaders.DLQ_SOURCE_TOPIC, utf8(topic));
        headers.add(CloudEventHeaders.DLQ_SOURCE_PARTITION, utf8(Integer.toString(partition)));
        headers.add(CloudEventHeaders.DLQ_SOURCE_OFFSET, utf8(Long.toString(offset)));
        return headers;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
