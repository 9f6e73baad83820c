package io.syncid.consolidator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.syncid.consolidator.messaging.ConsolidatorLoop;
import io.syncid.consolidator.support.Events;
import io.syncid.consolidator.support.ExactlyOnce;
import io.syncid.consolidator.support.Kafka;
import io.syncid.model.ChangeEvent;
import io.syncid.model.Topics;
import io.syncid.testkit.KafkaBroker;
import io.syncid.testkit.quarkus.InjectKafkaBroker;

/**
 * The broker crashes (SIGKILL) while a backlog is being consolidated and comes back: the loop retries (aborting what
 * it had open), writes every opId exactly once and dead-letters nothing, since an outage is never the records' fault.
 */
@QuarkusTest
class KafkaOutageTest {

    @InjectKafkaBroker
    KafkaBroker broker;

    @Inject
    ConsolidatorLoop loop;

    @Test
    void aBrokerCrashInTheMiddleOfABacklogLosesDuplicatesAndDeadLettersNothing() {
        List<ChangeEvent> backlog = Events.backlog(3_000, 300, new Random(3));
        Set<String> syncIds = backlog.stream().map(e -> e.syncId().toString()).collect(Collectors.toSet());
        loop.pause();
        try {
            Kafka.send(broker.bootstrapServers(), backlog);
        } finally {
            loop.resume();
        }
        broker.kill();
        try {
            Thread.sleep(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        broker.restart();

        try (Kafka.Reader operations = new Kafka.Reader(broker.bootstrapServers(), Topics.OPERATIONS);
                Kafka.Reader dlq = new Kafka.Reader(broker.bootstrapServers(), Topics.dlq(Topics.CHANGES))) {
            operations.until(new ExactlyOnce.Tally(backlog, backlog.size()), Duration.ofSeconds(120));
            ExactlyOnce.check(operations.toEnd(), backlog);
            assertThat(dlq.toEnd()).noneMatch(r -> syncIds.contains(Kafka.key(r)));
        }
        assertThat(loop.alive()).isTrue();
    }
}
