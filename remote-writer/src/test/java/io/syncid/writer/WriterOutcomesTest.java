package io.syncid.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.syncid.model.Attachment;
import io.syncid.model.CloudEventHeaders;
import io.syncid.model.ConsolidatedOperation;
import io.syncid.model.ErrorCode;
import io.syncid.model.OperationType;
import io.syncid.model.Outcome;
import io.syncid.model.SyncId;
import io.syncid.model.WriteResult;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.OperationOutcome;
import io.syncid.testkit.Dynalite;
import io.syncid.testkit.KafkaBroker;
import io.syncid.testkit.S3Server;
import io.syncid.testkit.TopicRecords;
import io.syncid.testkit.quarkus.InjectDynalite;
import io.syncid.testkit.quarkus.InjectKafkaBroker;
import io.syncid.testkit.quarkus.InjectS3Server;
import io.syncid.writer.config.WriterConfig;
import io.syncid.writer.service.AppliedOperation;
import io.syncid.writer.support.Objects;
import io.syncid.writer.support.Ops;
import io.syncid.writer.support.Store;
import io.syncid.writer.support.Topics;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Every outcome of SPEC §7 through the real topics: operations produced to {@code sync.operations}, then what the
 * writer left in {@code Documents}, {@code OperationOutcomes} and {@code sync.results}.
 */
