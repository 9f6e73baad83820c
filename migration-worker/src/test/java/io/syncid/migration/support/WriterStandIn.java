package io.syncid.migration.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.syncid.model.Attachment;
import io.syncid.model.ChangeEvent;
import io.syncid.model.ContentHash;
import io.syncid.model.ErrorCode;
import io.syncid.model.EventJson;
import io.syncid.model.EventSchema;
import io.syncid.model.Outcome;
import io.syncid.model.SyncId;
import io.syncid.model.Topics;
import io.syncid.model.WriteResult;
import io.syncid.model.store.AttachmentKeys;
import io.syncid.model.store.ChangePosition;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.DocumentItemCodec;
import io.syncid.model.store.DocumentsTable;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Plays the remote-writer for the migration's tests (the real one is another module): reads {@code sync.changes},
 * applies IMPORT as SPEC §7 says (created only if the syncId is free: a live document → REJECTED SYNC_ID_UNAVAILABLE, a
 * tombstone → REJECTED TOMBSTONED, a deleted legacy item → a tombstone, DELETED; an opId already applied →
 * DUPLICATE) and DELETE at the expected version, writes the {@code Documents} item with {@link DocumentItemCodec}, and
 * answers with a {@link WriteResult} on {@code sync.results}. Device operations are ignored.
 */
public final class WriterStandIn implements AutoCloseable {

    private final DynamoDbClient dynamo;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong position = new AtomicLong();
    private final AtomicLong imports = new AtomicLong();
    private final Thread thread;

    public WriterStandIn(String bootstrap, DynamoDbClient dynamo) {
        this.dynamo = dynamo;
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "writer-stand-in");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
        this.consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::loop, "writer-stand-in");
        thread.setDaemon(true);
        thread.start();
    }

    /** How many IMPORTs it has seen. */
    public long imports() {
        return imports.get();
    }

    private void loop() {
        consumer.subscribe(List.of(Topics.CHANGES));
        while (running.get()) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                ChangeEvent event = EventJson.read(record.value(), ChangeEvent.class);
                WriteResult result = switch (event.type()) {
                    case IMPORT -> importDocument(event);
                    case DELETE -> delete(event);
                    default -> null;
                };
                if (result != null) {
                    producer.send(new ProducerRecord<>(Topics.RESULTS, event.syncId().toString().getBytes(),
                            EventJson.write(result)));
                }
            }
            producer.flush();
        }
        consumer.close();
    }

    private WriteResult importDocument(ChangeEvent event) {
        imports.incrementAndGet();
        Optional<DocumentItem> existing = get(event.syncId());
        if (existing.isPresent()) {
            DocumentItem doc = existing.get();
            if (doc.appliedOpIds().contains(event.opId().toString())) {
                return result(event, Outcome.DUPLICATE, null, doc.version());
            }
            return result(event, Outcome.REJECTED, doc.deleted()
                    ? ErrorCode.TOMBSTONED
                    : ErrorCode.SYNC_ID_UNAVAILABLE, 0);
        }
        ChangePosition pos = new ChangePosition(0, position.incrementAndGet(), 0);
        Instant now = Instant.now();
        DocumentItem item;
        if (event.document() == null) {
            item = new DocumentItem(event.syncId(), event.userId(), null, null, null, null,
                    event.legacy().createdAt(), event.occurredAt(), 1, null, event.legacy().legacyId(), null, true,
                    event.occurredAt(), event.deviceId(), event.reason(), List.of(event.opId().toString()),
                    event.deviceId(), pos, now.toEpochMilli());
        } else {
            List<Attachment> attachments = new ArrayList<>();
            for (Attachment a : event.document().attachments()) {
                attachments.add(a.withS3Key(AttachmentKeys.key(event.userId(), event.syncId(), a.fileName())));
            }
            item = new DocumentItem(event.syncId(), event.userId(), event.document().title(),
                    event.document().category(), event.document().fields(), attachments, event.legacy().createdAt(),
                    event.occurredAt(), 1, ContentHash.of(event.document()), event.legacy().legacyId(), null, false,
                    null, null, null, List.of(event.opId().toString()), event.deviceId(), pos, now.toEpochMilli());
        }
        dynamo.putItem(b -> b.tableName(DocumentsTable.NAME).item(DocumentItemCodec.toItem(item)));
        return result(event, item.deleted() ? Outcome.DELETED : Outcome.APPLIED, null, 1);
    }

    private WriteResult delete(ChangeEvent event) {
        Optional<DocumentItem> existing = get(event.syncId());
        if (existing.isEmpty() || existing.get().deleted()) {
            return existing.isEmpty()
                    ? result(event, Outcome.REJECTED, ErrorCode.NOT_FOUND, 0)
                    : result(event, Outcome.DUPLICATE, null, existing.get().version());
        }
        DocumentItem doc = existing.get();
        Instant now = Instant.now();
        DocumentItem tombstone = new DocumentItem(doc.syncId(), doc.userId(), null, null, null, null,
                doc.createdAt(), now, doc.version() + 1, null, doc.legacyId(), null, true, now, event.deviceId(),
                event.reason(), List.of(event.opId().toString()), event.deviceId(),
                new ChangePosition(0, position.incrementAndGet(), 0), now.toEpochMilli());
        dynamo.putItem(b -> b.tableName(DocumentsTable.NAME).item(DocumentItemCodec.toItem(tombstone)));
        return result(event, Outcome.DELETED, null, tombstone.version());
    }

    private Optional<DocumentItem> get(SyncId syncId) {
        var response = dynamo.getItem(b -> b.tableName(DocumentsTable.NAME)
                .key(Map.of(DocumentsTable.SYNC_ID, AttributeValue.fromS(syncId.toString())))
                .consistentRead(true));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(DocumentItemCodec.fromItem(response.item()))
                : Optional.empty();
    }

    private static WriteResult result(ChangeEvent event, Outcome outcome, ErrorCode code, long version) {
        return new WriteResult(EventSchema.CURRENT_VERSION, UUID.randomUUID(), event.syncId(), event.userId(),
                event.deviceId(), outcome, code, version, List.of(event.opId()), List.of(), null,
                outcome == Outcome.DELETED ? Instant.now() : null, null, event.reason(), Instant.now());
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
        producer.close();
    }
}
