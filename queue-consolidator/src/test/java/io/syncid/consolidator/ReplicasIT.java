package io.syncid.consolidator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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
 * Two replicas of the packaged service in one consumer group share the partitions, and one leaving in the middle of
 * a backlog (a scale-in) hands its partitions over: together they lose and duplicate nothing.
 */
class ReplicasIT {

    private static final int PER_ROUND = 5_000;

    @Test
    void twoReplicasShareThePartitionsAndAScaleInLosesAndDuplicatesNothing() {
        try (KafkaBroker broker = KafkaBroker.start(null)) {
            broker.createTopics(Topics.all(), 6);
            String bootstrap = broker.bootstrapServers();
            List<ChangeEvent> first = Events.backlog(PER_ROUND, 500, new Random(1));
            List<ChangeEvent> second = Events.backlog(PER_ROUND, 500, new Random(2));
            List<ChangeEvent> all = new ArrayList<>(first);
            all.addAll(second);

            try (Kafka.Reader reader = new Kafka.Reader(bootstrap, Topics.OPERATIONS);
                    ServiceProcess a = PackagedService.start(bootstrap, "replica-a", 200)) {
                ServiceProcess b = PackagedService.start(bootstrap, "replica-b", 200);
                try {
                    Kafka.send(bootstrap, first);
                    reader.until(new ExactlyOnce.Tally(first, PER_ROUND));
                    // Both took part: the group split the six partitions between them.
                    assertThat(PackagedService.operationsIn(a)).isPositive();
                    assertThat(PackagedService.operationsIn(b)).isPositive();
                    Kafka.send(bootstrap, second);
                } finally {
                    // Scale-in while the second round is being consolidated: b's partitions move to a.
                    b.close();
                }
                reader.until(new ExactlyOnce.Tally(all, 2L * PER_ROUND), Duration.ofSeconds(120));
                ExactlyOnce.check(reader.toEnd(), all);
            }
        }
    }
}
