package io.syncid.consolidator;

import static io.syncid.consolidator.support.Kafka.header;
import static io.syncid.consolidator.support.Kafka.operation;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.syncid.consolidator.messaging.ConsolidatorLoop;
import io.syncid.consolidator.support.Events;
import io.syncid.consolidator.support.Kafka;
import io.syncid.model.ChangeEvent;
import io.syncid.model.CloudEventHeaders;
import io.syncid.model.ConsolidatedOperation;
import io.syncid.model.ErrorCode;
import io.syncid.model.EventJson;
import io.syncid.model.OperationType;
import io.syncid.model.SyncId;
import io.syncid.model.Topics;
import io.syncid.testkit.KafkaBroker;
import io.syncid.testkit.quarkus.InjectKafkaBroker;

/** The running service against a real broker: backlogs fold, a lone operation passes, poison goes to the DLQ. */
@QuarkusTest
class ConsolidationFlowTest {

    @InjectKafkaBroker
    KafkaBroker broker;

    @Inject
    ConsolidatorLoop loop;

    @Test
    void aBacklogOfOneDeviceBecomesOneOperationPerSyncId() {
        int syncIds = 12;
        int perSyncId = 10;
        List<List<ChangeEvent>> queues = new ArrayList<>();
        for (int i = 0; i < syncIds; i++) {
            SyncId id = SyncId.random();
            List<ChangeEvent> queue = new ArrayList<>();
            queue.add(Events.create(id, "pixel", "v0"));
            for (int v = 1; v < perSyncId; v++) {
                queue.add(Events.op(id, "alice", "pixel", OperationType.UPDATE, 0, "v" + v, v));
            }
            queues.add(queue);
        }
        // The device's flush: its syncIds interleaved, each one's operations in order. Longer than one poll of the
        // test profile (25 records): the loop must read on into the backlog that is already waiting.
        List<ChangeEvent> backlog = interleave(queues, new Random(syncIds));
        Set<String> ours = queues.stream().map(q -> q.get(0).syncId().toString()).collect(Collectors.toSet());

        loop.pause();
        try {
            Kafka.send(broker.bootstrapServers(), backlog);
        } finally {
            loop.resume();
        }

        try (Kafka.Reader reader = new Kafka.Reader(broker.bootstrapServers(), Topics.OPERATIONS)) {
            List<ConsolidatedOperation> out = operationsOf(reader.until(read -> opIdsOf(read, ours).size() == backlog
                    .size()), ours);
            // A poll after the resume may first hand out what a fetch in flight at the pause brought (a prefix of the
            // backlog, with a stale high watermark): that batch is cut short, and everything after it folds in one
            // more batch. Without reading on across polls (25 records each) every syncId would leave ~5 operations.
            assertThat(out).hasSizeLessThanOrEqualTo(2 * syncIds);
            for (List<ChangeEvent> queue : queues) {
                List<ConsolidatedOperation> mine = out.stream().filter(o -> o.syncId().equals(queue.get(0).syncId()))
                        .toList();
                assertThat(mine).hasSizeBetween(1, 2);
                assertThat(mine.get(0).type()).isEqualTo(OperationType.CREATE);
                assertThat(mine.get(mine.size() - 1).document()).isEqualTo(queue.get(perSyncId - 1).document());
                assertThat(mine.stream().flatMap(o -> o.sourceOpIds().stream()).toList())
                        .containsExactlyElementsOf(queue.stream().map(ChangeEvent::opId).toList());
            }
        }
    }

