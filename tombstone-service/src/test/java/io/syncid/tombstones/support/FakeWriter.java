package io.syncid.tombstones.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.syncid.model.ChangeEvent;
import io.syncid.model.EventJson;
import io.syncid.model.EventSchema;
import io.syncid.model.OperationType;
import io.syncid.model.Outcome;
import io.syncid.model.Topics;
import io.syncid.model.WriteResult;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.DocumentItemCodec;
import io.syncid.model.store.DocumentsTable;
import io.syncid.runtime.aws.DynamoBatches;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Plays the remote-writer for one user in tests (the writer is another module): reads the DELETEs the service
 * published to {@code sync.changes}, writes their tombstones to {@code Documents} with the shared codec, and answers
 * with DELETED results on {@code sync.results}, a poll's batch at a time.
 */
public final class FakeWriter implements AutoCloseable {

    private final String userId;
    private final DynamoDbClient dynamo;
    private final Consumer<List<ChangeEvent>> beforeAnswering;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<ChangeEvent> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;

    /** Starts answering the DELETEs for {@code userId}; {@code beforeAnswering} sees each batch first. */
    public FakeWriter(String userId, DynamoDbClient dynamo, Consumer<List<ChangeEvent>> beforeAnswering) {
        this.userId = userId;
        this.dynamo = dynamo;
        this.beforeAnswering = beforeAnswering;
        this.thread = new Thread(this::run, "fake-writer-" + userId);
        thread.setDaemon(true);
        thread.start();
    }

    /** Every DELETE of this user seen on {@code sync.changes} so far. */
    public List<ChangeEvent> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    private void run() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Kafka.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "fake-writer-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.CHANGES));
            while (running.get()) {
                List<ChangeEvent> batch = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    ChangeEvent e = EventJson.read(r.value(), ChangeEvent.class);
                    if (e.userId().equals(userId) && e.type() == OperationType.DELETE) {
                        batch.add(e);
                    }
                }
                if (!batch.isEmpty()) {
                    seen.addAll(batch);
                    beforeAnswering.accept(batch);
                    answer(batch);
                }
            }
        }
    }

    private void answer(List<ChangeEvent> deletes) {
        Instant now = Instant.now();
        List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> items = new ArrayList<>();
        List<WriteResult> results = new ArrayList<>();
        for (ChangeEvent e : deletes) {
            items.add(DocumentItemCodec.toItem(new DocumentItem(e.syncId(), e.userId(), null, null, null, null, now,
                    now, e.baseVersion() + 1, null, null, null, true, now, e.deviceId(), e.reason(),
                    List.of(e.opId().toString()), e.deviceId(), Fixtures.nextPosition(), now.toEpochMilli())));
            results.add(new WriteResult(EventSchema.CURRENT_VERSION, UUID.randomUUID(), e.syncId(), e.userId(),
                    e.deviceId(), Outcome.DELETED, null, e.baseVersion() + 1, List.of(e.opId()), null, null, now,
                    e.deviceId(), e.reason(), now));
        }
        DynamoBatches.put(dynamo, DocumentsTable.NAME, items);
        Kafka.sendResults(results);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }
}
