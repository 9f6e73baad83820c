package io.syncid.consolidator.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.syncid.model.ChangeEvent;

/** The exactly-once check of a run: every opId of the backlog in exactly one committed operation. */
public final class ExactlyOnce {

    private ExactlyOnce() {
    }

    /**
     * Counts, as a reader goes on, how many of the expected opIds the committed records answer for (repeats
     * included); each record is read once.
     */
    public static final class Tally implements Predicate<List<ConsumerRecord<byte[], byte[]>>> {

        private final Set<UUID> expected;
        private final long target;
        private int counted;
        private long seen;

        /** Holds once {@code target} of {@code expected} opIds were seen. */
        public Tally(Collection<ChangeEvent> expected, long target) {
            this.expected = expected.stream().map(ChangeEvent::opId).collect(Collectors.toSet());
            this.target = target;
        }

        @Override
        public boolean test(List<ConsumerRecord<byte[], byte[]>> read) {
            for (; counted < read.size(); counted++) {
                seen += Kafka.operation(read.get(counted)).allOpIds().stream().filter(expected::contains).count();
            }
            return seen >= target;
        }
    }

    /** Asserts that each opId of {@code backlog} appears in exactly one of {@code records}, and nothing else of it. */
    public static void check(List<ConsumerRecord<byte[], byte[]>> records, Collection<ChangeEvent> backlog) {
        Set<UUID> expected = backlog.stream().map(ChangeEvent::opId).collect(Collectors.toSet());
        Set<String> syncIds = backlog.stream().map(e -> e.syncId().toString()).collect(Collectors.toSet());
        Map<UUID, Integer> counts = new HashMap<>();
        records.stream().filter(r -> syncIds.contains(Kafka.key(r)))
                .forEach(r -> Kafka.operation(r).allOpIds().forEach(id -> counts.merge(id, 1, Integer::sum)));
        Map<UUID, Integer> repeated = counts.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(repeated).as("opIds written more than once").isEmpty();
        assertThat(counts.keySet()).as("opIds written").isEqualTo(expected);
    }
}
