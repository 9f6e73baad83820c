package io.syncid.gateway.support;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.syncid.model.ErrorCode;
import io.syncid.model.EventSchema;
import io.syncid.model.Outcome;
import io.syncid.model.SyncId;
import io.syncid.model.Topics;
import io.syncid.model.WriteResult;
import io.syncid.model.WriteResultSerializer;

/**
 * Publishes results to {@code sync.results} as the remote-writer would, all to partition 0 so a test knows their order.
 */
public final class Results implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    public Results(String bootstrapServers) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** An APPLIED result of one operation. */
    public static WriteResult applied(SyncId syncId, String user, String device, UUID opId, long version) {
        return result(syncId, user, device, Outcome.APPLIED, null, version, opId, null);
    }

    public static WriteResult result(SyncId syncId, String user, String device, Outcome outcome, ErrorCode code,
            long version, UUID opId, SyncId copy) {
        return new WriteResult(EventSchema.CURRENT_VERSION, UUID.randomUUID(), syncId, user, device, outcome, code,
                version, List.of(opId), List.of(), copy, outcome == Outcome.DELETED ? Instant.now() : null,
                outcome == Outcome.DELETED ? device : null, null, Instant.now());
    }

    /** Publishes {@code result} and waits for the broker's acknowledgement. */
    public void publish(WriteResult result) {
        send(result.syncId().toString(), new WriteResultSerializer().serialize(Topics.RESULTS, result));
    }

    /** Publishes bytes that are not a readable result. */
    public void publishRaw(String key, byte[] value) {
        send(key, value);
    }

    private void send(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(Topics.RESULTS, 0, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
