package io.syncid.consolidator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.syncid.runtime.kafka.KafkaDefaults;
import io.syncid.testkit.KafkaBroker;
import io.syncid.testkit.quarkus.InjectKafkaBroker;

/**
 * A transaction that holds a group's offsets and never ends stops the group's consumers (UNSTABLE_OFFSET_COMMIT);
 * past the limit, the guard writes an abort marker for it and the consumer reads on. Real broker.
 */
@QuarkusTest
class HangingOffsetsTest {

    private static final Duration LIMIT = Duration.ofSeconds(2);

    @InjectKafkaBroker
    KafkaBroker broker;

    @Test
    void aTransactionHoldingTheGroupsOffsetsPastTheLimitIsAbortedAndTheConsumerReadsOn() throws Exception {
        String topic = "hanging-" + UUID.randomUUID();
        String group = "hanging-group-" + UUID.randomUUID();
        Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
        try (Admin admin = Admin.create(KafkaDefaults.admin(kafka, "hanging-test-admin"))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Map<String, Object> plain = KafkaDefaults.producer(kafka, "hanging-test-plain");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(plain)) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, ("record " + i).getBytes())).get();
            }
        }
        // A producer whose transaction holds the group's offset and is never ended: with a ten-minute timeout, the
        // coordinator would leave it open far longer than this test runs.
        Map<String, Object> stuckProps = KafkaDefaults.producer(kafka, "hanging-test-stuck");
        stuckProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "hanging-test-" + UUID.randomUUID());
        stuckProps.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 600_000);
        AtomicInteger aborted = new AtomicInteger();
        try (KafkaProducer<byte[], byte[]> stuck = new KafkaProducer<>(stuckProps);
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                        KafkaDefaults.consumer(kafka, group, "hanging-test-consumer"));
                HangingOffsets guard = new HangingOffsets(KafkaDefaults.admin(kafka, "hanging-test-guard"), group,
                        "hanging-test", LIMIT, Duration.ofSeconds(15), System::currentTimeMillis,
                        aborted::incrementAndGet)) {
            stuck.initTransactions();
            stuck.beginTransaction();
            stuck.sendOffsetsToTransaction(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0)),
                    new ConsumerGroupMetadata(group));
            consumer.subscribe(List.of(topic));

            // Without the guard the consumer is stuck: no position, nothing read.
            List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
            long until = System.currentTimeMillis() + 2 * LIMIT.toMillis();
            while (System.currentTimeMillis() < until) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
            assertThat(read).as("read while the transaction holds the offsets").isEmpty();
            assertThat(consumer.assignment()).isNotEmpty()
                    .allMatch(tp -> consumer.currentLag(tp).isEmpty(), "has no position");

            long deadline = System.currentTimeMillis() + 60_000;
            while (read.size() < 3 && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                guard.check(consumer);
            }
            assertThat(read).as("read after the guard").hasSize(3);
            assertThat(aborted.get()).as("abort markers written").isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void onlyFinishedOrOverdueTransactionsCountAsHanging() {
        long now = 1_000_000;
        assertThat(HangingOffsets.hanging(null, now, LIMIT)).as("no transaction known: not ours to judge").isFalse();
        assertThat(HangingOffsets.hanging(transaction(TransactionState.COMPLETE_ABORT, now - 10), now, LIMIT))
                .as("finished: its offsets should not be pending").isTrue();
        assertThat(HangingOffsets.hanging(transaction(TransactionState.COMPLETE_COMMIT, now - 10), now, LIMIT))
                .isTrue();
        assertThat(HangingOffsets.hanging(transaction(TransactionState.ONGOING, now - 10), now, LIMIT))
                .as("a young open transaction is left to its producer").isFalse();
        assertThat(HangingOffsets.hanging(transaction(TransactionState.PREPARE_COMMIT, now - 10), now, LIMIT))
                .isFalse();
        assertThat(HangingOffsets.hanging(transaction(TransactionState.ONGOING, now - LIMIT.toMillis()), now,
                LIMIT)).as("open for the whole limit").isTrue();
    }

    private static TransactionDescription transaction(TransactionState state, long startedAt) {
        return new TransactionDescription(1, state, 7, 3, 30_000, OptionalLong.of(startedAt),
                Set.<TopicPartition>of());
    }
}