    @Test
    void aLoneOperationPassesStraightThroughWithItsCloudEventsHeaders() {
        ChangeEvent update = Events.update(SyncId.random(), "pixel", 3, "alone");
        Kafka.send(broker.bootstrapServers(), List.of(update));
        try (Kafka.Reader reader = new Kafka.Reader(broker.bootstrapServers(), Topics.OPERATIONS)) {
            ConsumerRecord<byte[], byte[]> record = single(reader.until(read -> !withSyncId(read, update.syncId())
                    .isEmpty()), update.syncId());
            ConsolidatedOperation op = operation(record);
            assertThat(op.sourceOpIds()).containsExactly(update.opId());
            assertThat(op.type()).isEqualTo(OperationType.UPDATE);
            assertThat(op.baseVersion()).isEqualTo(3);
            assertThat(op.document()).isEqualTo(update.document());
            assertThat(Kafka.key(record)).isEqualTo(update.syncId().toString());
            assertThat(header(record, CloudEventHeaders.ID)).isEqualTo(op.operationId().toString());
            assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo(CloudEventHeaders.TYPE_OPERATION);
            assertThat(header(record, CloudEventHeaders.SOURCE)).isEqualTo(ConsolidatorLoop.SOURCE);
            assertThat(header(record, CloudEventHeaders.SUBJECT)).isEqualTo(update.syncId().toString());
            assertThat(header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
        }
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWithTheirHeadersAndTheNextRecordIsProcessed() {
        SyncId syncId = SyncId.random();
        ChangeEvent good = Events.update(syncId, "pixel", 1, "after the poison");
        ChangeEvent mismatched = Events.update(SyncId.random(), "pixel", 1, "wrong key");
        String newerSchema = new String(EventJson.write(Events.update(syncId, "pixel", 1, "v9")),
                StandardCharsets.UTF_8).replace("\"schemaVersion\":1", "\"schemaVersion\":9");
        String garbageId = UUID.randomUUID().toString();
        String newerId = UUID.randomUUID().toString();
        String mismatchedId = UUID.randomUUID().toString();
        try (KafkaProducer<byte[], byte[]> producer = Kafka.producer(broker.bootstrapServers())) {
            // All on the same key, so in one partition, in this order: the good record comes after the poison.
            Kafka.sendAll(producer, List.of(
                    Kafka.raw(syncId.toString(), "{not json".getBytes(StandardCharsets.UTF_8), garbageId),
                    Kafka.raw(syncId.toString(), newerSchema.getBytes(StandardCharsets.UTF_8), newerId),
                    Kafka.raw(syncId.toString(), EventJson.write(mismatched), mismatchedId),
                    Kafka.change(good)));
        }
        try (Kafka.Reader operations = new Kafka.Reader(broker.bootstrapServers(), Topics.OPERATIONS);
                Kafka.Reader dlq = new Kafka.Reader(broker.bootstrapServers(), Topics.dlq(Topics.CHANGES))) {
            ConsolidatedOperation op = operation(single(operations.until(read -> !withSyncId(read, syncId)
                    .isEmpty()), syncId));
            assertThat(op.sourceOpIds()).containsExactly(good.opId());

            Set<String> poisonIds = Set.of(garbageId, newerId, mismatchedId);
            List<ConsumerRecord<byte[], byte[]>> dead = dlq.until(read -> read.stream()
                    .filter(r -> poisonIds.contains(header(r, CloudEventHeaders.ID))).count() == 3)
                    .stream().filter(r -> poisonIds.contains(header(r, CloudEventHeaders.ID))).toList();
            Map<String, ConsumerRecord<byte[], byte[]>> byId = dead.stream()
                    .collect(Collectors.toMap(r -> header(r, CloudEventHeaders.ID), r -> r));
            ConsumerRecord<byte[], byte[]> garbage = byId.get(garbageId);
            assertThat(new String(garbage.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
            assertThat(Kafka.key(garbage)).isEqualTo(syncId.toString());
            assertThat(header(garbage, CloudEventHeaders.TYPE)).isEqualTo(CloudEventHeaders.TYPE_CHANGE);
            assertThat(header(garbage, CloudEventHeaders.DLQ_ERROR_CODE)).isEqualTo(ErrorCode.POISON_RECORD.name());
            assertThat(header(garbage, CloudEventHeaders.DLQ_ERROR_MESSAGE)).contains("not valid JSON");
            assertThat(header(garbage, CloudEventHeaders.DLQ_SOURCE_TOPIC)).isEqualTo(Topics.CHANGES);
            assertThat(header(garbage, CloudEventHeaders.DLQ_SOURCE_PARTITION)).isNotNull();
            assertThat(header(garbage, CloudEventHeaders.DLQ_SOURCE_OFFSET)).isNotNull();
            assertThat(header(byId.get(newerId), CloudEventHeaders.DLQ_ERROR_CODE))
                    .isEqualTo(ErrorCode.UNSUPPORTED_SCHEMA_VERSION.name());
            assertThat(header(byId.get(mismatchedId), CloudEventHeaders.DLQ_ERROR_MESSAGE))
                    .contains("is not its syncId");
        }
    }

    private static List<ChangeEvent> interleave(List<List<ChangeEvent>> queues, Random random) {
        List<Integer> picks = new ArrayList<>();
        for (int i = 0; i < queues.size(); i++) {
            picks.addAll(Collections.nCopies(queues.get(i).size(), i));
        }
        Collections.shuffle(picks, random);
        int[] next = new int[queues.size()];
        List<ChangeEvent> out = new ArrayList<>();
        for (int i : picks) {
            out.add(queues.get(i).get(next[i]++));
        }
        return out;
    }

    private static List<ConsumerRecord<byte[], byte[]>> withSyncId(List<ConsumerRecord<byte[], byte[]>> records,
            SyncId syncId) {
        return records.stream().filter(r -> syncId.toString().equals(Kafka.key(r))).toList();
    }

    private static ConsumerRecord<byte[], byte[]> single(List<ConsumerRecord<byte[], byte[]>> records,
            SyncId syncId) {
        List<ConsumerRecord<byte[], byte[]>> mine = withSyncId(records, syncId);
        assertThat(mine).hasSize(1);
        return mine.get(0);
    }

    private static List<ConsolidatedOperation> operationsOf(List<ConsumerRecord<byte[], byte[]>> records,
            Set<String> syncIds) {
        return records.stream().filter(r -> syncIds.contains(Kafka.key(r))).map(Kafka::operation).toList();
    }

    private static Set<UUID> opIdsOf(List<ConsumerRecord<byte[], byte[]>> records, Set<String> syncIds) {
        Set<UUID> ids = new HashSet<>();
        operationsOf(records, syncIds).forEach(op -> ids.addAll(op.allOpIds()));
        return ids;
    }
}
