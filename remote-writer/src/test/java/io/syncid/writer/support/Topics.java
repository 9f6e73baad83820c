package io.syncid.writer.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.syncid.model.CloudEventHeaders;
import io.syncid.model.ConsolidatedOperation;
import io.syncid.model.EventJson;
import io.syncid.model.WriteResult;
import io.syncid.runtime.kafka.CloudEvents;
import io.syncid.testkit.TopicRecords;

/**
 * The tests' side of the real topics: produces {@code sync.operations} records as the consolidator would (in a Kafka
 * transaction or not), parses {@code sync.results} (read with {@link TopicRecords}).
 */
public final class Topics {

    private static final CloudEvents OPERATION_HEADERS = CloudEvents.of(CloudEventHeaders.TYPE_OPERATION,
            "/writer-test");

    private Topics() {
    }

    /** Produces {@code ops} in order, each keyed by its syncId; inside one committed transaction if asked. */
    public static void send(String bootstrap, List<ConsolidatedOperation> ops, boolean transactional) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (ConsolidatedOperation op : ops) {
            records.add(record(op.syncId().toString(), EventJson.write(op), op.operationId().toString()));
        }
        sendRaw(bootstrap, records, transactional);
    }

    /** One raw {@code sync.operations} record, e.g. bytes that are no operation at all. */
    public static ProducerRecord<byte[], byte[]> record(String key, byte[] value, String id) {
        return new ProducerRecord<>(io.syncid.model.Topics.OPERATIONS, null, key.getBytes(StandardCharsets.UTF_8),
                value, OPERATION_HEADERS.headers(id, key));
    }

    public static void sendRaw(String bootstrap, List<ProducerRecord<byte[], byte[]>> records,
            boolean transactional) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        if (transactional) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "writer-test-" + UUID.randomUUID());
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            if (transactional) {
                producer.initTransactions();
                producer.beginTransaction();
            }
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            records.forEach(r -> acks.add(producer.send(r)));
            if (transactional) {
                producer.commitTransaction();
            }
            for (var ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("test records not acknowledged", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every {@code sync.results} record now, parsed. */
    public static List<WriteResult> results(String bootstrap) {
        return TopicRecords.readAll(bootstrap, io.syncid.model.Topics.RESULTS).stream()
                .map(r -> EventJson.read(r.value(), WriteResult.class)).toList();
    }
}
