package io.syncid.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.syncid.model.ConsolidatedOperation;
import io.syncid.model.Outcome;
import io.syncid.model.SyncId;
import io.syncid.model.WriteResult;
import io.syncid.testkit.Dynalite;
import io.syncid.testkit.KafkaBroker;
import io.syncid.testkit.TopicRecords;
import io.syncid.testkit.quarkus.InjectDynalite;
import io.syncid.testkit.quarkus.InjectKafkaBroker;
import io.syncid.writer.service.AppliedOperation;
import io.syncid.writer.support.Ops;
import io.syncid.writer.support.Store;
import io.syncid.writer.support.Topics;

/**
 * dynalite frozen (SIGSTOP) for 30 s in the middle of a stream: consumption pauses and backs off instead of losing or
 * dead-lettering anything, and the whole stream is applied exactly once after it returns.
 */
@QuarkusTest
class DynamoOutageTest {

    private static final int DOCUMENTS = 200;

    @InjectKafkaBroker
    KafkaBroker kafka;

    @InjectDynalite
    Dynalite dynalite;

    @Test
    void aStreamSentWhileDynamoIsFrozenIsAppliedOnceAfterItReturns() throws InterruptedException {
        List<ConsolidatedOperation> creates = new ArrayList<>();
        List<ConsolidatedOperation> updates = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            SyncId id = SyncId.random();
            creates.add(Ops.create(id, "outage-user", "dev-a", "doc " + i));
            updates.add(Ops.update(id, "outage-user", "dev-a", 1, Ops.T0.plusSeconds(1), "doc " + i + " v2"));
        }
        Topics.send(kafka.bootstrapServers(), creates.subList(0, DOCUMENTS / 2), false);
        Store.await("the first half applied", Duration.ofSeconds(60),
                () -> resultIds().containsAll(ids(creates.subList(0, DOCUMENTS / 2))));

        dynalite.pause();
        try {
            Topics.send(kafka.bootstrapServers(), creates.subList(DOCUMENTS / 2, DOCUMENTS), false);
            Topics.send(kafka.bootstrapServers(), updates, true);
            Thread.sleep(30_000);
        } finally {
            dynalite.resume();
        }

        List<ConsolidatedOperation> all = new ArrayList<>(creates);
        all.addAll(updates);
        Store.await("every operation has a result", Duration.ofSeconds(120),
                () -> resultIds().containsAll(ids(all)));
        List<WriteResult> results = Topics.results(kafka.bootstrapServers());
        Set<UUID> wanted = new HashSet<>(ids(updates));
        assertThat(results.stream().filter(r -> wanted.contains(r.resultId())))
                .allSatisfy(r -> {
                    assertThat(r.outcome()).isEqualTo(Outcome.APPLIED);
                    assertThat(r.version()).isEqualTo(2);
                });
        for (ConsolidatedOperation update : updates) {
            assertThat(Store.document(dynalite.client(), update.syncId()).orElseThrow().version()).isEqualTo(2);
            assertThat(Store.outcome(dynalite.client(), update.sourceOpIds().get(0)).orElseThrow().outcome())
                    .isEqualTo(Outcome.APPLIED);
        }
        assertThat(TopicRecords.readAll(kafka.bootstrapServers(),
                io.syncid.model.Topics.dlq(io.syncid.model.Topics.OPERATIONS)).stream()
                .filter(r -> creates.stream().anyMatch(c -> c.syncId().toString().equals(r.key()))))
                .as("an outage is never poison").isEmpty();
    }

    private Set<UUID> resultIds() {
        Set<UUID> ids = new HashSet<>();
        Topics.results(kafka.bootstrapServers()).forEach(r -> ids.add(r.resultId()));
        return ids;
    }

    private static List<UUID> ids(List<ConsolidatedOperation> ops) {
        return ops.stream().map(AppliedOperation::resultId).toList();
    }
}