@QuarkusTest
class WriterOutcomesTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @InjectKafkaBroker
    KafkaBroker kafka;

    @InjectDynalite
    Dynalite dynalite;

    @InjectS3Server
    S3Server s3;

    @Inject
    WriterConfig config;

    @Test
    void aCreateInATransactionIsAppliedRecordedAndPublishedWithCloudEventsHeaders() {
        SyncId id = SyncId.random();
        ConsolidatedOperation create = Ops.create(id, "alice", "dev-a", "Home insurance");
        Topics.send(kafka.bootstrapServers(), List.of(create), true);

        WriteResult result = awaitResult(create);
        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(result.version()).isEqualTo(1);
        assertThat(result.sourceOpIds()).isEqualTo(create.sourceOpIds());
        DocumentItem item = Store.document(dynamo(), id).orElseThrow();
        assertThat(item.version()).isEqualTo(1);
        assertThat(item.title()).isEqualTo("Home insurance");
        assertThat(item.contentHash()).isEqualTo(io.syncid.model.ContentHash.of(create.document()));
        assertThat(item.versionDevices()).containsEntry(1L, "dev-a");
        assertThat(item.changePos().sub()).isZero();
        assertThat(outcome(create).outcome()).isEqualTo(Outcome.APPLIED);
        ConsumerRecord<String, byte[]> record = TopicRecords.readAll(kafka.bootstrapServers(),
                io.syncid.model.Topics.RESULTS).stream()
                .filter(r -> result.resultId().toString().equals(TopicRecords.header(r, CloudEventHeaders.ID)))
                .findFirst().orElseThrow();
        assertThat(TopicRecords.header(record, CloudEventHeaders.TYPE)).isEqualTo(CloudEventHeaders.TYPE_RESULT);
        assertThat(TopicRecords.header(record, CloudEventHeaders.SUBJECT)).isEqualTo(id.toString());
        assertThat(TopicRecords.header(record, CloudEventHeaders.SOURCE)).isEqualTo("/remote-writer");
        assertThat(record.key()).isEqualTo(id.toString());
    }

    @Test
    void anUpdateThenADeleteGiveVersionTwoThenATombstoneAndTheSwallowedOpIdsAreTombstoned() {
        SyncId id = SyncId.random();
        ConsolidatedOperation create = Ops.create(id, "alice", "dev-a", "v1");
        ConsolidatedOperation update = Ops.update(id, "alice", "dev-a", 1, Ops.T0.plusSeconds(1), "v2");
        UUID swallowed = UUID.randomUUID();
        ConsolidatedOperation delete = Ops.delete(id, "alice", "dev-a", 2, List.of(swallowed));
        Topics.send(kafka.bootstrapServers(), List.of(create, update, delete), false);

        assertThat(awaitResult(update).version()).isEqualTo(2);
        WriteResult deleted = awaitResult(delete);
        assertThat(deleted.outcome()).isEqualTo(Outcome.DELETED);
        assertThat(deleted.version()).isEqualTo(3);
        assertThat(deleted.deletedBy()).isEqualTo("dev-a");
        assertThat(deleted.deletedAt()).isNotNull();
        DocumentItem tomb = Store.document(dynamo(), id).orElseThrow();
        assertThat(tomb.deleted()).isTrue();
        assertThat(tomb.title()).isNull();
        assertThat(tomb.attachments()).isEmpty();
        assertThat(tomb.version()).isEqualTo(3);
        assertThat(outcome(delete).outcome()).isEqualTo(Outcome.DELETED);
        OperationOutcome rejected = Store.outcome(dynamo(), swallowed).orElseThrow();
        assertThat(rejected.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(rejected.errorCode()).isEqualTo(ErrorCode.TOMBSTONED);
    }

    @Test
    void aTombstoneRejectsAnUpdateAsTombstonedAndTakesASecondDeleteAsDuplicate() {
        SyncId id = SyncId.random();
        ConsolidatedOperation create = Ops.create(id, "alice", "dev-a", "v1");
        ConsolidatedOperation delete = Ops.delete(id, "alice", "dev-a", 1, List.of());
        ConsolidatedOperation lateUpdate = Ops.update(id, "alice", "dev-b", 1, Ops.T0.plusSeconds(9), "late");
        ConsolidatedOperation secondDelete = Ops.delete(id, "alice", "dev-b", 1, List.of());
        Topics.send(kafka.bootstrapServers(), List.of(create, delete, lateUpdate, secondDelete), false);

        WriteResult rejected = awaitResult(lateUpdate);
        assertThat(rejected.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(rejected.errorCode()).isEqualTo(ErrorCode.TOMBSTONED);
        assertThat(outcome(lateUpdate).errorCode()).isEqualTo(ErrorCode.TOMBSTONED);
        assertThat(awaitResult(secondDelete).outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(Store.document(dynamo(), id).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void anotherUsersSyncIdIsRejectedAsNotFoundOrUnavailableAndNothingIsWritten() {
        SyncId id = SyncId.random();
        ConsolidatedOperation create = Ops.create(id, "alice", "dev-a", "mine");
        ConsolidatedOperation theirUpdate = Ops.update(id, "mallory", "dev-m", 1, Ops.T0.plusSeconds(60), "theirs");
        ConsolidatedOperation theirCreate = Ops.create(id, "mallory", "dev-m", "theirs");
        ConsolidatedOperation theirDelete = Ops.delete(id, "mallory", "dev-m", 1, List.of());
        Topics.send(kafka.bootstrapServers(), List.of(create, theirUpdate, theirCreate, theirDelete), false);

        assertThat(awaitResult(theirUpdate).errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(awaitResult(theirCreate).errorCode()).isEqualTo(ErrorCode.SYNC_ID_UNAVAILABLE);
        assertThat(awaitResult(theirDelete).errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(outcome(theirUpdate).errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(outcome(theirUpdate).userId()).isEqualTo("mallory");
        DocumentItem item = Store.document(dynamo(), id).orElseThrow();
        assertThat(item.title()).isEqualTo("mine");
        assertThat(item.version()).isEqualTo(1);
    }

    @Test
    void anUpdateOfAnUnknownSyncIdIsRejectedNotFound() {
        ConsolidatedOperation update = Ops.update(SyncId.random(), "alice", "dev-a", 3, Ops.T0, "ghost");
        Topics.send(kafka.bootstrapServers(), List.of(update), false);
        assertThat(awaitResult(update).errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(outcome(update).errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void afterTransactionalBatchesTheWritersLagReachesZero() {
        // Each transaction ends with a commit marker after its last record: committing only up to the last record
        // would leave a lag of one per partition for ever (KEDA scales on it, the lag alerts read it).
        for (int i = 0; i < 3; i++) {
            ConsolidatedOperation create = Ops.create(SyncId.random(), "lag-user", "dev-a", "doc " + i);
            Topics.send(kafka.bootstrapServers(), List.of(create), true);
            awaitResult(create);
        }
        try (Admin admin = kafka.admin()) {
            Store.await("the writer group's lag on sync.operations back to 0", WAIT, () -> lag(admin) == 0);
        }
    }

    /** End offsets minus the writer group's committed offsets, over the partitions it committed; -1 before any. */
    private long lag(Admin admin) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(config.groupId())
                    .partitionsToOffsetAndMetadata().get();
            if (committed.isEmpty()) {
                return -1;
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            return committed.entrySet().stream()
                    .mapToLong(e -> ends.get(e.getKey()).offset() - e.getValue().offset()).sum();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCreateThenDeleteFoldedIntoOneDeleteRecordsTheTombstone() {
        SyncId id = SyncId.random();
        ConsolidatedOperation folded = Ops.delete(id, "alice", "dev-a", 0, List.of());
        ConsolidatedOperation resent = Ops.create(id, "alice", "dev-a", "back again");
        Topics.send(kafka.bootstrapServers(), List.of(folded, resent), false);

        WriteResult deleted = awaitResult(folded);
        assertThat(deleted.outcome()).isEqualTo(Outcome.DELETED);
        assertThat(deleted.version()).isEqualTo(1);
        assertThat(outcome(folded).outcome()).isEqualTo(Outcome.DELETED);
        assertThat(awaitResult(resent).errorCode()).isEqualTo(ErrorCode.TOMBSTONED);
        DocumentItem tomb = Store.document(dynamo(), id).orElseThrow();
        assertThat(tomb.deleted()).isTrue();
        assertThat(tomb.userId()).isEqualTo("alice");
    }

    @Test
    void theSameOpIdsAgainAreADuplicateAndTheRecordedOutcomeStaysApplied() {
        SyncId id = SyncId.random();
        ConsolidatedOperation create = Ops.create(id, "alice", "dev-a", "v1");
        Topics.send(kafka.bootstrapServers(), List.of(create), false);
        awaitResult(create);
        Topics.send(kafka.bootstrapServers(), List.of(create), false);
        Store.await("a second result for the resent operation", WAIT, () -> results(create).size() == 2);
        assertThat(results(create)).extracting(WriteResult::outcome).containsExactly(Outcome.APPLIED,
                Outcome.DUPLICATE);
        assertThat(outcome(create).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(Store.document(dynamo(), id).orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void twoDevicesFromTheSameBaseVersionInEitherOrderLeaveOneWinnerAndOneCopyNamedByTheStaleOp() {
        for (boolean laterArrivesSecond : List.of(true, false)) {
            SyncId id = SyncId.random();
            ConsolidatedOperation create = Ops.create(id, "alice", "dev-a", "v1");
            // Device a's state has an uploaded attachment and one whose upload has not happened yet.
            byte[] scan = Objects.bytes("scan of page one, order later-second=" + laterArrivesSecond);
            Objects.upload(s3, "alice", id, "scan.png", scan);
            ConsolidatedOperation earlier = Ops.op(id, "alice", "dev-a", OperationType.UPDATE, 1,
                    Ops.T0.plusSeconds(10), Ops.content("from a", List.of(
                            new Attachment("scan.png", "image/png", (long) scan.length, null, null, null),
                            new Attachment("pending.pdf", "application/pdf", 5L, null, null, null))),
                    List.of());
            ConsolidatedOperation later = Ops.update(id, "alice", "dev-b", 1, Ops.T0.plusSeconds(20), "from b");
            List<ConsolidatedOperation> order = laterArrivesSecond
                    ? List.of(create, earlier, later)
                    : List.of(create, later, earlier);
            Topics.send(kafka.bootstrapServers(), order, false);

            ConsolidatedOperation first = order.get(1);
            ConsolidatedOperation stale = order.get(2);
            assertThat(awaitResult(first).outcome()).isEqualTo(Outcome.APPLIED);
            WriteResult conflict = awaitResult(stale);
            assertThat(conflict.outcome()).as("order later-second=" + laterArrivesSecond)
                    .isEqualTo(Outcome.CONFLICT_RESOLVED);
            SyncId copyId = conflict.conflictCopySyncId();
            assertThat(outcome(stale).conflictCopySyncId()).isEqualTo(copyId);
            DocumentItem original = Store.document(dynamo(), id).orElseThrow();
            DocumentItem copy = Store.document(dynamo(), copyId).orElseThrow();
            assertThat(original.title()).as("the later effective time wins the original").isEqualTo("from b");
            assertThat(copy.title()).isEqualTo("from a");
            assertThat(copy.conflictOf()).isEqualTo(id);
            assertThat(copy.userId()).isEqualTo("alice");
            assertThat(copy.version()).isEqualTo(1);
            assertThat(Store.copiesOf(dynamo(), id)).hasSize(1);
            // SPEC §3: the copy's objects live under its own syncId, copied from the original's before it was written.
            assertThat(copy.attachments()).extracting(Attachment::s3Key).as("order later-second=" + laterArrivesSecond)
                    .containsExactly("alice/" + copyId + "/scan.png", "alice/" + copyId + "/pending.pdf");
            assertThat(Objects.read(s3, "alice/" + copyId + "/scan.png")).hasValue(scan);
            assertThat(Objects.read(s3, "alice/" + copyId + "/pending.pdf")).as("never uploaded: nothing to copy")
                    .isEmpty();
            assertThat(Objects.read(s3, "alice/" + id + "/scan.png")).as("the original's object stays").hasValue(scan);
        }
    }

    @Test
    void aDevicesOwnSecondUpdateOnTheSameBaseVersionOrOnZeroAfterItsCreateMakesNoCopy() {
        SyncId id = SyncId.random();
        ConsolidatedOperation create = Ops.create(id, "alice", "dev-a", "v1");
        ConsolidatedOperation zero = Ops.update(id, "alice", "dev-a", 0, Ops.T0.plusSeconds(1), "v2 on zero");
        ConsolidatedOperation first = Ops.update(id, "alice", "dev-a", 2, Ops.T0.plusSeconds(2), "v3");
        ConsolidatedOperation second = Ops.update(id, "alice", "dev-a", 2, Ops.T0.plusSeconds(3), "v4");
        Topics.send(kafka.bootstrapServers(), List.of(create, zero, first, second), false);

        assertThat(awaitResult(zero).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(awaitResult(first).outcome()).isEqualTo(Outcome.APPLIED);
        WriteResult last = awaitResult(second);
        assertThat(last.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(last.version()).isEqualTo(4);
        assertThat(Store.document(dynamo(), id).orElseThrow().title()).isEqualTo("v4");
        assertThat(Store.copiesOf(dynamo(), id)).isEmpty();
    }

    @Test
    void anImportCreatesAFreeSyncIdReportsOnlyToResultsAndIsRefusedOnALiveOne() {
        SyncId id = SyncId.random();
        ConsolidatedOperation imported = Ops.importOf(id, "alice", "legacy doc", 4);
        ConsolidatedOperation again = Ops.importOf(id, "alice", "legacy doc", 4);
        SyncId gone = SyncId.random();
        ConsolidatedOperation deletedLegacy = Ops.importOf(gone, "alice", null, 2);
        Topics.send(kafka.bootstrapServers(), List.of(imported, again, deletedLegacy), false);

        WriteResult applied = awaitResult(imported);
        assertThat(applied.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(applied.version()).isEqualTo(4);
        DocumentItem item = Store.document(dynamo(), id).orElseThrow();
        assertThat(item.legacyId()).isEqualTo("legacy-" + id);
        assertThat(item.createdAt()).isEqualTo(imported.legacy().createdAt());
        assertThat(Store.outcome(dynamo(), imported.sourceOpIds().get(0))).as("IMPORT outcomes: results only")
                .isEmpty();
        assertThat(awaitResult(again).errorCode()).isEqualTo(ErrorCode.SYNC_ID_UNAVAILABLE);
        assertThat(awaitResult(deletedLegacy).outcome()).isEqualTo(Outcome.DELETED);
        assertThat(Store.document(dynamo(), gone).orElseThrow().deleted()).isTrue();
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicWithHeadersAndTheNextRecordIsApplied() {
        SyncId id = SyncId.random();
        ConsolidatedOperation next = Ops.create(id, "alice", "dev-a", "after poison");
        String poisonId = UUID.randomUUID().toString();
        Topics.sendRaw(kafka.bootstrapServers(), List.of(
                Topics.record(id.toString(), "{\"schemaVersion\":1,\"not\":\"an operation\"".getBytes(), poisonId),
                Topics.record(id.toString(), io.syncid.model.EventJson.write(next), next.operationId().toString())),
                false);

        assertThat(awaitResult(next).outcome()).isEqualTo(Outcome.APPLIED);
        AtomicReference<ConsumerRecord<String, byte[]>> dead = new AtomicReference<>();
        Store.await("the poison record on sync.operations.dlq", WAIT, () -> {
            TopicRecords
                    .readAll(kafka.bootstrapServers(), io.syncid.model.Topics.dlq(io.syncid.model.Topics.OPERATIONS))
                    .stream().filter(r -> poisonId.equals(TopicRecords.header(r, CloudEventHeaders.ID)))
                    .findFirst().ifPresent(dead::set);
            return dead.get() != null;
        });
        ConsumerRecord<String, byte[]> record = dead.get();
        assertThat(TopicRecords.header(record, CloudEventHeaders.DLQ_ERROR_CODE)).isNotBlank();
        assertThat(TopicRecords.header(record, CloudEventHeaders.DLQ_ERROR_MESSAGE)).isNotBlank();
        assertThat(TopicRecords.header(record, CloudEventHeaders.DLQ_SOURCE_TOPIC))
                .isEqualTo(io.syncid.model.Topics.OPERATIONS);
        assertThat(record.key()).isEqualTo(id.toString());
    }

    private DynamoDbClient dynamo() {
        return dynalite.client();
    }

    private OperationOutcome outcome(ConsolidatedOperation op) {
        return Store.outcome(dynamo(), op.sourceOpIds().get(0)).orElseThrow();
    }

    private List<WriteResult> results(ConsolidatedOperation op) {
        UUID resultId = AppliedOperation.resultId(op);
        return Topics.results(kafka.bootstrapServers()).stream().filter(r -> r.resultId().equals(resultId)).toList();
    }

    private WriteResult awaitResult(ConsolidatedOperation op) {
        AtomicReference<WriteResult> found = new AtomicReference<>();
        Store.await("a result for " + op.type() + " " + op.syncId(), WAIT, () -> {
            List<WriteResult> r = results(op);
            if (!r.isEmpty()) {
                found.set(r.get(0));
            }
            return found.get() != null;
        });
        return found.get();
    }
}
