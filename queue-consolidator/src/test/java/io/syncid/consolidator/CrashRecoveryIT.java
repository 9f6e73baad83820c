package io.syncid.consolidator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.syncid.consolidator.support.Events;
import io.syncid.consolidator.support.ExactlyOnce;
import io.syncid.consolidator.support.Kafka;
import io.syncid.consolidator.support.PackagedService;
import io.syncid.model.ChangeEvent;
import io.syncid.model.Topics;
import io.syncid.testkit.KafkaBroker;
import io.syncid.testkit.ServiceProcess;

/**
 * The packaged service SIGKILLed in the middle of a backlog and started again: every opId appears on
 * {@code sync.operations} (read_committed) exactly once — nothing of the killed transaction, nothing lost.
 */
class CrashRecoveryIT {

    private static final int OPERATIONS = 20_000;

    @Test
    void killedInTheMiddleOfABacklogAndRestartedWritesEveryOpIdExactlyOnce() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(null)) {
            broker.createTopics(Topics.all(), 6);
            String bootstrap = broker.bootstrapServers();
            List<ChangeEvent> backlog = Events.backlog(OPERATIONS, 2_000, new Random(OPERATIONS));

            try (Kafka.Reader reader = new Kafka.Reader(bootstrap, Topics.OPERATIONS)) {
                long committedAtKill;
                // Small batches: many transactions, so the kill lands inside the backlog, not after it.
                try (ServiceProcess first = PackagedService.start(bootstrap, "crash", 50)) {
                    Kafka.send(bootstrap, backlog);
                    reader.until(new ExactlyOnce.Tally(backlog, 1));
                    first.kill();
                    assertThat(first.isAlive()).isFalse();
                }
                committedAtKill = committed(broker);
                assertThat(committedAtKill).as("records committed when the service was killed")
                        .isLessThan(OPERATIONS);

                // The same replica name, as a restarted container keeps its pod name: its open transaction is
                // aborted at once by the new producer.
                try (ServiceProcess second = PackagedService.start(bootstrap, "crash", 20_000)) {
                    reader.until(new ExactlyOnce.Tally(backlog, OPERATIONS), Duration.ofSeconds(120));
                    ExactlyOnce.check(reader.toEnd(), backlog);
                    assertThat(committed(broker)).isEqualTo(OPERATIONS);
                }
            }
        }
    }

    /** Offsets the consumer group committed on {@code sync.changes}, summed over partitions. */
    private static long committed(KafkaBroker broker) throws Exception {
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("queue-consolidator")
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            // Only this test writes the topic, from offset 0: the sum is the count of records consumed.
            return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        }
    }
}
